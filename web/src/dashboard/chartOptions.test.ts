import { describe, expect, it } from 'vitest';
import type { Figure, PyramidAnswer, SeriesAnswer } from '../indicators/indicatorApi.js';
import {
  axisCap,
  birthsByMonthOption,
  compareOption,
  niceCeil,
  pyramidOption,
  sortForComparison,
  trendOption,
} from './chartOptions.js';

const figure = (
  value: number | null,
  lower: number | null,
  upper: number | null,
  status: Figure['status'] = null,
): Figure => ({
  code: 'crudeBirthRate',
  version: 1,
  nameZh: '出生率',
  nameEn: 'crude birth rate',
  unit: '‰',
  decimals: 2,
  normalRange: null,
  value,
  lower,
  upper,
  numerator: 1,
  denominator: 100,
  parts: {},
  status,
  published: null,
});

type Series = Array<{ data: unknown[] }>;

describe('the dashboard charts', () => {
  it('draws the pyramid with men to the left and women to the right', () => {
    const pyramid: PyramidAnswer = {
      unit: { id: '430623', name: '华容县', level: 'county' },
      date: '2025-12-31',
      total: 30,
      groups: [
        { ageGroup: '0-4', male: 10, female: 8, unknown: 0 },
        { ageGroup: '5-9', male: 5, female: 7, unknown: 0 },
      ],
    };
    const option = pyramidOption(pyramid, { male: '男', female: '女' }) as {
      series: Series;
      xAxis: { min: number; max: number };
    };
    expect(option.series[0]!.data).toEqual([-10, -5]);
    expect(option.series[1]!.data).toEqual([8, 7]);
    expect(option.xAxis).toMatchObject({ min: -10, max: 10 });
  });

  it('puts the highest unit first and the ones without a value last', () => {
    const rows = [
      { id: 'a', name: 'A', figure: figure(5, 2, 9) },
      { id: 'b', name: 'B', figure: figure(null, null, null) },
      { id: 'c', name: 'C', figure: figure(12, 8, 16) },
    ];
    expect(sortForComparison(rows).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    // Category axes draw from the bottom up: the chart lists them reversed.
    const option = compareOption(rows, { value: '出生率', interval: '95%', range: '' }) as {
      yAxis: { data: string[] };
      series: Series;
    };
    expect(option.yAxis.data).toEqual(['B', 'A', 'C']);
    expect(option.series[1]!.data).toEqual([
      [0, null, 20],
      [1, 2, 9],
      [2, 8, 16],
    ]);
  });

  it("keeps the bars readable when a tiny village's interval is huge", () => {
    expect(niceCeil(13.7)).toBe(20);
    expect(niceCeil(241)).toBe(250);
    expect(axisCap([figure(14, 3, 40), figure(2, 0.1, 1292)])).toBe(50);
    expect(axisCap([figure(0, 0, 300)])).toBe(500);
  });

  it('shades the interval as a band stacked on the lower bound', () => {
    const series: SeriesAnswer = {
      unit: { id: '430623', name: '华容县', level: 'county' },
      code: 'sexRatioAtBirth',
      nameZh: '出生性别比',
      unitOfMeasure: 'ratio',
      normalRange: { low: 103, high: 107, noteZh: '' },
      points: [
        {
          period: { code: '2024', start: '2024-01-01', end: '2024-12-31', running: false },
          value: 105,
          lower: 90,
          upper: 120,
          numerator: 21,
          denominator: 20,
          parts: {},
          status: 'normal',
        },
        {
          period: { code: '2025', start: '2025-01-01', end: '2025-12-31', running: false },
          value: null,
          lower: null,
          upper: null,
          numerator: 0,
          denominator: 0,
          parts: {},
          status: null,
        },
      ],
    };
    const option = trendOption(series, { value: '出生性别比', interval: '95%', range: '正常值域' }) as {
      series: Series;
    };
    expect(option.series[0]!.data).toEqual([90, null]);
    expect(option.series[1]!.data).toEqual([30, null]);
    expect(option.series[2]!.data).toEqual([105, null]);
  });

  it('counts births per month of the year and of the year before', () => {
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
    const point = (code: string, births: number) => ({
      period: { code, start: '', end: '', running: false },
      value: null,
      lower: null,
      upper: null,
      numerator: 0,
      denominator: 0,
      parts: { births },
      status: null,
    });
    const option = birthsByMonthOption([point('2024-03', 2), point('2025-01', 3), point('2025-12', 1)], 2025, {
      months,
      thisYear: '2025',
      lastYear: '2024',
    }) as { series: Series };
    expect(option.series[0]!.data[0]).toBe(3);
    expect(option.series[0]!.data[11]).toBe(1);
    expect(option.series[1]!.data[2]).toBe(2);
    expect(option.series[0]!.data[5]).toBeNull();
  });
});
