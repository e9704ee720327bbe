/**
 * The scan: finds rule violations (counted per rule, village and period), small-area anomalies
 * and incomplete reporting, and turns them into alerts with stable keys
 * (`kind:code:unit:period`). A re-scan updates what it finds again and resolves what it no longer
 * finds, within the periods it scanned; users' acknowledgements and dismissals are kept. Runs on
 * demand (API, CLI) and on a timer (quality.scheduler.ts). Reads are set-based; the writes and the
 * audit row share one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { listCountyUnits, type UnitRow } from '../indicators/indicator.repository.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import {
  countyCounts,
  funnel,
  robustOutliers,
  silentVillages,
  usableYears,
  yearOnYearBreaks,
  type FunnelPoint,
} from './quality.anomalies.js';
import { idNumberViolations } from './quality.idcheck.js';
import {
  countViolations,
  finishScan,
  insertScan,
  reportingByVillage,
  stalledByVillage,
  upsertFindings,
  type Finding,
} from './quality.repository.js';
import { CURRENT, RULES, ruleByCode } from './quality.rules.js';
import { ALERT_P, binomialTwoSidedP, formatP, severityOf } from './quality.statistics.js';

export type ScanTrigger = 'manual' | 'schedule' | 'cli';

/** Anomaly and completeness checks, named like rules (the alerts' `code`). */
export const CHECKS = {
  sexRatioFunnel: {
    kind: 'anomaly',
    nameZh: '出生性别比异常（漏斗图）',
    nameEn: 'Sex ratio at birth outside the funnel',
  },
  birthRateFunnel: { kind: 'anomaly', nameZh: '出生率异常（漏斗图）', nameEn: 'Birth rate outside the funnel' },
  birthRateRobust: { kind: 'anomaly', nameZh: '出生率离群（稳健评分）', nameEn: 'Birth rate a robust outlier' },
  birthsYearOnYear: { kind: 'anomaly', nameZh: '出生数同比突变', nameEn: 'Year-on-year break in births' },
  noBirthsReported: {
    kind: 'completeness',
    nameZh: '应有出生而无报告',
    nameEn: 'No births reported where some were expected',
  },
  lateReporting: { kind: 'completeness', nameZh: '报告及时率偏低', nameEn: 'Reports late' },
  stalledReports: { kind: 'completeness', nameZh: '报告长期滞留', nameEn: 'Reports stuck in the workflow' },
} as const;
export type CheckCode = keyof typeof CHECKS;

export const TIMELY_DAYS = 30;
/** A report waiting this many days since its last action is stalled. */
export const STALLED_DAYS = 30;

export const periodLabel = (period: string) => (period === CURRENT ? '当前登记' : `${period}年`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fix = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? '—' : v.toFixed(d));

/** The default periods: this year and last year. */
export function defaultYears(today: string): number[] {
  const y = Number(today.slice(0, 4));
  return [y - 1, y];
}

const recordsLink = (code: string, unitId: string, year: number, part: 'numerator' | 'denominator') =>
  `/api/indicators/${code}/records?unitId=${unitId}&period=${year}&part=${part}`;
const violationsLink = (rule: string, unitId: string, period: string) =>
  `/quality/violations?rule=${rule}&unitId=${unitId}&period=${period}`;

/**
 * Scans one county for some years and writes the alerts.
 * @returns what it found and changed
 */
export async function runScan(
  db: Db,
  sealer: Sealer,
  opts: { countyCode: string; years?: number[]; trigger: ScanTrigger; actor: Actor },
) {
  const startedAt = clock.now();
  const today = clock.today();
  const years = usableYears(opts.years ?? defaultYears(today), today);
  const units = await listCountyUnits(db, opts.countyCode);
  const byId = new Map(units.map((u) => [u.id, u]));
  const villageOf = (id: string) => {
    const u = byId.get(id);
    return u?.level === 'group' && u.parentId ? u.parentId : id;
  };
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const findings: Finding[] = [];

  // 1. Consistency rules: violations per rule, village and period.
  const sqlRules = RULES.filter((r) => r.code !== 'idNumberMismatch').map((r) => r.code);
  const counts = await countViolations(db, sqlRules, { countyCode: opts.countyCode, today, years });
  const idRows = await idNumberViolations(db, sealer, opts.countyCode, null);
  const idCounts = new Map<string, number>();
  for (const r of idRows) idCounts.set(villageOf(r.unitId), (idCounts.get(villageOf(r.unitId)) ?? 0) + 1);
  for (const [villageId, n] of idCounts) counts.push({ rule: 'idNumberMismatch', villageId, period: CURRENT, n });
  for (const c of counts) {
    const rule = ruleByCode.get(c.rule)!;
    const unit = nameOf(c.villageId);
    findings.push({
      key: `rule:${c.rule}:${c.villageId}:${c.period}`,
      kind: 'rule',
      code: c.rule,
      severity: rule.severity,
      unitId: c.villageId,
      period: c.period,
      title: `${unit}${periodLabel(c.period)}有 ${c.n} 条记录“${rule.nameZh}”`,
      message: `${unit}${periodLabel(c.period)}有 ${c.n} 条记录违反规则“${rule.nameZh}”：${rule.descriptionZh}请逐条核实并更正。`,
      detail: {
        count: c.n,
        rule: { code: rule.code, nameZh: rule.nameZh, descriptionZh: rule.descriptionZh },
        links: [{ labelZh: '违规记录', href: violationsLink(c.rule, c.villageId, c.period) }],
      },
    });
  }

  // 2. Small-area anomalies, against the county's own figures.
  const needed = [...new Set(years.flatMap((y) => [y - 3, y - 2, y - 1, y]))];
  const cc = await countyCounts(db, opts.countyCode, needed, today);
  for (const year of years) {
    const period = cc.periods.get(year)!;
    // A year only begun says little about rates (late reports make it look low): from its fourth month.
    const enoughOfYear = period.yearFraction >= 0.25;
    for (const level of ['village', 'township'] as const) {
      const sr = funnel(cc, year, 'sexRatio', level, cc.county.path);
      for (const p of sr.points.filter((x) => x.position === 'outside998'))
        findings.push(sexRatioFinding(p, sr.centre!, year));
      if (!enoughOfYear) continue;
      const br = funnel(cc, year, 'birthRate', level, cc.county.path);
      for (const p of br.points.filter((x) => x.position === 'outside998' && x.observed > 0))
        findings.push(birthRateFinding(p, br.centre!, year));
      if (level === 'village') {
        const flagged = new Set(br.points.filter((x) => x.position === 'outside998').map((x) => x.unitId));
        for (const o of robustOutliers(br).filter((r) => !flagged.has(r.point.unitId) && r.point.observed > 0)) {
          findings.push({
            key: `anomaly:birthRateRobust:${o.point.unitId}:${year}`,
            kind: 'anomaly',
            code: 'birthRateRobust',
            severity: 'low',
            unitId: o.point.unitId,
            period: String(year),
            title: `${o.point.unitName}${year}年出生率在各村中离群`,
            message: `${o.point.unitName}${year}年出生 ${o.point.observed} 人，出生率 ${fix(o.point.value, 2)}‰（全县 ${fix(br.centre, 2)}‰），按全县出生率预期 ${fix(o.point.expected)} 人；其标准化差值 z = ${fix(o.point.z, 2)} 在全县各村中的稳健评分（中位数/MAD）为 ${fix(o.score, 1)}，超过 ±3.5。`,
            detail: {
              stats: { ...statsOf(o.point), robustScore: o.score },
              links: anomalyLinks('crudeBirthRate', o.point.unitId, year),
            },
          });
        }
      }
      for (const b of yearOnYearBreaks(cc, year, level)) {
        findings.push({
          key: `anomaly:birthsYearOnYear:${b.unit.id}:${year}`,
          kind: 'anomaly',
          code: 'birthsYearOnYear',
          severity: severityOf(b.p),
          unitId: b.unit.id,
          period: String(year),
          title: `${b.unit.name}${year}年出生数较前几年${b.observed < b.expected ? '骤降' : '骤增'}`,
          message: `${b.unit.name}${year}年出生 ${b.observed} 人（出生率 ${fix(b.rate, 2)}‰），按 ${b.beforeYears.join('、')} 年的出生率（${fix(b.rateBefore, 2)}‰，共 ${b.before} 人）预期 ${fix(b.expected)} 人；条件二项精确检验双侧 p = ${formatP(b.p)}（< 0.002）。${b.observed < b.expected ? '请核查是否有出生漏报。' : '请核查是否有重复或错报。'}`,
          detail: {
            stats: {
              observed: b.observed,
              expected: b.expected,
              ratio: b.ratio,
              p: b.p,
              before: b.before,
              beforeYears: b.beforeYears,
              rate: b.rate,
              rateBefore: b.rateBefore,
            },
            links: anomalyLinks('crudeBirthRate', b.unit.id, year),
          },
        });
      }
    }

    // 3. Completeness: villages silent where births were expected; late reporting.
    if (enoughOfYear) {
      for (const v of silentVillages(cc, year)) {
        findings.push({
          key: `completeness:noBirthsReported:${v.unit.id}:${year}`,
          kind: 'completeness',
          code: 'noBirthsReported',
          severity: v.pNone < 0.001 ? 'high' : 'medium',
          unitId: v.unit.id,
          period: String(year),
          title: `${v.unit.name}${year}年没有出生报告`,
          message: `${v.unit.name}${year}年户籍人口 ${v.population} 人，按全县出生率预期出生 ${fix(v.expected)} 人，却没有一例出生；若无漏报，这种情况的概率为 P(0) = e^−${fix(v.expected, 2)} = ${formatP(v.pNone)}。请核实是否漏报。`,
          detail: {
            stats: { observed: 0, expected: v.expected, pNone: v.pNone, population: v.population },
            links: anomalyLinks('crudeBirthRate', v.unit.id, year),
          },
        });
      }
    }
    const reporting = await reportingByVillage(db, {
      countyCode: opts.countyCode,
      year,
      today,
      timelyDays: TIMELY_DAYS,
    });
    const all = reporting.reduce((s, r) => ({ n: s.n + r.confirmed, t: s.t + r.confirmedTimely }), { n: 0, t: 0 });
    if (all.n > 0) {
      const p0 = all.t / all.n;
      for (const r of reporting) {
        if (r.confirmed === 0 || r.confirmedTimely / r.confirmed >= p0) continue;
        const p = binomialTwoSidedP(r.confirmedTimely, r.confirmed, p0);
        if (p >= ALERT_P) continue;
        const name = nameOf(r.villageId);
        findings.push({
          key: `completeness:lateReporting:${r.villageId}:${year}`,
          kind: 'completeness',
          code: 'lateReporting',
          severity: 'low',
          unitId: r.villageId,
          period: String(year),
          title: `${name}${year}年报告及时率偏低`,
          message: `${name}${year}年已确认报告 ${r.confirmed} 份，其中 ${r.confirmedTimely} 份在事件后 ${TIMELY_DAYS} 天内上报（${pct(r.confirmedTimely / r.confirmed)}），全县为 ${pct(p0)}；二项精确检验双侧 p = ${formatP(p)}。`,
          detail: {
            stats: { confirmed: r.confirmed, timely: r.confirmedTimely, countyShare: p0, p },
            links: anomalyLinks('reportTimeliness', r.villageId, year, 'denominator'),
          },
        });
      }
    }
  }
  for (const s of await stalledByVillage(db, { countyCode: opts.countyCode, today, days: STALLED_DAYS })) {
    const name = nameOf(s.villageId);
    findings.push({
      key: `completeness:stalledReports:${s.villageId}:${CURRENT}`,
      kind: 'completeness',
      code: 'stalledReports',
      severity: s.oldestDays > 90 ? 'medium' : 'low',
      unitId: s.villageId,
      period: CURRENT,
      title: `${name}有 ${s.n} 份报告滞留超过 ${STALLED_DAYS} 天`,
      message: `${name}有 ${s.n} 份报告在审核流程中（待乡镇审核、待县确认或退回待村修改）超过 ${STALLED_DAYS} 天未处理，最长 ${s.oldestDays} 天。`,
      detail: { stats: { count: s.n, oldestDays: s.oldestDays }, links: [{ labelZh: '报告列表', href: '/reports' }] },
    });
  }

  // 4. Write: alerts, the scan's record and the audit row in one transaction.
  const periods = [...years.map(String), CURRENT];
  const byKind = (k: string) => findings.filter((f) => f.kind === k).length;
  const summary = {
    years,
    findings: findings.length,
    rules: byKind('rule'),
    anomalies: byKind('anomaly'),
    completeness: byKind('completeness'),
  };
  const result = await db.transaction().execute(async (tx) => {
    const scanId = randomUUID();
    await insertScan(tx, {
      id: scanId,
      countyCode: opts.countyCode,
      startedAt,
      periods: periods.join(','),
      trigger: opts.trigger,
      userId: opts.actor.userId,
    });
    const changed = await upsertFindings(tx, opts.countyCode, periods, findings, clock.now(), randomUUID);
    const counts = { ...summary, ...changed, ms: clock.now().getTime() - startedAt.getTime() };
    await finishScan(tx, scanId, clock.now(), counts);
    await recordAudit(tx, opts.actor, {
      action: 'quality.scan',
      objectType: 'quality_scan',
      objectId: scanId,
      detail: { trigger: opts.trigger, ...counts },
    });
    return { scanId, ...counts };
  });
  return result;
}

const statsOf = (p: FunnelPoint) => ({
  observed: p.observed,
  x: p.x,
  value: p.value,
  expected: p.expected,
  z: p.z,
  p: p.p,
  limits95: p.limits95,
  limits998: p.limits998,
  ...(p.sexRatio !== undefined ? { sexRatio: p.sexRatio } : {}),
});

function anomalyLinks(code: string, unitId: string, year: number, part: 'numerator' | 'denominator' = 'numerator') {
  return [
    { labelZh: '指标所依据的记录', href: recordsLink(code, unitId, year, part) },
    { labelZh: '该单位该年的违规记录', href: `/quality/violations?unitId=${unitId}&period=${year}` },
  ];
}

function sexRatioFinding(p: FunnelPoint, p0: number, year: number): Finding {
  const high = p.value! > p0;
  return {
    key: `anomaly:sexRatioFunnel:${p.unitId}:${year}`,
    kind: 'anomaly',
    code: 'sexRatioFunnel',
    severity: severityOf(p.p),
    unitId: p.unitId,
    period: String(year),
    title: `${p.unitName}${year}年出生性别比异常${high ? '偏高' : '偏低'}`,
    message: `${p.unitName}${year}年出生 ${p.x} 人，其中男孩 ${p.observed} 人，男孩占 ${pct(p.value!)}（出生性别比 ${fix(p.sexRatio)}）；全县男孩占 ${pct(p0)}，该出生数下的99.8%控制限为 ${pct(p.limits998.lower)}–${pct(p.limits998.upper)}；z = ${fix(p.z, 2)}，二项精确检验双侧 p = ${formatP(p.p)}。${high ? '请核查出生漏报（尤其女婴）及“两非”线索。' : '请核查出生登记的性别是否有误。'}`,
    detail: { stats: statsOf(p), centre: p0, links: anomalyLinks('sexRatioAtBirth', p.unitId, year) },
  };
}

function birthRateFinding(p: FunnelPoint, r0: number, year: number): Finding {
  const high = p.value! > r0;
  return {
    key: `anomaly:birthRateFunnel:${p.unitId}:${year}`,
    kind: 'anomaly',
    code: 'birthRateFunnel',
    severity: severityOf(p.p),
    unitId: p.unitId,
    period: String(year),
    title: `${p.unitName}${year}年出生率异常${high ? '偏高' : '偏低'}`,
    message: `${p.unitName}${year}年平均户籍人口 ${Math.round(p.x)} 人，出生 ${p.observed} 人，出生率 ${fix(p.value, 2)}‰；按全县出生率 ${fix(r0, 2)}‰ 预期 ${fix(p.expected)} 人，99.8%控制限 ${fix(p.limits998.lower, 2)}‰–${fix(p.limits998.upper, 2)}‰；z = ${fix(p.z, 2)}，泊松精确检验双侧 p = ${formatP(p.p)}。${high ? '请核查是否有重复登记或错报。' : '请核查是否有出生漏报。'}`,
    detail: { stats: statsOf(p), centre: r0, links: anomalyLinks('crudeBirthRate', p.unitId, year) },
  };
}

export type { UnitRow };
