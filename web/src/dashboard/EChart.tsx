import { BarChart, CustomChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts and components the dashboard draws: the chunk stays a fraction of full ECharts.
echarts.use([BarChart, LineChart, MapChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkAreaComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

/** One ECharts canvas that follows its option and its container's width. */
export function EChart({ option, height, 'data-testid': testId }: { option: ChartOption; height: number; 'data-testid'?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
