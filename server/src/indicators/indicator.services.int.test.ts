import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { SANFENGSI, seedServices, type ServicesFixture } from './indicator.services.fixtures.js';

/**
 * The figures of issue 7 in the indicator catalogue: screening coverage against the registry's
 * target groups, the follow-up of positive findings, petitions on time and satisfaction, care
 * visits, families and assistance, 两非 cases; per village, township and county and per period,
 * with drill-down by role. Every number is counted by hand from indicator.services.fixtures.ts.
 * "Today" is 2026-06-15, so 2026 runs and some deadlines are still ahead.
 */
let t: TestCase;
let f: ServicesFixture;
const HEALTH = [
  'cervicalCancerScreeningRate',
  'breastCancerScreeningRate',
  'gynecologicalScreeningRate',
  'prenatalScreeningRate',
  'newbornScreeningRate',
  'premaritalCheckRate',
  'prepregnancyCheckRate',
  'positiveFollowupRate',
  'followupOnTimeRate',
];
const PETITIONS = ['petitionConcludedOnTimeRate', 'petitionAcceptedOnTimeRate', 'petitionSatisfactionRate'];
const CARE = ['careVisits', 'careFamilies', 'careAssistanceAmount'];
const CASES = ['casesOpened', 'casesClosed'];
const ALL = [...HEALTH, ...PETITIONS, ...CARE, ...CASES].join(',');
const byCode = (fs: Array<{ code: string }>) => Object.fromEntries(fs.map((x) => [x.code, x])) as Record<string, any>;

beforeAll(async () => {
  clock.advance(Date.parse('2026-06-15T04:00:00Z') - clock.now().getTime());
  t = await setupTestCase();
  f = await seedServices(t);
});
afterAll(async () => {
  clock.reset();
  await t?.close();
});

const figures = async (unitId: string, period: string, breakdown = 'none', user = 'county') => {
  const res = await (
    await t.as(user)
  ).get(`/api/indicators?unitId=${unitId}&period=${period}&codes=${ALL}&breakdown=${breakdown}`);
  expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
  return res.body;
};

describe('issue 7 figures in the catalogue', () => {
  it('have their sources, names, formulas and parts to drill into', async () => {
    const res = await (await t.as('county')).get('/api/indicators/catalog');
    const of = (source: string) => res.body.indicators.filter((d: any) => d.source === source).map((d: any) => d.code);
    expect(of('health')).toEqual(HEALTH);
    expect(of('petitions')).toEqual(PETITIONS);
    expect(of('care')).toEqual(CARE);
    expect(of('cases')).toEqual(CASES);
    const amount = res.body.indicators.find((d: any) => d.code === 'careAssistanceAmount');
    expect(amount).toMatchObject({
      unit: 'yuan',
      denominator: null,
      formula: { kind: 'total', of: 'careFenGranted', divisor: 100 },
    });
    const cervical = res.body.indicators.find((d: any) => d.code === 'cervicalCancerScreeningRate');
    expect(cervical.denominator.records).toEqual({ kind: 'screening', screening: 'cervical_cancer', filter: 'target' });
    expect(cervical.formulaZh).toContain('35–64');
  });

  it('come out as counted by hand for the county in 2025', async () => {
    const c = byCode((await figures('430623', '2025')).figures);
    const share = (code: string, n: number, d: number) => {
      expect(c[code], code).toMatchObject({ numerator: n, denominator: d });
      expect(c[code].value, code).toBeCloseTo((n / d) * 100, 10);
    };
    share('cervicalCancerScreeningRate', 1, 3);
    share('breastCancerScreeningRate', 1, 3);
    share('gynecologicalScreeningRate', 2, 6);
    share('prenatalScreeningRate', 1, 3);
    share('newbornScreeningRate', 2, 5);
    share('premaritalCheckRate', 2, 3);
    share('prepregnancyCheckRate', 1, 3);
    // Positive: S2 (a contact, closed), S5 (nothing yet), S16 (closed in 2026); the voided S4 not.
    share('positiveFollowupRate', 2, 3);
    // F1 closed by its due date; F2 open past its due; F4 on a voided service not counted.
    share('followupOnTimeRate', 1, 2);
    // PT1 on time, PT2 replied after its extended deadline; PT3 falls in 2026, PT4 was not accepted.
    share('petitionConcludedOnTimeRate', 1, 2);
    // PT1, PT3, PT4 decided in time, PT2 late.
    share('petitionAcceptedOnTimeRate', 3, 4);
    share('petitionSatisfactionRate', 1, 2);
    expect(c.cervicalCancerScreeningRate.lower).toBeLessThan(c.cervicalCancerScreeningRate.value);
    // 3 visits; one family at the year's end (李桂英, in the register twice); 500 + 123.45 yuan.
    expect(c.careVisits).toMatchObject({ value: 3, denominator: null });
    expect(c.careFamilies).toMatchObject({ value: 1 });
    expect(c.careAssistanceAmount).toMatchObject({ value: 623.45, numerator: 62_345, lower: null });
    expect(c.casesOpened.value).toBe(2);
    expect(c.casesClosed.value).toBe(1);
  });

  it('split by village, with the township’s own petitions and cases counted for the township', async () => {
    const body = await figures(SANFENGSI, '2025', 'children');
    const own = byCode(body.figures);
    expect(own.petitionAcceptedOnTimeRate).toMatchObject({ numerator: 3, denominator: 4 });
    expect(own.casesOpened.value).toBe(2);
    const village = (id: string) => byCode(body.breakdown.find((b: any) => b.unit.id === id).figures);
    expect(village(XINPU).cervicalCancerScreeningRate).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(village(FUXING).cervicalCancerScreeningRate).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(village(XINPU).newbornScreeningRate).toMatchObject({ numerator: 2, denominator: 3 });
    expect(village(FUXING).positiveFollowupRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(village(XINPU).petitionAcceptedOnTimeRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(village(FUXING).petitionAcceptedOnTimeRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(village(XINPU).careAssistanceAmount.value).toBe(500);
    expect(village(FUXING).careVisits.value).toBe(1);
    expect(village(XINPU).casesOpened.value).toBe(1);
    // A village's worker sees her village's figures.
    const mine = byCode((await figures(XINPU, '2025', 'none', 'village')).figures);
    expect(mine.gynecologicalScreeningRate).toMatchObject({ numerator: 1, denominator: 4 });
  });

  it('in a running year count only what has fallen due; quarters take their own days', async () => {
    const c = byCode((await figures('430623', '2026')).figures);
    // S10 followed up, S17 not yet; F3 closed late, F5 on time, F6 not yet due.
    expect(c.positiveFollowupRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(c.followupOnTimeRate).toMatchObject({ numerator: 1, denominator: 2 });
    // PT3 concluded on time, PT5 past its deadline; PT5 decided on time, PT7 overdue, PT6 not yet due.
    expect(c.petitionConcludedOnTimeRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(c.petitionAcceptedOnTimeRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(c.petitionSatisfactionRate).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    expect(c.newbornScreeningRate).toMatchObject({ denominator: 0, value: null });
    expect(c.careFamilies.value).toBe(2);
    expect(c.careAssistanceAmount.value).toBe(200);
    expect(c.casesOpened.value).toBe(1);
    expect(c.casesClosed.value).toBe(1);
    // K3 is the county's own case: no township's.
    const township = byCode((await figures(SANFENGSI, '2026')).figures);
    expect(township.casesOpened.value).toBe(0);
    // At the end of June 2025 曾志强's family was still in the register.
    const q2 = byCode((await figures('430623', '2025Q2')).figures);
    expect(q2.careFamilies.value).toBe(2);
    expect(q2.petitionAcceptedOnTimeRate).toMatchObject({ numerator: 0, denominator: 0 });
    const series = await (
      await t.as('county')
    ).get('/api/indicators/series?code=cervicalCancerScreeningRate&unitId=430623&from=2025&to=2026');
    expect(series.status, JSON.stringify(series.body).slice(0, 300)).toBe(200);
    expect(series.body.points[0]).toMatchObject({ numerator: 1, denominator: 3 });
  });
});

describe('drill-down of issue 7 figures', () => {
  const q = (code: string, part: string, unitId = '430623', period = '2025') =>
    `/api/indicators/${code}/records?unitId=${unitId}&period=${period}&part=${part}`;

  it('health: persons and services, never findings, for the health roles, in the caller’s area', async () => {
    const county = await t.as('county');
    const target = await county.get(q('cervicalCancerScreeningRate', 'denominator'));
    expect(target.status, JSON.stringify(target.body)).toBe(200);
    expect(target.body).toMatchObject({ total: 3, hidden: 0, indicator: { records: 'screening' } });
    const covered = await county.get(q('cervicalCancerScreeningRate', 'numerator'));
    expect(covered.body.items.map((i: any) => i.personId)).toEqual([f.ids.W2]);
    const positives = await county.get(q('positiveFollowupRate', 'denominator'));
    expect(positives.body.items.map((i: any) => i.serviceId).sort()).toEqual(
      [f.services.S2, f.services.S5, f.services.S16].sort(),
    );
    const s2 = positives.body.items.find((i: any) => i.serviceId === f.services.S2);
    expect(s2).toMatchObject({ serviceKind: 'breast_cancer', followupStatus: 'closed', contacts: 1, unitId: XINPU });
    const text = JSON.stringify(positives.body);
    expect(text).not.toContain('ASC-US');
    expect(text).not.toContain('findings');
    const due = await county.get(q('followupOnTimeRate', 'denominator'));
    expect(due.body.items.map((i: any) => i.followupId).sort()).toEqual([f.followups.F1, f.followups.F2].sort());
    // 新铺村's worker (health.read): her village only; 复兴村 is not hers.
    const village = await t.as('village');
    const mine = await village.get(q('gynecologicalScreeningRate', 'denominator', XINPU));
    expect(mine.body.total).toBe(4);
    expect((await village.get(q('gynecologicalScreeningRate', 'denominator', FUXING))).status).toBe(404);
    // The case officer reads figures but not health records.
    const cases = await t.as('cases');
    expect((await cases.get(q('cervicalCancerScreeningRate', 'denominator'))).status).toBe(403);
  });

  it('cases: only for holders of case.handle', async () => {
    const cases = await t.as('cases');
    const opened = await cases.get(q('casesOpened', 'numerator'));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.items.map((i: any) => i.number)).toEqual(['LF-K1', 'LF-K2']);
    expect(JSON.stringify(opened.body)).not.toContain('当事人甲');
    const denied = await (await t.as('county')).get(q('casesOpened', 'numerator'));
    expect(denied.status).toBe(403);
    expect((await (await t.as('village')).get(q('casesClosed', 'numerator', XINPU))).status).toBe(403);
    expect((await (await t.as('health')).get(q('casesClosed', 'numerator'))).status).toBe(403);
    // The figure itself is for every reader of indicators.
    expect((await figures('430623', '2025', 'none', 'health')).figures.length).toBeGreaterThan(0);
  });

  it('petitions and care: for their staff, without the petition’s content', async () => {
    const county = await t.as('county');
    const due = await county.get(q('petitionConcludedOnTimeRate', 'denominator'));
    expect(due.status, JSON.stringify(due.body)).toBe(200);
    expect(due.body.items.map((i: any) => i.petitionId)).toEqual([f.petitions.PT1, f.petitions.PT2]);
    expect(due.body.items[1]).toMatchObject({ onTime: false, extensionDays: 30, unitId: XINPU });
    expect(JSON.stringify(due.body)).not.toContain('内容不在明细中列出');
    expect(JSON.stringify(due.body)).not.toContain('13800000000');
    expect((await (await t.as('health')).get(q('petitionConcludedOnTimeRate', 'denominator'))).status).toBe(403);
    const families = await county.get(q('careFamilies', 'numerator'));
    expect(families.body).toMatchObject({ total: 1 });
    expect(families.body.items.map((i: any) => i.personId)).toEqual([t.people.grandmother]);
    const grants = await county.get(q('careAssistanceAmount', 'numerator'));
    expect(grants.body.items.map((i: any) => Number(i.amountFen)).sort()).toEqual([12_345, 50_000]);
    expect((await (await t.as('admin')).get(q('careVisits', 'numerator'))).status).toBe(403);
    expect((await county.get(q('careVisits', 'denominator'))).status).toBe(400);
  });

  it('stay out of the annual report', async () => {
    const res = await (await t.as('county')).get('/api/annual-report?year=2025');
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('cervicalCancerScreeningRate');
  });
});
