import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatFigure,
  formatInterval,
  isImprecise,
  paginate,
  summaryLines,
  TABLE_COLUMNS,
  tableCell,
  type ReportFigure,
  type ReportRow,
} from './annualReport.layout.js';

const figure = (over: Partial<ReportFigure>): ReportFigure => ({
  code: 'crudeBirthRate',
  version: 1,
  nameZh: '出生率',
  unit: '‰',
  decimals: 2,
  value: 11.31,
  lower: 8.04,
  upper: 15.46,
  numerator: 39,
  denominator: 3447.5,
  parts: {},
  status: null,
  normalRange: null,
  source: 'computed',
  publishedAt: null,
  computedNow: null,
  imprecise: false,
  ...over,
});

describe('small numbers', () => {
  it('a county-sized figure is not marked; a village with 19 births is', () => {
    expect(isImprecise({ value: 105.99, lower: 101.93, upper: 110.21 })).toBe(false);
    expect(isImprecise({ value: 105.26, lower: 56.74, upper: 195.29 })).toBe(true);
  });

  it('a zero with an interval above it, and a zero with no events at all, are marked; no value is a dash, not a mark', () => {
    expect(isImprecise({ value: 0, lower: 0, upper: 89.67 })).toBe(true);
    expect(isImprecise({ value: 0, lower: 0, upper: 0 })).toBe(true);
    expect(isImprecise({ value: null, lower: null, upper: null })).toBe(false);
    expect(formatFigure(figure({ value: null, lower: null, upper: null }))).toBe('—');
    expect(formatInterval(figure({ value: null }))).toBe('—');
  });

  it('the mark follows the printed value, rounded as the definition says', () => {
    expect(formatFigure(figure({ value: 3.4811, lower: -1.14, upper: 8.1, imprecise: true }))).toBe('3.48*');
    expect(formatFigure(figure({ value: 11.305 }))).toBe('11.31');
    expect(formatInterval(figure({}))).toBe('8.04–15.46');
    expect(formatCount(730123)).toBe('730,123');
  });
});

const row = (figures: ReportFigure[], published: ReportRow['published'] = 'none'): ReportRow => ({
  unit: { id: '430623101208', name: '新铺村', level: 'village' },
  figures: Object.fromEntries(figures.map((f) => [f.code, f])),
  counts: {
    populationStart: 121,
    populationEnd: 122,
    meanPopulation: 121.5,
    births: 2,
    birthsMale: 2,
    birthsFemale: 0,
    deaths: 1,
  },
  published,
});

describe('the summary and the tables', () => {
  it('the summary lists the speech’s figures in order, published ones say so', () => {
    const sex = figure({
      code: 'sexRatioAtBirth',
      nameZh: '出生性别比',
      unit: 'ratio',
      value: 106.14,
      lower: 101.9,
      upper: 110.2,
      status: 'normal',
      normalRange: { low: 103, high: 107, noteZh: '正常值域 103–107' },
      source: 'published',
      computedNow: 106.5,
    });
    const lines = summaryLines(row([sex, figure({})]), 2016);
    expect(lines.map((l) => l.key).slice(0, 9)).toEqual([
      'populationStart',
      'populationEnd',
      'meanPopulation',
      'births',
      'birthsMale',
      'birthsFemale',
      'sexRatioAtBirth',
      'deaths',
      'naturalGrowthRate',
    ]);
    expect(lines[0]!.label).toBe('年初人口（2015年12月31日）');
    const s = lines.find((l) => l.key === 'sexRatioAtBirth')!;
    expect(s).toMatchObject({
      value: 106.14,
      text: '106.14',
      unit: '女=100',
      interval: '101.90–110.20',
      source: 'published',
    });
    expect(s.note).toContain('正常值域 103–107');
    expect(s.note).toContain('按现有记录重算为 106.50（以发布值为准）');
    // A figure the computation did not give is a dash, never a zero.
    expect(lines.find((l) => l.key === 'totalFertilityRate')).toMatchObject({ value: null, text: '—' });
  });

  it('the year before stands beside each line, counts and figures alike', () => {
    const now = row([figure({ value: 11.31 })]);
    const before = {
      ...row([figure({ value: 9.876, imprecise: true })]),
      counts: { ...now.counts, births: 30, meanPopulation: 3440.5 },
    };
    const lines = summaryLines(now, 2016, before);
    expect(lines.find((l) => l.key === 'births')).toMatchObject({ value: 2, previous: 30, previousText: '30' });
    expect(lines.find((l) => l.key === 'meanPopulation')).toMatchObject({ previous: 3440.5, previousText: '3,440.5' });
    expect(lines.find((l) => l.key === 'crudeBirthRate')).toMatchObject({
      value: 11.31,
      previous: 9.88,
      previousText: '9.88*',
    });
    expect(lines.find((l) => l.key === 'totalFertilityRate')).toMatchObject({ previous: null, previousText: '—' });
    // Without the year before (2000 is the first year), the column is empty.
    expect(summaryLines(now, 2000).every((l) => l.previous === null && l.previousText === '')).toBe(true);
  });

  it('a table row holds rounded numbers for the spreadsheet and marked text for the page', () => {
    const r = row([figure({ value: 16.4609, lower: 2, upper: 59.4, imprecise: true })], 'all');
    const byKey = Object.fromEntries(TABLE_COLUMNS.map((c) => [c.key, tableCell(r, c)]));
    expect(byKey.name).toMatchObject({ value: '新铺村', text: '新铺村' });
    expect(byKey.crudeBirthRate).toEqual({ value: 16.46, text: '16.46*', imprecise: true });
    expect(byKey.populationEnd).toMatchObject({ value: 122, text: '122' });
    expect(byKey.sexRatioAtBirth).toEqual({ value: null, text: '—', imprecise: false });
    expect(byKey.published!.text).toBe('已发布');
  });

  it('the tables fit A4 landscape (770 points between the margins)', () => {
    expect(TABLE_COLUMNS.reduce((s, c) => s + c.pdfWidth, 0)).toBeLessThanOrEqual(770);
  });
});

describe('pages', () => {
  const rows = (n: number, height = 10) => Array.from({ length: n }, () => ({ height }));

  it('rows break across pages, each page keeping room for the repeated header', () => {
    // First page: 100 − 20 header = 8 rows; next pages: 200 − 20 = 18 rows.
    const pages = paginate(rows(40), { firstSpace: 100, pageSpace: 200, headerHeight: 20 });
    expect(pages.map((p) => p.length)).toEqual([8, 18, 14]);
    expect(pages.flat()).toEqual([...Array(40).keys()]);
  });

  it('a township heading is never the last line of a page', () => {
    const items = [...rows(7), { height: 10, keepWithNext: true }, ...rows(3)];
    const pages = paginate(items, { firstSpace: 100, pageSpace: 200, headerHeight: 20 });
    expect(pages[0]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages[1]![0]).toBe(7);
  });

  it('when not even one row fits under the title block, the table starts on the next page', () => {
    const pages = paginate(rows(3), { firstSpace: 25, pageSpace: 200, headerHeight: 20 });
    expect(pages).toEqual([[], [0, 1, 2]]);
  });

  it('an empty table is one empty page; a row taller than a page gets a page of its own', () => {
    expect(paginate([], { firstSpace: 100, pageSpace: 200, headerHeight: 20 })).toEqual([[]]);
    const pages = paginate([{ height: 10 }, { height: 500 }, { height: 10 }], {
      firstSpace: 200,
      pageSpace: 200,
      headerHeight: 20,
    });
    expect(pages).toEqual([[0], [1], [2]]);
  });
});
