import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder } from '../testing/persons.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { careDb } from './care.tables.js';

/**
 * The care register of 华容县: the county scans the registry for special families (特殊家庭), the
 * village flags a family in hardship and records visits, the township grants assistance, the
 * county reads the totals per year, township and fund source. Each sees only their own units.
 */
let t: TestCase;
const c: Record<'county' | 'township' | 'zhihedu' | 'village' | 'village2' | 'admin' | 'health', Client> = {} as never;
const ids: Record<string, string> = {};
let seq = 500;
let otherVillage = '';
const row = personRowBuilder(() => t.sealer, { ids, nextSeq: () => seq++ });
const day = 24 * 3_600_000;

const USERS = ['county', 'township', 'zhihedu', 'village', 'village2', 'admin', 'health'] as const;
/** Sessions time out when the clock moves on by days: everyone signs in again. */
async function signIn() {
  for (const u of USERS) c[u] = await t.as(u);
}

async function assess(key: string, grade: number, assessedOn: string) {
  await t.db
    .withTables<{
      disabilityAssessment: {
        id: string;
        countyCode: string;
        personId: string;
        grade: number;
        category: string;
        assessedOn: string;
        recordedAt: Date;
      };
    }>()
    .insertInto('disabilityAssessment')
    .values({
      id: randomUUID(),
      countyCode: '430623',
      personId: ids[key]!,
      grade,
      category: 'physical',
      assessedOn,
      recordedAt: new Date(),
    })
    .execute();
}

type Family = {
  id: string;
  personId: string;
  category: string;
  source: string;
  version: number;
  endedOn: string | null;
};
async function families(who: Client, q = ''): Promise<Family[]> {
  const res = await who.get(`/api/care/families?pageSize=500${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
const flagOf = (list: Family[], key: string) => list.filter((f) => f.personId === ids[key]);
const counts = async () => ({
  families: Number(
    (
      await careDb(t.db)
        .selectFrom('careFamily')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  visits: Number(
    (
      await careDb(t.db)
        .selectFrom('careVisit')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  grants: Number(
    (
      await careDb(t.db)
        .selectFrom('careAssistance')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

beforeAll(async () => {
  t = await setupTestCase();
  await signIn();
  otherVillage = (
    await t.db
      .selectFrom('orgUnit')
      .select('id')
      .where('parentId', '=', '430623102')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  const household = randomUUID();
  await t.db
    .insertInto('household')
    .values({
      id: household,
      countyCode: '430623',
      householdNumber: `${XINPU}0099`,
      unitId: XINPU,
      address: '新铺村3组',
      hukouType: 'rural',
    })
    .execute();
  await insertPersons(t.db, [
    // 新铺村: the only son died in 2020 (both parents are a special family).
    row({ key: 'AH', sex: 1, birth: '1960-03-01', unit: XINPU, spouse: 'AW' }),
    row({ key: 'AW', sex: 2, birth: '1962-05-05', unit: XINPU, spouse: 'AH' }),
    // 新铺村: the only daughter assessed disabled, grade 2.
    row({ key: 'BH', sex: 1, birth: '1965-01-01', unit: XINPU, spouse: 'BW' }),
    row({ key: 'BW', sex: 2, birth: '1966-01-01', unit: XINPU, spouse: 'BH' }),
    // 新铺村: one child died, another lives: not a special family.
    row({ key: 'CH', sex: 1, birth: '1963-01-01', unit: XINPU, spouse: 'CW' }),
    row({ key: 'CW', sex: 2, birth: '1964-01-01', unit: XINPU, spouse: 'CH' }),
    // 新铺村: the only child assessed grade 4 (not severe enough).
    row({ key: 'DH', sex: 1, birth: '1967-01-01', unit: XINPU, spouse: 'DW' }),
    row({ key: 'DW', sex: 2, birth: '1968-01-01', unit: XINPU, spouse: 'DH' }),
    // 复兴村: a widow whose only son died in 2022; the father died in 2018.
    row({ key: 'EH', sex: 1, birth: '1958-01-01', unit: FUXING, spouse: 'EW', death: '2018-04-04' }),
    row({ key: 'EW', sex: 2, birth: '1959-01-01', unit: FUXING, spouse: 'EH' }),
    // 新铺村: a family in hardship, flagged by staff.
    row({ key: 'HH', sex: 1, birth: '1975-01-01', unit: XINPU }),
  ]);
  await insertPersons(t.db, [
    row({ key: 'GH', sex: 1, birth: '1961-01-01', unit: otherVillage, spouse: 'GW' }),
    row({ key: 'GW', sex: 2, birth: '1962-01-01', unit: otherVillage, spouse: 'GH' }),
  ]);
  await insertPersons(t.db, [
    row({ key: 'AC', sex: 1, birth: '1985-01-01', unit: XINPU, mother: 'AW', father: 'AH', death: '2020-06-01' }),
    row({ key: 'BC', sex: 2, birth: '1990-01-01', unit: XINPU, mother: 'BW', father: 'BH' }),
    row({ key: 'CC', sex: 1, birth: '1986-01-01', unit: XINPU, mother: 'CW', father: 'CH', death: '2019-01-01' }),
    row({ key: 'CD', sex: 2, birth: '1992-01-01', unit: XINPU, mother: 'CW', father: 'CH' }),
    row({ key: 'DC', sex: 1, birth: '1993-01-01', unit: XINPU, mother: 'DW', father: 'DH' }),
    row({ key: 'EC', sex: 1, birth: '1984-01-01', unit: FUXING, mother: 'EW', father: 'EH', death: '2022-02-02' }),
    row({
      key: 'GC',
      sex: 1,
      birth: '1988-01-01',
      unit: otherVillage,
      mother: 'GW',
      father: 'GH',
      death: '2021-01-01',
    }),
  ]);
  await t.db.updateTable('person').set({ householdId: household }).where('id', 'in', [ids.AH!, ids.AW!]).execute();
  await assess('BC', 2, '2021-03-01');
  await assess('DC', 4, '2021-03-01');
});
afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('the registry scan', () => {
  it('flags each parent of a special family once, in the caller’s units, and not the others', async () => {
    expect((await c.village.post('/api/care/scan')).status).toBe(403);
    const town = await c.township.post('/api/care/scan');
    expect(town.status, JSON.stringify(town.body)).toBe(200);
    // 三封寺镇: AH, AW (died), BH, BW (disabled), EW (died); not 治河渡镇's GH, GW.
    expect(town.body).toMatchObject({ found: 5, flagged: 5, alreadyOpen: 0 });
    const county = await c.county.post('/api/care/scan');
    expect(county.body).toMatchObject({ found: 7, flagged: 2, alreadyOpen: 5 });

    const all = await families(c.county);
    const flagged = (k: string) => flagOf(all, k).map((f) => `${f.category}/${f.source}`);
    expect(flagged('AH')).toEqual(['only_child_died/registry']);
    expect(flagged('AW')).toEqual(['only_child_died/registry']);
    expect(flagged('BH')).toEqual(['only_child_disabled/registry']);
    expect(flagged('BW')).toEqual(['only_child_disabled/registry']);
    expect(flagged('EW')).toEqual(['only_child_died/registry']);
    expect(flagged('GH')).toEqual(['only_child_died/registry']);
    for (const k of ['CH', 'CW', 'DH', 'DW', 'EH']) expect(flagged(k), k).toEqual([]);
    const aw = flagOf(all, 'AW')[0]! as Family & { reason: string; householdNumber: string | null };
    expect(aw.reason).toContain('2020-06-01死亡');
    expect(aw.householdNumber).toBe(`${XINPU}0099`);

    // Again: nothing new.
    const again = await c.county.post('/api/care/scan');
    expect(again.body).toMatchObject({ found: 7, flagged: 0, alreadyOpen: 7 });
    expect((await counts()).families).toBe(7);
    const audit = await t.db.selectFrom('auditLog').select('detail').where('action', '=', 'care.scan').execute();
    expect(audit).toHaveLength(3);
  });

  it('does not re-open a flag staff ended, unless a newer assessment comes after the end', async () => {
    const all = await families(c.county);
    for (const k of ['AH', 'BH']) {
      const f = flagOf(all, k)[0]!;
      const res = await c.village.post(`/api/care/families/${f.id}/end`, {
        version: f.version,
        reason: '家属要求不再列入',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await c.county.post('/api/care/scan')).body).toMatchObject({ found: 7, flagged: 0, keptEnded: 2 });

    clock.advance(2 * day);
    await signIn();
    // BC is assessed again after the end (grade 1): BH is flagged again; AH's son's death is older than the end.
    await assess('BC', 1, clock.today());
    const res = await c.county.post('/api/care/scan');
    expect(res.body).toMatchObject({ flagged: 1, keptEnded: 1 });
    const bh = flagOf(await families(c.county, '&status=all'), 'BH');
    expect(bh.map((f) => f.endedOn === null)).toEqual(expect.arrayContaining([true, false]));
    expect(flagOf(await families(c.county), 'AH')).toEqual([]);
  });
});

describe('staff flags, visits and assistance', () => {
  let hardship = '';
  it('the village flags a family in hardship; a reason is required; no duplicate', async () => {
    const before = await counts();
    const noReason = await c.village.post('/api/care/families', {
      personId: ids.HH,
      category: 'hardship',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('原因');
    expect(noReason.body.problems[0].field).toBe('reason');
    const badCategory = await c.village.post('/api/care/families', { personId: ids.HH, category: 'poor', reason: 'x' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.message).toContain('关怀类别');
    // Another village's person looks missing.
    expect(
      (await c.village2.post('/api/care/families', { personId: ids.HH, category: 'hardship', reason: '因病致贫' }))
        .status,
    ).toBe(404);
    // A person who died cannot be flagged.
    const dead = await c.village2.post('/api/care/families', {
      personId: ids.EH,
      category: 'hardship',
      reason: '因病致贫',
    });
    expect(dead.status).toBe(400);
    expect(dead.body.problems[0].field).toBe('personId');
    expect(await counts()).toEqual(before);

    const ok = await c.village.post('/api/care/families', {
      personId: ids.HH,
      category: 'hardship',
      reason: '因病致贫',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    hardship = ok.body.id;
    const dup = await c.village.post('/api/care/families', { personId: ids.HH, category: 'hardship', reason: '再次' });
    expect(dup.status).toBe(409);
    expect(dup.body.problems[0].field).toBe('category');
    const list = await families(c.village, '&source=staff&q=HH');
    expect(list.map((f) => f.id)).toEqual([hardship]);
  });

  it('visits are recorded by the village, not in the future, and listed per family and per unit and period', async () => {
    const future = new Date(Date.parse(`${clock.today()}T00:00:00Z`) + day).toISOString().slice(0, 10);
    const bad = await c.village.post(`/api/care/families/${hardship}/visits`, {
      visitedOn: future,
      visitors: '陈芳',
      needs: '医药费',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].field).toBe('visitedOn');
    expect(bad.body.message).toContain('走访日期');
    const missing = await c.village.post(`/api/care/families/${hardship}/visits`, {
      visitedOn: clock.today(),
      needs: 'x',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('走访人员');
    expect((await counts()).visits).toBe(0);

    const ew = flagOf(await families(c.county), 'EW')[0]!;
    for (const [who, fam, on] of [
      [c.village, hardship, '2025-03-01'],
      [c.village, hardship, '2026-01-15'],
      [c.village2, ew.id, '2026-02-01'],
    ] as const) {
      const r = await who.post(`/api/care/families/${fam}/visits`, {
        visitedOn: on,
        visitors: '村专干',
        needs: '生活困难',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // 复兴村's worker cannot visit 新铺村's family.
    expect(
      (
        await c.village2.post(`/api/care/families/${hardship}/visits`, {
          visitedOn: '2026-01-01',
          visitors: 'x',
          needs: 'y',
        })
      ).status,
    ).toBe(404);
    const perFamily = await c.village.get(`/api/care/visits?familyId=${hardship}`);
    expect(perFamily.body.map((v: { visitedOn: string }) => v.visitedOn)).toEqual(['2026-01-15', '2025-03-01']);
    const inPeriod = await c.township.get(`/api/care/visits?unitId=${XINPU}&from=2026-01-01&to=2026-12-31`);
    expect(inPeriod.body).toHaveLength(1);
    expect((await c.township.get('/api/care/visits?from=2026-01-01')).body).toHaveLength(2);
    expect((await c.village2.get('/api/care/visits')).body).toHaveLength(1);
    expect((await c.zhihedu.get('/api/care/visits')).body).toHaveLength(0);
  });

  it('assistance in fen: granted by the township and the county, only to open families, totalled per year, township and source', async () => {
    const all = await families(c.county, '&status=all');
    const ew = flagOf(all, 'EW')[0]!;
    const gh = flagOf(all, 'GH')[0]!;
    const ah = flagOf(all, 'AH')[0]!;
    const grant = (who: Client, fam: string, body: Record<string, unknown>) =>
      who.post(`/api/care/families/${fam}/assistance`, {
        kind: 'cash',
        fundSource: 'county_finance',
        purpose: '春节慰问',
        ...body,
      });
    expect((await grant(c.village, hardship, { grantedOn: '2026-01-20', amountFen: 50_000 })).status).toBe(403);
    const fraction = await grant(c.township, hardship, { grantedOn: '2026-01-20', amountFen: 100.5 });
    expect(fraction.status).toBe(400);
    expect(fraction.body.message).toContain('金额');
    const zero = await grant(c.township, hardship, { grantedOn: '2026-01-20', amountFen: 0 });
    expect(zero.body.problems[0].field).toBe('amountFen');
    const noSource = await grant(c.township, hardship, { grantedOn: '2026-01-20', amountFen: 1, fundSource: 'bank' });
    expect(noSource.body.message).toContain('资金来源');
    const ended = await grant(c.township, ah.id, { grantedOn: '2026-01-20', amountFen: 100 });
    expect(ended.status).toBe(409);
    expect((await grant(c.zhihedu, hardship, { grantedOn: '2026-01-20', amountFen: 1 })).status).toBe(404);
    expect((await counts()).grants).toBe(0);

    const grants: Array<[Client, string, Record<string, unknown>]> = [
      [c.township, hardship, { grantedOn: '2025-09-09', amountFen: 123_456 }],
      [c.township, hardship, { grantedOn: '2026-01-20', amountFen: 50_001 }],
      [c.township, hardship, { grantedOn: '2026-02-20', amountFen: 9_999, kind: 'goods', fundSource: 'charity' }],
      [c.county, ew.id, { grantedOn: '2026-03-01', amountFen: 200_000, fundSource: 'family_planning_association' }],
      [c.county, gh.id, { grantedOn: '2026-04-01', amountFen: 1, kind: 'service' }],
    ];
    for (const [who, fam, body] of grants) {
      const r = await grant(who, fam, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const totals = await c.county.get('/api/care/totals?year=2026');
    expect(totals.status).toBe(200);
    const key = (r: { townshipId: string; fundSource: string; amountFen: number; grants: number }) =>
      `${r.townshipId}/${r.fundSource}=${r.amountFen}/${r.grants}`;
    expect(totals.body.items.map(key).sort()).toEqual([
      '430623101/charity=9999/1',
      '430623101/county_finance=50001/1',
      '430623101/family_planning_association=200000/1',
      '430623102/county_finance=1/1',
    ]);
    expect(totals.body.totalFen).toBe(260_001);
    expect(totals.body.items[0].townshipName).toBe('三封寺镇');
    const allYears = await c.county.get('/api/care/totals');
    expect(allYears.body.totalFen).toBe(383_457);
    expect(allYears.body.items.filter((r: { year: number }) => r.year === 2025).map(key)).toEqual([
      '430623101/county_finance=123456/1',
    ]);
    // The township sees its own; 治河渡镇 only its one fen; the village its own family's.
    expect((await c.township.get('/api/care/totals?year=2026')).body.totalFen).toBe(260_000);
    expect((await c.zhihedu.get('/api/care/totals?year=2026')).body.totalFen).toBe(1);
    expect((await c.village.get('/api/care/totals?year=2026')).body.totalFen).toBe(60_000);
    expect((await c.county.get('/api/care/totals?year=1999')).status).toBe(400);

    const detail = await c.village.get(`/api/care/families/${hardship}`);
    expect(detail.status).toBe(200);
    expect(detail.body.assistanceFen).toBe(183_456);
    expect(detail.body.visits).toHaveLength(2);

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/care/totals/xlsx?year=2026',
      headers: { cookie: c.county.cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const sanfengsi = rows.find((r) => r.includes('三封寺镇'))!;
    // 县级财政 500.01, 卫健 0, 计生协会 2000.00, 社会捐助 99.99; total 2600.00.
    expect(sanfengsi.slice(3, 10)).toEqual([500.01, 0, 2000, 99.99, 0, 0, 2600]);
  });

  it('ends a family with a reason and the version read; everything is audited; others see nothing', async () => {
    const detail = await c.village.get(`/api/care/families/${hardship}`);
    const v = detail.body.family.version;
    expect((await c.village.post(`/api/care/families/${hardship}/end`, { version: v, reason: '' })).status).toBe(400);
    expect(
      (await c.village.post(`/api/care/families/${hardship}/end`, { version: v + 5, reason: '脱贫' })).status,
    ).toBe(409);
    const ok = await c.village.post(`/api/care/families/${hardship}/end`, { version: v, reason: '已脱贫' });
    expect(ok.status).toBe(200);
    expect((await c.village.post(`/api/care/families/${hardship}/end`, { version: v + 1, reason: '再' })).status).toBe(
      409,
    );
    expect((await families(c.village, '&status=ended&category=hardship')).map((f) => f.id)).toEqual([hardship]);

    // The village sees 新铺村's families only; the admin and the health worker do not reach the register.
    expect((await families(c.village)).every((f) => ['AW', 'BW', 'BH'].some((k) => f.personId === ids[k]))).toBe(true);
    expect((await c.village2.get(`/api/care/families/${hardship}`)).status).toBe(404);
    expect((await c.admin.get('/api/care/families')).status).toBe(403);
    expect((await c.health.get('/api/care/totals')).status).toBe(403);

    const actions = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'like', 'care.%')
      .execute()
      .then((rs) => new Set(rs.map((r) => r.action)));
    for (const a of [
      'care.family.search',
      'care.visit.search',
      'care.scan',
      'care.family.flag',
      'care.family.end',
      'care.family.view',
      'care.visit.record',
      'care.assistance.grant',
      'care.totals.export',
    ])
      expect(actions.has(a), a).toBe(true);
  });
});
