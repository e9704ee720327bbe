/**
 * The dashboard's chart options, built from API answers by pure functions (tested without a
 * browser). Labels come in translated; numbers are formatted with the figure's own decimals.
 */
import { formatInterval, formatValue } from '../indicators/format.js';
import type { Figure, FigureStatus, PyramidAnswer, SeriesAnswer, SeriesPoint } from '../indicators/indicatorApi.js';

type Option = Record<string, unknown>;

const STATUS_HEX: Record<FigureStatus, string> = {
  normal: '#52c41a',
  uncertain: '#faad14',
  high: '#f5222d',
  low: '#fa541c',
};
export const statusHex = (s: FigureStatus | null) => (s ? STATUS_HEX[s] : '#1f6fd1');

const unitOf = (s: SeriesAnswer) => ({
  unit: s.unitOfMeasure,
  decimals: s.unitOfMeasure === 'ratio' ? 2 : s.unitOfMeasure === 'perWoman' ? 2 : s.unitOfMeasure === '%' ? 1 : 2,
});

/**
 * A yearly trend: the value as a line, its 95% interval as a shaded band (a transparent lower
 * line with the interval's width stacked on it), the normal range as a green strip.
 */
export function trendOption(series: SeriesAnswer, labels: { value: string; interval: string; range: string }): Option {
  const fmt = unitOf(series);
  const periods = series.points.map((p) => p.period.code);
  const lower = series.points.map((p) => (p.value === null ? null : (p.lower ?? p.value)));
  const width = series.points.map((p) =>
    p.value === null ? null : p.upper === null ? null : p.upper - (p.lower ?? p.value),
  );
  const range = series.normalRange;
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const p = series.points[items[0]?.dataIndex ?? 0];
        if (!p) return '';
        return `${p.period.code}<br/>${labels.value}: <b>${formatValue(p.value, fmt)}</b><br/>${labels.interval}: ${formatInterval({ ...p, ...fmt })}`;
      },
    },
    legend: { top: 0, data: [labels.value, labels.interval] },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    series: [
      {
        name: 'lower',
        type: 'line',
        data: lower,
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        name: labels.interval,
        type: 'line',
        data: width,
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(31,111,209,0.15)' },
        itemStyle: { color: 'rgba(31,111,209,0.3)' },
      },
      {
        name: labels.value,
        type: 'line',
        data: series.points.map((p) => p.value),
        symbolSize: 6,
        itemStyle: { color: '#1f6fd1' },
        lineStyle: { width: 2 },
        markArea:
          range && range.low !== null && range.high !== null
            ? {
                silent: true,
                itemStyle: { color: 'rgba(82,196,26,0.10)' },
                label: {
                  show: true,
                  position: 'insideTopLeft',
                  color: '#389e0d',
                  formatter: `${labels.range} ${range.low}–${range.high}`,
                },
                data: [[{ yAxis: range.low }, { yAxis: range.high }]],
              }
            : undefined,
      },
    ],
  };
}

/** The population pyramid: men to the left (negative bars), women to the right, youngest at the bottom. */
export function pyramidOption(pyramid: PyramidAnswer, labels: { male: string; female: string }): Option {
  const groups = pyramid.groups;
  const max = Math.max(1, ...groups.map((g) => Math.max(g.male, g.female)));
  return {
    grid: { left: 56, right: 24, top: 28, bottom: 24 },
    legend: { top: 0, data: [labels.male, labels.female] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const g = groups[items[0]?.dataIndex ?? 0];
        return g ? `${g.ageGroup}<br/>${labels.male}: ${g.male}<br/>${labels.female}: ${g.female}` : '';
      },
    },
    xAxis: {
      type: 'value',
      min: -max,
      max,
      axisLabel: { formatter: (v: number) => String(Math.abs(v)) },
      splitLine: { lineStyle: { color: '#f0f0f0' } },
    },
    yAxis: { type: 'category', data: groups.map((g) => g.ageGroup), axisTick: { show: false } },
    series: [
      {
        name: labels.male,
        type: 'bar',
        stack: 'p',
        data: groups.map((g) => -g.male),
        itemStyle: { color: '#4a90d9' },
        barCategoryGap: '15%',
      },
      {
        name: labels.female,
        type: 'bar',
        stack: 'p',
        data: groups.map((g) => g.female),
        itemStyle: { color: '#e8749a' },
      },
    ],
  };
}

/** Births per month: the chosen year as bars, the year before as a line. */
export function birthsByMonthOption(
  points: SeriesPoint[],
  year: number,
  labels: { months: string[]; thisYear: string; lastYear: string },
): Option {
  const births = (y: number) =>
    labels.months.map((_, i) => {
      const p = points.find((x) => x.period.code === `${y}-${String(i + 1).padStart(2, '0')}`);
      return p ? (p.parts.births ?? 0) : null;
    });
  return {
    grid: { left: 36, right: 16, top: 32, bottom: 24 },
    legend: { top: 0, data: [labels.thisYear, labels.lastYear] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: labels.months },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    series: [
      { name: labels.thisYear, type: 'bar', data: births(year), itemStyle: { color: '#1f6fd1' } },
      {
        name: labels.lastYear,
        type: 'line',
        data: births(year - 1),
        itemStyle: { color: '#aaa' },
        lineStyle: { type: 'dashed' },
        symbolSize: 4,
      },
    ],
  };
}

export type CompareRow = { id: string; name: string; figure: Figure };

/** A round number just above a, b × 10^k with b in 1, 2, 2.5, 5, 10. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const k = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((b) => b * k >= x) ?? 10) * k;
}

/**
 * The end of the comparison's value axis: far enough for every value and interval, but no more
 * than three times the largest value, so that tiny units' wide intervals do not squash the bars.
 */
export function axisCap(figures: Figure[]): number {
  const values = figures.map((f) => f.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const uppers = figures.map((f) => f.upper).filter((v): v is number => v !== null && Number.isFinite(v));
  const top = Math.max(0, ...values);
  const reach = Math.max(top, ...uppers);
  return niceCeil(top > 0 ? Math.min(reach, top * 3) : reach || 1);
}

/** Rows with a value, sorted from the highest value down; rows without one go last. */
export function sortForComparison(rows: CompareRow[]): CompareRow[] {
  return [...rows].sort(
    (a, b) => (b.figure.value ?? -Infinity) - (a.figure.value ?? -Infinity) || a.id.localeCompare(b.id),
  );
}

/**
 * Units side by side: a horizontal bar per unit (highest at the top), coloured by status, with its
 * 95% interval as a whisker and the normal range as a strip.
 */
export function compareOption(rows: CompareRow[], labels: { value: string; interval: string; range: string }): Option {
  const sorted = sortForComparison(rows).reverse(); // category axes draw bottom-up
  const first = rows[0]?.figure;
  const range = first?.normalRange;
  const cap = axisCap(rows.map((r) => r.figure));
  return {
    grid: { left: 96, right: 32, top: 16, bottom: 24 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = sorted[p.dataIndex];
        if (!r) return '';
        const f = r.figure;
        return `${r.name}<br/>${labels.value}: <b>${formatValue(f.value, f)}</b><br/>${labels.interval}: ${formatInterval(f)}<br/>${f.numerator ?? '—'} / ${f.denominator ?? '—'}`;
      },
    },
    xAxis: { type: 'value', scale: false, max: cap, splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: {
      type: 'category',
      data: sorted.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { width: 88, overflow: 'truncate' },
    },
    series: [
      {
        name: labels.value,
        type: 'bar',
        data: sorted.map((r) => ({ value: r.figure.value, itemStyle: { color: statusHex(r.figure.status) } })),
        barMaxWidth: 16,
        markArea:
          range && range.low !== null && range.high !== null
            ? {
                silent: true,
                itemStyle: { color: 'rgba(82,196,26,0.12)' },
                data: [[{ xAxis: range.low }, { xAxis: range.high }]],
              }
            : undefined,
      },
      {
        name: labels.interval,
        type: 'custom',
        // Whiskers longer than the axis (a village with one birth) stop at its end.
        data: sorted.map((r, i) => [i, r.figure.lower ?? r.figure.value, Math.min(cap, r.figure.upper ?? cap)]),
        renderItem: (
          _params: unknown,
          api: {
            value: (i: number) => number;
            coord: (p: [number, number]) => [number, number];
            size: (p: [number, number]) => [number, number];
          },
        ) => {
          const i = api.value(0);
          const lo = api.value(1);
          const hi = api.value(2);
          if (lo === null || hi === null || Number.isNaN(lo) || Number.isNaN(hi)) return null;
          const a = api.coord([lo, i]);
          const b = api.coord([hi, i]);
          const h = api.size([0, 1])[1] * 0.25;
          const style = { stroke: '#333', lineWidth: 1.2 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
              { type: 'line', shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style },
              { type: 'line', shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style },
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
        z: 3,
        tooltip: { show: false },
      },
    ],
  };
}

/** A choropleth of units (registered as map `mapName`, features named by unitId) coloured by value. */
export function choroplethOption(
  mapName: string,
  rows: CompareRow[],
  labels: { value: string; interval: string; noData: string; showNames: boolean },
): Option {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const values = rows.map((r) => r.figure.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => {
        const r = byId.get(p.name);
        if (!r) return p.name;
        const f = r.figure;
        return f.value === null
          ? `${r.name}<br/>${labels.noData}`
          : `${r.name}<br/>${labels.value}: <b>${formatValue(f.value, f)}</b><br/>${labels.interval}: ${formatInterval(f)}`;
      },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max === min ? min + 1 : max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemWidth: 12,
      itemHeight: 160,
      text: [String(Math.round(max * 100) / 100), String(Math.round(min * 100) / 100)],
      inRange: { color: ['#eaf3fb', '#8ec1e6', '#2b7bc0', '#0b3f7a'] },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'unitId',
        roam: false,
        top: 8,
        bottom: 40,
        label: {
          show: labels.showNames,
          fontSize: 10,
          color: '#222',
          formatter: (p: { name: string }) => byId.get(p.name)?.name ?? '',
        },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
        itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#f0f0f0' },
        data: rows.map((r) => ({ name: r.id, value: r.figure.value ?? undefined })),
      },
    ],
  };
}
