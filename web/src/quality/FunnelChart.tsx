import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Funnel, FunnelPoint } from './qualityApi.js';
import { formatNumber, formatP, formatPercent } from './qualityFormat.js';

echarts.use([ScatterChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const COLOURS = {
  inside: '#1f6fd1',
  outside95: '#fa8c16',
  outside998: '#cf1322',
  l95: '#52c41a',
  l998: '#cf1322',
  centre: '#595959',
};

/**
 * The funnel plot: each unit a point (x: births or population, y: share of boys or birth rate),
 * the county's figure as the centre line and the 95% and 99.8% limits narrowing as x grows.
 * Clicking a point calls `onPick` with its unit.
 */
export function FunnelChart({ funnel, onPick }: { funnel: Funnel; onPick: (p: FunnelPoint) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const share = funnel.measure === 'sexRatio';
  const fmt = (v: number | null | undefined) => (share ? formatPercent(v) : `${formatNumber(v, 2)}‰`);

  const option = useMemo(() => {
    const pointsOf = (position: FunnelPoint['position']) =>
      funnel.points.filter((p) => p.position === position).map((p) => ({ value: [p.x, p.value], point: p }));
    const line = (name: string, key: 'lower95' | 'upper95' | 'lower998' | 'upper998', colour: string) => ({
      name,
      type: 'line' as const,
      showSymbol: false,
      smooth: true,
      silent: true,
      lineStyle: { color: colour, type: 'dashed' as const, width: 1.5 },
      itemStyle: { color: colour },
      data: funnel.curve.map((c) => [c.x, c[key]]),
    });
    const xs = funnel.curve.map((c) => c.x);
    const centreLine = xs.length
      ? [
          [xs[0], funnel.centre],
          [xs[xs.length - 1], funnel.centre],
        ]
      : [];
    const l95 = t('quality.funnel.limit95');
    const l998 = t('quality.funnel.limit998');
    return {
      animation: false,
      grid: { left: 64, right: 24, top: 48, bottom: 56 },
      legend: {
        top: 0,
        data: [t('quality.funnel.inside'), t('quality.funnel.outside95'), t('quality.funnel.outside998'), l95, l998],
      },
      tooltip: {
        trigger: 'item' as const,
        formatter: (params: { data?: { point?: FunnelPoint } }) => {
          const p = params.data?.point;
          if (!p) return '';
          return t('quality.funnel.tooltip', {
            unit: p.unitName,
            value: fmt(p.value),
            x: formatNumber(p.x, 0),
            z: formatNumber(p.z, 2),
            p: formatP(p.p),
          });
        },
      },
      xAxis: {
        type: 'log' as const,
        name: share ? t('quality.funnel.xBirths') : t('quality.funnel.xPopulation'),
        nameLocation: 'middle' as const,
        nameGap: 32,
        logBase: 10,
        min: xs.length ? xs[0] : undefined,
        max: xs.length ? xs[xs.length - 1] : undefined,
      },
      yAxis: {
        type: 'value' as const,
        name: share ? t('quality.funnel.yShare') : t('quality.funnel.yRate'),
        min: share ? 0 : undefined,
        max: share ? 1 : undefined,
        axisLabel: { formatter: (v: number) => (share ? `${Math.round(v * 100)}%` : String(v)) },
      },
      series: [
        {
          name: t('quality.funnel.county', { value: fmt(funnel.centre) }),
          type: 'line' as const,
          showSymbol: false,
          silent: true,
          lineStyle: { color: COLOURS.centre, width: 2 },
          itemStyle: { color: COLOURS.centre },
          data: centreLine,
        },
        line(l95, 'upper95', COLOURS.l95),
        line(l95, 'lower95', COLOURS.l95),
        line(l998, 'upper998', COLOURS.l998),
        line(l998, 'lower998', COLOURS.l998),
        {
          name: t('quality.funnel.inside'),
          type: 'scatter' as const,
          symbolSize: 9,
          itemStyle: { color: COLOURS.inside, opacity: 0.75 },
          data: pointsOf('inside'),
          cursor: 'pointer',
        },
        {
          name: t('quality.funnel.outside95'),
          type: 'scatter' as const,
          symbolSize: 11,
          itemStyle: { color: COLOURS.outside95 },
          data: pointsOf('outside95'),
          cursor: 'pointer',
        },
        {
          name: t('quality.funnel.outside998'),
          type: 'scatter' as const,
          symbolSize: 13,
          itemStyle: { color: COLOURS.outside998 },
          data: pointsOf('outside998'),
          cursor: 'pointer',
        },
      ],
    };
    // fmt depends only on the measure and the language
  }, [funnel, t]);

  useEffect(() => {
    const el = ref.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (e) => {
      const p = (e.data as { point?: FunnelPoint } | undefined)?.point;
      if (p) pick.current(p);
    });
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

  return <div ref={ref} style={{ width: '100%', height: 460 }} data-testid="funnel-chart" />;
}
