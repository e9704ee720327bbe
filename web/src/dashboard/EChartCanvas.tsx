import { BarChart, CustomChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts and components the dashboard draws: the chunk stays a fraction of full ECharts.
echarts.use([
  BarChart,
  LineChart,
  MapChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkAreaComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

export type EChartProps = {
  option: Record<string, unknown>;
  height: number;
  /** A GeoJSON FeatureCollection the option's map series names (registered before drawing). */
  map?: { name: string; geoJson: unknown };
  'data-testid'?: string;
};

/** One ECharts canvas that follows its option and its container's width. */
export default function EChartCanvas({ option, height, map, 'data-testid': testId }: EChartProps) {
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

  // Options are rebuilt on every render of the page; redraw (and animate) only when they change.
  const latest = useRef(option);
  latest.current = option;
  const optionKey = JSON.stringify(option);
  useEffect(() => {
    if (map) echarts.registerMap(map.name, map.geoJson as never);
    chart.current?.setOption(latest.current as ChartOption, { notMerge: true });
  }, [optionKey, map?.name, map?.geoJson]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
