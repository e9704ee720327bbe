/**
 * What the annual report says and how its tables are laid out, shared by the JSON preview, the
 * XLSX and the PDF writers so the three never disagree: the figures' display rules (rounding,
 * the small-number mark), the summary lines, the table columns, and how rows are split into
 * pages. Pure functions, no I/O.
 */
import type { FigureStatus } from '../indicators/indicator.formulas.js';
import type { IndicatorUnit } from '../indicators/indicator.catalog.js';

export type ReportUnit = { id: string; name: string; level: string };

export const LEVEL_ZH: Record<string, string> = { county: '县', township: '乡镇', village: '村（社区）' };

/** One indicator as the report prints it: the published figure when there is one, else the computed one. */
export type ReportFigure = {
  code: string;
  version: number;
  nameZh: string;
  unit: IndicatorUnit;
  decimals: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  numerator: number | null;
  denominator: number | null;
  parts: Record<string, number>;
  status: FigureStatus | null;
  normalRange: { low: number | null; high: number | null; noteZh: string } | null;
  /** published: frozen by /api/indicators/publish and printed as frozen; computed: from today's records. */
  source: 'published' | 'computed';
  publishedAt: string | null;
  /** The value computed from today's records when it differs from the published one (else null). */
  computedNow: number | null;
  /** The 95% interval is wide (small numbers): printed with a mark, to be read with care. */
  imprecise: boolean;
};

export type ReportCounts = {
  populationStart: number | null;
  populationEnd: number | null;
  meanPopulation: number | null;
  births: number | null;
  birthsMale: number | null;
  birthsFemale: number | null;
  deaths: number | null;
};

export type ReportRow = {
  unit: ReportUnit;
  figures: Record<string, ReportFigure>;
  counts: ReportCounts;
  /** Whether this unit's figures of the year were published: all, some or none of them. */
  published: 'all' | 'some' | 'none';
};

/** The mark printed after an imprecise figure (and explained in the notes). */
export const IMPRECISE_MARK = '*';

/**
 * A figure is marked when half its 95% interval is wider than half its value: the relative error
 * is then above about 25%, the threshold statistical offices use for "interpret with caution"
 * (roughly fewer than 16 events). A zero with an interval above it (0 defects of 39 births) is
 * marked too; a figure without a value (no girls born: no sex ratio) is printed as a dash instead.
 */
export function isImprecise(f: { value: number | null; lower: number | null; upper: number | null }): boolean {
  if (f.value === null) return false;
  if (f.lower === null || f.upper === null) return true;
  // No events at all (a village with neither births nor deaths): the normal approximation gives
  // a zero-width interval around 0, which says nothing.
  if (f.value === 0 && f.upper === 0 && f.lower === 0) return true;
  return (f.upper - f.lower) / 2 > 0.5 * Math.abs(f.value);
}

/** Rounded as the definition says (what the cell holds and the page shows). */
export function rounded(value: number | null, decimals: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

const grouping = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0, useGrouping: true });

export function formatCount(n: number | null): string {
  return n === null ? '—' : grouping.format(n);
}

export function formatNumber(value: number | null, decimals: number): string {
  const r = rounded(value, decimals);
  return r === null ? '—' : r.toFixed(decimals);
}

/** A figure's value as printed, with the small-number mark. */
export function formatFigure(f: ReportFigure | undefined): string {
  if (!f) return '—';
  const text = formatNumber(f.value, f.decimals);
  return f.imprecise && f.value !== null ? `${text}${IMPRECISE_MARK}` : text;
}

export function formatInterval(f: ReportFigure | undefined): string {
  if (!f || f.value === null) return '—';
  const lo = f.lower === null ? '' : formatNumber(f.lower, f.decimals);
  const hi = f.upper === null ? '' : formatNumber(f.upper, f.decimals);
  return `${lo}–${hi}`;
}

export const UNIT_LABEL: Record<IndicatorUnit, string> = {
  '‰': '‰',
  '%': '%',
  ratio: '女=100',
  perWoman: '个/妇女',
  count: '笔',
  yuan: '元',
};

const STATUS_ZH: Record<FigureStatus, string> = {
  normal: '在正常值域内',
  uncertain: '超出正常值域，但置信区间仍含正常值域（小数字，不能判定异常）',
  high: '高于正常值域',
  low: '低于正常值域',
};

/** One line of the summary table: the figure the county reports, as it prints. */
export type SummaryLine = {
  key: string;
  label: string;
  /** The value the cell holds (rounded as printed); null for "—". */
  value: number | null;
  /** As printed, with grouping and the small-number mark. */
  text: string;
  unit: string;
  /** Decimals of the value (0 for counts): the XLSX number format. */
  decimals: number;
  interval: string | null;
  note: string | null;
  imprecise: boolean;
  /** Indent under the line above (boys and girls under births). */
  indent: boolean;
  source: 'published' | 'computed' | 'count';
  /** The same line of the year before (上年), rounded as printed; null when not given. */
  previous: number | null;
  previousText: string;
};

const countLine = (
  key: keyof ReportCounts,
  label: string,
  value: number | null,
  note: string | null = null,
  indent = false,
): SummaryLine => ({
  key,
  label,
  value,
  text: formatCount(value),
  unit: '人',
  decimals: 0,
  interval: null,
  note,
  imprecise: false,
  indent,
  source: 'count',
  previous: null,
  previousText: '',
});

function figureLine(
  f: ReportFigure | undefined,
  key: string,
  label: string,
  note: (f: ReportFigure) => string | null,
): SummaryLine {
  if (!f)
    return {
      key,
      label,
      value: null,
      text: '—',
      unit: '',
      decimals: 0,
      interval: null,
      note: '未计算',
      imprecise: false,
      indent: false,
      source: 'computed',
      previous: null,
      previousText: '',
    };
  const notes = [
    note(f),
    f.imprecise ? '置信区间宽（小数字），仅供参考' : null,
    f.computedNow !== null ? `按现有记录重算为 ${formatNumber(f.computedNow, f.decimals)}（以发布值为准）` : null,
  ];
  return {
    key,
    label,
    value: rounded(f.value, f.decimals),
    text: formatFigure(f),
    unit: UNIT_LABEL[f.unit],
    decimals: f.decimals,
    interval: formatInterval(f),
    note: notes.filter(Boolean).join('；') || null,
    imprecise: f.imprecise,
    indent: false,
    source: f.source,
    previous: null,
    previousText: '',
  };
}

const isCount = (key: string): key is keyof ReportCounts =>
  ['populationStart', 'populationEnd', 'meanPopulation', 'births', 'birthsMale', 'birthsFemale', 'deaths'].includes(
    key,
  );

/** Adds the year before's value to each line (上年), printed as that year's report prints it. */
function withPrevious(line: SummaryLine, previous: ReportRow | undefined): SummaryLine {
  if (!previous) return line;
  if (isCount(line.key)) {
    const v = previous.counts[line.key];
    const text =
      v === null
        ? '—'
        : line.key === 'meanPopulation'
          ? new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(v)
          : formatCount(v);
    return { ...line, previous: v, previousText: text };
  }
  const f = previous.figures[line.key];
  return { ...line, previous: f ? rounded(f.value, f.decimals) : null, previousText: formatFigure(f) };
}

const n = (x: number | undefined | null) => (x === undefined || x === null ? '—' : formatCount(x));

/**
 * The summary table: the figures of the speech's first part, for the report's own unit, with the
 * year before's beside them when given.
 */
export function summaryLines(row: ReportRow, year: number, previous?: ReportRow): SummaryLine[] {
  const f = row.figures;
  const c = row.counts;
  const lines: SummaryLine[] = [
    countLine('populationStart', `年初人口（${year - 1}年12月31日）`, c.populationStart),
    countLine('populationEnd', `年末人口（${year}年12月31日）`, c.populationEnd),
    {
      ...countLine('meanPopulation', '年平均人口', c.meanPopulation, '（年初人口 + 年末人口）÷ 2'),
      decimals: c.meanPopulation !== null && !Number.isInteger(c.meanPopulation) ? 1 : 0,
      text:
        c.meanPopulation === null
          ? '—'
          : new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(c.meanPopulation),
    },
    countLine('births', '出生人数（活产）', c.births),
    countLine('birthsMale', '其中：男', c.birthsMale, null, true),
    countLine('birthsFemale', '女', c.birthsFemale, null, true),
    figureLine(
      f.sexRatioAtBirth,
      'sexRatioAtBirth',
      '出生性别比',
      (x) => [x.normalRange?.noteZh, x.status ? STATUS_ZH[x.status] : null].filter(Boolean).join('，') || null,
    ),
    countLine('deaths', '死亡人数', c.deaths),
    figureLine(f.naturalGrowthRate, 'naturalGrowthRate', '人口自然增长率', () => null),
    figureLine(f.crudeBirthRate, 'crudeBirthRate', '出生率', () => null),
    figureLine(f.crudeDeathRate, 'crudeDeathRate', '死亡率', () => null),
    figureLine(
      f.birthOrder1Share,
      'birthOrder1Share',
      '一孩占比',
      (x) => `一孩 ${n(x.numerator)} 人，孩次已知 ${n(x.denominator)} 人`,
    ),
    figureLine(f.birthOrder2Share, 'birthOrder2Share', '二孩占比', (x) => `二孩 ${n(x.numerator)} 人`),
    figureLine(
      f.birthOrder3PlusShare,
      'birthOrder3PlusShare',
      '三孩及以上占比',
      (x) => `三孩及以上 ${n(x.numerator)} 人`,
    ),
    figureLine(
      f.totalFertilityRate,
      'totalFertilityRate',
      '总和生育率',
      (x) => `15–49 岁妇女 ${formatNumber(x.parts.womanYears ?? null, 0)} 人年`,
    ),
    figureLine(
      f.birthDefectIncidence,
      'birthDefectIncidence',
      '出生缺陷发生率',
      (x) => `有出生缺陷 ${n(x.numerator)} 例，活产 ${n(x.denominator)} 人`,
    ),
    figureLine(
      f.reportTimeliness,
      'reportTimeliness',
      '报告及时率',
      (x) => `30 日内上报 ${n(x.numerator)} 件，共 ${n(x.denominator)} 件`,
    ),
  ];
  return lines.map((l) => withPrevious(l, previous));
}

/** A column of the townships' and villages' tables. */
export type TableColumn = {
  key: string;
  header: string;
  kind: 'text' | 'count' | 'figure';
  /** For figures: the indicator code. */
  code?: string;
  count?: keyof ReportCounts;
  decimals: number;
  /** Excel width in characters; PDF width in points (A4 landscape). */
  xlsxWidth: number;
  pdfWidth: number;
};

const fig = (code: string, header: string, decimals = 2, pdfWidth = 42): TableColumn => ({
  key: code,
  header,
  kind: 'figure',
  code,
  decimals,
  xlsxWidth: Math.max(9, header.length * 2 + 1),
  pdfWidth,
});
const cnt = (count: keyof ReportCounts, header: string, pdfWidth = 34): TableColumn => ({
  key: count,
  header,
  kind: 'count',
  count,
  decimals: 0,
  xlsxWidth: Math.max(8, header.length * 2 + 2),
  pdfWidth,
});

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: 'name', header: '单位', kind: 'text', decimals: 0, xlsxWidth: 16, pdfWidth: 76 },
  cnt('populationStart', '年初人口', 44),
  cnt('populationEnd', '年末人口', 44),
  cnt('births', '出生'),
  cnt('birthsMale', '男', 28),
  cnt('birthsFemale', '女', 28),
  cnt('deaths', '死亡'),
  fig('sexRatioAtBirth', '出生性别比', 2, 50),
  fig('crudeBirthRate', '出生率‰'),
  fig('crudeDeathRate', '死亡率‰'),
  fig('naturalGrowthRate', '自然增长率‰', 2, 48),
  fig('birthOrder1Share', '一孩占比%'),
  fig('birthOrder2Share', '二孩占比%'),
  fig('birthOrder3PlusShare', '三孩及以上%', 2, 46),
  fig('totalFertilityRate', '总和生育率', 2, 44),
  fig('birthDefectIncidence', '出生缺陷‰'),
  fig('reportTimeliness', '报告及时率%', 2, 48),
  { key: 'published', header: '发布', kind: 'text', decimals: 0, xlsxWidth: 8, pdfWidth: 30 },
];

export const PUBLISHED_LABEL: Record<ReportRow['published'], string> = { all: '已发布', some: '部分发布', none: '' };

/** A table cell: the number a spreadsheet holds (rounded as printed) and the text a page prints. */
export function tableCell(
  row: ReportRow,
  col: TableColumn,
): { value: string | number | null; text: string; imprecise: boolean } {
  if (col.kind === 'text') {
    const text = col.key === 'published' ? PUBLISHED_LABEL[row.published] : row.unit.name;
    return { value: text, text, imprecise: false };
  }
  if (col.kind === 'count') {
    const v = row.counts[col.count!];
    return { value: v, text: formatCount(v), imprecise: false };
  }
  const f = row.figures[col.code!];
  return {
    value: rounded(f?.value ?? null, col.decimals),
    text: formatFigure(f),
    imprecise: !!f?.imprecise && f.value !== null,
  };
}

/** Something the page lays out: a row of a fixed height; a heading is kept with the row after it. */
export type LayoutItem = { height: number; keepWithNext?: boolean };

/**
 * Splits items into pages. Every page repeats the table's header (`headerHeight`); the first
 * page has `firstSpace` points below whatever precedes the table, the others `pageSpace`. A
 * heading (keepWithNext) never ends a page; an item taller than a page gets a page of its own.
 * @returns the indexes of the items on each page
 */
export function paginate(
  items: readonly LayoutItem[],
  opts: { firstSpace: number; pageSpace: number; headerHeight: number },
): number[][] {
  const pages: number[][] = [];
  let page: number[] = [];
  let left = opts.firstSpace - opts.headerHeight;
  const newPage = () => {
    pages.push(page);
    page = [];
    left = opts.pageSpace - opts.headerHeight;
  };
  for (let i = 0; i < items.length; i++) {
    // A heading takes the room of itself and the item it is kept with.
    let need = items[i]!.height;
    if (items[i]!.keepWithNext && i + 1 < items.length) need += items[i + 1]!.height;
    if (need > left && page.length > 0) newPage();
    else if (need > left && page.length === 0 && pages.length === 0 && opts.firstSpace < opts.pageSpace) {
      // Not even one row fits below the title block: the table starts on the next page.
      newPage();
    }
    page.push(i);
    left -= items[i]!.height;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}
