/**
 * The annual statistical report (统计年报): the figures the county reports up for a year, for a
 * unit and the townships and villages below it. Every figure comes from the indicator service
 * (computeIndicators, breakdown 'all'); nothing is recomputed here. A figure published through
 * /api/indicators/publish is printed as it was frozen; otherwise the report says it is provisional.
 */
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { contentDisposition } from '../exports/export.files.js';
import { DEFINITIONS } from '../indicators/indicator.catalog.js';
import { computeIndicators, type Figure } from '../indicators/indicator.service.js';
import { FIRST_YEAR } from '../indicators/periods.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { writeAnnualReportPdf } from './annualReport.pdf.js';
import {
  isImprecise,
  summaryLines,
  type ReportCounts,
  type ReportFigure,
  type ReportRow,
  type ReportUnit,
  type SummaryLine,
} from './annualReport.layout.js';
import { findPublishedFigures } from './annualReport.repository.js';
import type { AnnualReportFormat, AnnualReportQuery } from './annualReport.schemas.js';
import { writeAnnualReportXlsx } from './annualReport.xlsx.js';

export type AnnualReport = {
  title: string;
  unit: ReportUnit;
  year: number;
  population: 'registered' | 'resident';
  boundaries: 'present' | 'past';
  /** When the figures were computed (ISO time). */
  computedAt: string;
  /** The year is not over: figures to date. */
  running: boolean;
  publication: {
    /** published: every figure of the unit was published; partial: some; provisional: none (未发布，仅供参考). */
    status: 'published' | 'partial' | 'provisional';
    /** The latest publication time of the unit's figures. */
    publishedAt: string | null;
    /** Codes whose published value differs from what today's records give. */
    differs: string[];
  };
  summary: ReportRow;
  /** The year the summary's 上年 column shows (null before 2001). */
  previousYear: number | null;
  summaryLines: SummaryLine[];
  townships: ReportRow[];
  /** Villages (and communities) grouped by their township, in code order. */
  villages: Array<{ township: ReportUnit; rows: ReportRow[] }>;
  definitions: Array<{
    code: string;
    nameZh: string;
    version: number;
    effectiveFrom: string;
    formulaZh: string;
    unit: string;
  }>;
  notes: string[];
};

export type AnnualReportRequest = Omit<AnnualReportQuery, 'format'>;

/** The figure as printed: the frozen one when published, today's otherwise. */
function reportFigure(f: Figure, frozen: unknown): ReportFigure {
  const printed = f.published && frozen && typeof frozen === 'object' ? (frozen as Figure) : f;
  const base = {
    code: f.code,
    version: printed.version,
    nameZh: printed.nameZh,
    unit: printed.unit,
    decimals: printed.decimals,
    value: printed.value,
    lower: printed.lower,
    upper: printed.upper,
    numerator: printed.numerator,
    denominator: printed.denominator,
    parts: printed.parts ?? {},
    status: printed.status,
    normalRange: printed.normalRange,
  };
  return {
    ...base,
    source: f.published ? 'published' : 'computed',
    publishedAt: f.published?.publishedAt ?? null,
    computedNow: f.published?.differs ? f.value : null,
    imprecise: isImprecise(base),
  };
}

function countsOf(figures: Record<string, ReportFigure>): ReportCounts {
  const rate = figures.crudeBirthRate ?? figures.naturalGrowthRate ?? figures.crudeDeathRate;
  const sex = figures.sexRatioAtBirth;
  const part = (f: ReportFigure | undefined, k: string) => (f && typeof f.parts[k] === 'number' ? f.parts[k] : null);
  return {
    populationStart: part(rate, 'populationStart'),
    populationEnd: part(rate, 'populationEnd'),
    meanPopulation: part(rate, 'meanPopulation'),
    births: part(rate, 'births') ?? part(sex, 'births'),
    birthsMale: part(sex, 'birthsMale'),
    birthsFemale: part(sex, 'birthsFemale'),
    deaths: part(rate, 'deaths'),
  };
}

/** A unit's row; the tables' rows keep only what they print (240 units' parts would triple the JSON). */
function rowOf(unit: ReportUnit, figures: Figure[], frozen: Map<string, unknown>, detailed = true): ReportRow {
  const byCode = Object.fromEntries(figures.map((f) => [f.code, reportFigure(f, frozen.get(`${unit.id}|${f.code}`))]));
  const counts = countsOf(byCode);
  if (!detailed) for (const f of Object.values(byCode)) f.parts = {};
  const published = figures.filter((f) => f.published).length;
  return {
    unit,
    figures: byCode,
    counts,
    published: published === 0 ? 'none' : published === figures.length ? 'all' : 'some',
  };
}

/**
 * The report is the registry's demographic statistics: the linkage figures (match and
 * under-reporting rates) are the county's own checks of its records and stay on the indicator
 * and linkage pages.
 */
const REPORT_CODES = [...new Set(DEFINITIONS.filter((d) => d.source === 'registry').map((d) => d.code))];

/** The unit's figures of the year before (上年), published ones as frozen, for the summary's comparison. */
async function previousYearRow(
  db: Db,
  user: Pick<CurrentUser, 'unitPath' | 'unitId'>,
  q: AnnualReportRequest & { unitId: string },
): Promise<ReportRow> {
  const period = String(q.year - 1);
  const r = await computeIndicators(db, user, {
    unitId: q.unitId,
    period,
    population: q.population,
    boundaries: q.boundaries,
    breakdown: 'none',
    codes: REPORT_CODES,
  });
  const frozen = r.figures.some((f) => f.published)
    ? await findPublishedFigures(db, {
        unitIds: [r.unit.id],
        period,
        population: q.population,
        boundaries: q.boundaries,
      })
    : new Map<string, unknown>();
  return rowOf({ id: r.unit.id, name: r.unit.name, level: r.unit.level }, r.figures, frozen, false);
}

const BASIS_ZH = { registered: '户籍人口（按户口登记地统计）', resident: '常住人口（按居住地统计）' } as const;
const BOUNDARIES_ZH = { present: '现行区划（已撤并的村并入现在的村统计）', past: '当年区划' } as const;

/**
 * The report of a unit (the caller's own by default) for a year.
 * @throws NotFoundError for a unit outside the caller's scope; InvalidInputError for a year not yet begun
 *   or a closed unit on present boundaries
 */
export async function buildAnnualReport(
  db: Db,
  user: Pick<CurrentUser, 'unitPath' | 'unitId'>,
  q: AnnualReportRequest,
): Promise<AnnualReport> {
  const today = clock.today();
  if (q.year > Number(today.slice(0, 4))) throw InvalidInputError.field('year', `${q.year} 年尚未开始，不能生成年报`);
  const result = await computeIndicators(db, user, {
    unitId: q.unitId || user.unitId,
    period: String(q.year),
    population: q.population,
    boundaries: q.boundaries,
    breakdown: 'all',
    codes: REPORT_CODES,
  });
  const below = result.breakdown ?? [];
  const publishedUnits = [result, ...below].filter((r) => r.figures.some((f) => f.published)).map((r) => r.unit.id);
  const frozen = await findPublishedFigures(db, {
    unitIds: publishedUnits,
    period: result.period.code,
    population: q.population,
    boundaries: q.boundaries,
  });
  const ref = (u: { id: string; name: string; level: string }): ReportUnit => ({
    id: u.id,
    name: u.name,
    level: u.level,
  });

  const summary = rowOf(ref(result.unit), result.figures, frozen);
  const previous =
    q.year - 1 >= FIRST_YEAR ? await previousYearRow(db, user, { ...q, unitId: result.unit.id }) : undefined;
  const townships: ReportRow[] = [];
  const villages: AnnualReport['villages'] = [];
  for (const b of below) {
    const row = rowOf(ref(b.unit), b.figures, frozen, false);
    if (b.unit.level === 'township') {
      townships.push(row);
      villages.push({ township: row.unit, rows: [] });
    } else if (b.unit.level === 'village') {
      // Rows come in path order: a township, then its villages.
      if (villages.length === 0) villages.push({ township: summary.unit, rows: [] });
      villages[villages.length - 1]!.rows.push(row);
    }
  }

  const publishedFigures = result.figures.filter((f) => f.published);
  const status =
    publishedFigures.length === 0
      ? 'provisional'
      : publishedFigures.length === result.figures.length
        ? 'published'
        : 'partial';
  const publishedAt =
    publishedFigures
      .map((f) => f.published!.publishedAt)
      .sort()
      .at(-1) ?? null;
  const differs = publishedFigures.filter((f) => f.published!.differs).map((f) => f.code);
  const versions = new Map(result.figures.map((f) => [f.code, f.version]));
  const definitions = DEFINITIONS.filter((d) => versions.get(d.code) === d.version).map((d) => ({
    code: d.code,
    nameZh: d.nameZh,
    version: d.version,
    effectiveFrom: d.effectiveFrom,
    formulaZh: d.formulaZh,
    unit: d.unit,
  }));

  const computedAt = result.computedAt;
  const notes = [
    status === 'published'
      ? `本年报数值为已发布（冻结）的数值，发布于 ${publishedAt!.slice(0, 10)}；此后补报的记录或新的指标定义不改变已发布的数值。`
      : status === 'partial'
        ? `部分指标已发布（标“已发布”者按冻结的数值印出），其余指标未发布，仅供参考。`
        : '本年报数值未发布，仅供参考：按生成时的登记记录计算，补报或更正后可能变化；县统计员发布后即冻结。',
    ...(status !== 'provisional' &&
    [...townships, ...villages.flatMap((g) => g.rows)].some((r) => r.published !== 'all')
      ? ['乡镇、村分表中“发布”栏未标“已发布”的单位，其数值按现有记录计算，未发布，仅供参考。']
      : []),
    ...(differs.length
      ? [
          `按现有记录重算，以下已发布指标的数值已有变化（以发布值为准）：${differs.map((c) => result.figures.find((f) => f.code === c)!.nameZh).join('、')}。`,
        ]
      : []),
    ...(result.period.running
      ? [`${q.year} 年尚未结束，数值统计至 ${result.period.end}，率按已过天数折算为年率。`]
      : []),
    `人口口径：${BASIS_ZH[q.population]}；区划：${BOUNDARIES_ZH[q.boundaries]}。年初人口为上年 12 月 31 日的人口，年末人口为本年 12 月 31 日的人口。`,
    '出生、死亡按事件发生日期归属年度，按事件发生时的户籍所在村统计；出生性别比以女婴为 100；孩次占比的分母为孩次已知的活产数。',
    '每个率都给出 95% 置信区间。数值后标“*”者置信区间半宽超过数值的一半（人数少，偶然波动大），仅供参考，不宜据以判断异常。',
    `计算时间：${computedAt.slice(0, 19).replace('T', ' ')}（UTC）；各指标的公式和版本见“指标定义”。`,
  ];

  return {
    title: `${result.unit.name} ${q.year} 年人口和家庭服务统计年报`,
    unit: summary.unit,
    year: q.year,
    population: q.population,
    boundaries: q.boundaries,
    computedAt,
    running: result.period.running,
    publication: { status, publishedAt, differs },
    summary,
    previousYear: previous ? q.year - 1 : null,
    summaryLines: summaryLines(summary, q.year, previous),
    townships,
    villages: villages.filter((g) => g.rows.length > 0),
    definitions,
    notes,
  };
}

export type AnnualReportFile = {
  report: AnnualReport;
  body: Buffer;
  filename: string;
  asciiFilename: string;
  contentType: string;
  contentDisposition: string;
};

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** 统计年报_华容县_2016.pdf and annual-report_430623_2016.pdf */
export function annualReportFilenames(unit: ReportUnit, year: number, format: 'xlsx' | 'pdf') {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');
  return {
    filename: `统计年报_${safe(unit.name)}_${year}.${format}`,
    asciiFilename: `annual-report_${unit.id.replace(/[^0-9A-Za-z]/g, '')}_${year}.${format}`,
  };
}

/** Renders a report as a file. */
export async function renderAnnualReport(
  report: AnnualReport,
  format: 'xlsx' | 'pdf',
  generatedAt: Date = clock.now(),
): Promise<Buffer> {
  return format === 'xlsx' ? writeAnnualReportXlsx(report, generatedAt) : writeAnnualReportPdf(report, generatedAt);
}

/**
 * The report as an XLSX or PDF file, audited as an export (`annualReport.export`) once the file
 * is made and before it leaves: no file without its audit row.
 * @throws NotFoundError, InvalidInputError (see buildAnnualReport); audit write failures propagate
 */
export async function exportAnnualReport(
  db: Db,
  user: Pick<CurrentUser, 'unitPath' | 'unitId'>,
  actor: Actor,
  q: AnnualReportRequest & { format: Exclude<AnnualReportFormat, 'json'> },
): Promise<AnnualReportFile> {
  const { format, ...request } = q;
  const report = await buildAnnualReport(db, user, request);
  const body = await renderAnnualReport(report, format);
  await recordAudit(db, actor, {
    action: 'annualReport.export',
    objectType: 'org_unit',
    objectId: report.unit.id,
    detail: {
      year: report.year,
      format,
      population: report.population,
      boundaries: report.boundaries,
      publication: report.publication.status,
      units: 1 + report.townships.length + report.villages.reduce((s, g) => s + g.rows.length, 0),
      bytes: body.length,
    },
  });
  const names = annualReportFilenames(report.unit, report.year, format);
  return {
    report,
    body,
    ...names,
    contentType: CONTENT_TYPES[format],
    contentDisposition: contentDisposition(names.filename, names.asciiFilename),
  };
}
