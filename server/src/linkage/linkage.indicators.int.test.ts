import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedClient } from '../feeds/fixtures/feedClient.js';
import { CIVIL_HEADER, gbkCsv, HOSPITAL_HEADER, POLICE_HEADER, utf8Csv } from '../feeds/fixtures/feeds.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';

/**
 * The linkage figures join the indicator catalogue: match rate, birth and death under-reporting
 * and the capture–recapture completeness of birth registration, per unit and period, with the
 * department records behind each numerator and denominator.
 */
let t: TestCase;
const feeds = feedClient(() => t);
const TOWNSHIP = XINPU.slice(0, 9);

async function linked(name: string, data: Buffer, feedType: string) {
  const up = await feeds.upload('county', { name, data }, { feedType, encoding: 'auto' });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  const run = await (await t.as('county')).post('/api/linkage/runs', { batchId: up.body.batch.id });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  return run.body;
}

beforeAll(async () => {
  t = await setupTestCase();
  // The registry's one birth of 2016: 李明, 王秀英's son, in 新铺村.
  await t.db
    .insertInto('vitalEvent')
    .values({
      id: randomUUID(),
      countyCode: '430623',
      type: 'birth',
      eventDate: '2016-05-05',
      unitId: XINPU,
      personId: t.people.firstChild,
      otherPersonId: t.people.wife,
      reportId: null,
      reportedOn: '2016-05-20',
      confirmedAt: new Date(),
      childSex: 1,
      birthOrder: 1,
      birthWeightG: 3300,
      gestationalWeeks: 39,
      hasDefect: false,
      motherAge: 23,
      details: '{}',
    })
    .execute();
  const hospital = await linked(
    '出生医学证明2016.csv',
    gbkCsv('华容县人民医院出生医学证明信息', HOSPITAL_HEADER, [
      // In the registry: found.
      [
        'Q1',
        '李明',
        '男',
        '2016-05-05',
        3300,
        39,
        '华容县人民医院',
        '王秀英',
        t.people.ids.wife,
        '李建国',
        '',
        '华容县三封寺镇新铺村1组8号',
      ],
      // 张小红 of 复兴村: no such child in the registry, a missing birth.
      [
        'Q2',
        '',
        '女',
        '2016-07-01',
        3100,
        40,
        '华容县人民医院',
        '张小红',
        t.people.ids.fuxingWoman,
        '',
        '',
        '华容县三封寺镇复兴村2组3号',
      ],
      // A mother from another county: counts nowhere.
      [
        'Q3',
        '',
        '男',
        '2016-08-09',
        2950,
        37,
        '华容县人民医院',
        '刘芳芳',
        makeIdNumber('430682', '1997-07-14', 94),
        '',
        '',
        '湖南省岳阳市临湘市某街道',
      ],
    ]),
    'hospital_birth',
  );
  expect(hospital.findings).toEqual({ consistent: 1, missing: 1, unmatched: 1 });
  const police = await linked(
    '户籍注销2016.csv',
    utf8Csv(POLICE_HEADER, [
      [
        '死亡注销',
        t.people.ids.grandmother,
        '李桂英',
        '女',
        '1950-01-20',
        '2016-10-01',
        '华容县三封寺镇新铺村1组8号',
        XINPU,
        '',
      ],
      // Nobody of that number in the registry, but the police name 新铺村: unmatched, in 新铺村.
      [
        '死亡注销',
        makeIdNumber('430623', '1940-03-03', 55),
        '周德福',
        '男',
        '1940-03-03',
        '2016-11-11',
        '华容县三封寺镇新铺村3组1号',
        XINPU,
        '',
      ],
    ]),
    'police_hukou',
  );
  expect(police.findings).toEqual({ missing: 1, unmatched: 1 });
  // Civil affairs reports the same death: one person, counted once.
  const civil = await linked(
    '死亡2016.csv',
    utf8Csv(CIVIL_HEADER, [
      ['死亡', '2016-10-03', '', '', '', '', '李桂英', t.people.ids.grandmother, '2016-10-01', '华容县民政局'],
    ]),
    'civil_affairs',
  );
  expect(civil.findings).toEqual({ contradicted: 1 });
});
afterAll(async () => t?.close());

const CODES = 'linkageMatchRate,birthUnderReportingRate,deathUnderReportingRate,birthRegistrationCompleteness';
const byCode = (fs: Array<{ code: string }>) => Object.fromEntries(fs.map((f) => [f.code, f])) as Record<string, any>;

describe('linkage figures in the indicator catalogue', () => {
  it('are in the catalogue, with linkage as their source', async () => {
    const res = await (await t.as('county')).get('/api/indicators/catalog');
    const linkage = res.body.indicators.filter((d: any) => d.source === 'linkage').map((d: any) => d.code);
    expect(linkage).toEqual(CODES.split(','));
  });

  it('come out as counted by hand for the county', async () => {
    const res = await (
      await t.as('county')
    ).get(`/api/indicators?unitId=430623&period=2016&codes=${CODES}&breakdown=children`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const f = byCode(res.body.figures);
    // Five records about the county decided (Q3 has no village here); four found a person.
    expect(f.linkageMatchRate).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    expect(f.birthUnderReportingRate).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    // 李桂英 is reported dead by the police and civil affairs, alive in the registry: one person.
    expect(f.deathUnderReportingRate).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    // One registered birth, two certificates, one on both: Chapman estimates (2·3)/2 − 1 = 2 births.
    const c = f.birthRegistrationCompleteness;
    expect(c).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    expect(c.parts).toMatchObject({ births: 1, hospitalBirths: 2, hospitalBirthsRegistered: 1, estimatedBirths: 2 });
    expect(c.lower).toBeLessThanOrEqual(50);
    expect(c.upper).toBeGreaterThanOrEqual(50);
    // Per township: all of it is 三封寺镇's.
    const township = res.body.breakdown.find((b: any) => b.unit.id === TOWNSHIP);
    expect(byCode(township.figures).birthUnderReportingRate).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('split by village and by period', async () => {
    const county = await t.as('county');
    const res = await county.get(`/api/indicators?unitId=${TOWNSHIP}&period=2016&codes=${CODES}&breakdown=children`);
    const village = (id: string) => byCode(res.body.breakdown.find((b: any) => b.unit.id === id).figures);
    expect(village(XINPU).birthUnderReportingRate).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(village(FUXING).birthUnderReportingRate).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    expect(village(XINPU).deathUnderReportingRate).toMatchObject({ numerator: 1, denominator: 1 });
    // The second half of 2016 holds the missing birth, the first half the registered one.
    const h1 = byCode((await county.get(`/api/indicators?unitId=430623&period=2016Q2&codes=${CODES}`)).body.figures);
    expect(h1.birthUnderReportingRate).toMatchObject({ numerator: 0, denominator: 1 });
    // No feed reports 2015: nothing to divide.
    const none = byCode((await county.get(`/api/indicators?unitId=430623&period=2015&codes=${CODES}`)).body.figures);
    expect(none.birthUnderReportingRate.value).toBeNull();
    expect(none.birthRegistrationCompleteness.value).toBeNull();
  });

  it('list the department records behind a figure, within the caller’s area', async () => {
    const county = await t.as('county');
    const q = (code: string, part: string, unitId = '430623') =>
      `/api/indicators/${code}/records?unitId=${unitId}&period=2016&part=${part}`;
    const missing = await county.get(q('birthUnderReportingRate', 'numerator'));
    expect(missing.status, JSON.stringify(missing.body)).toBe(200);
    expect(missing.body.indicator.records).toBe('findings');
    expect(missing.body.items).toHaveLength(1);
    expect(missing.body.items[0]).toMatchObject({
      feedType: 'hospital_birth',
      kind: 'missing',
      personId: t.people.fuxingWoman,
      name: '张小红',
      unitId: FUXING,
    });
    expect(missing.body.items[0].idNumberMasked).toMatch(/\*{4}/);
    // One person, two departments: listed once, as counted.
    const deaths = await county.get(q('deathUnderReportingRate', 'denominator'));
    expect(deaths.body).toMatchObject({ total: 1, hidden: 0 });
    expect(deaths.body.items[0]).toMatchObject({ personId: t.people.grandmother });
    // The unmatched death has no person: listed by the name the police wrote.
    const decided = await county.get(q('linkageMatchRate', 'denominator'));
    expect(decided.body.total).toBe(5);
    expect(decided.body.items.find((i: any) => i.kind === 'unmatched')).toMatchObject({
      personId: null,
      name: '周德福',
    });
    // 新铺村's worker sees 新铺村's records only, and cannot ask for 复兴村's.
    const village = await t.as('village');
    const own = await village.get(q('linkageMatchRate', 'denominator', XINPU));
    expect(own.body.total).toBe(4);
    expect(own.body.items.every((i: any) => i.unitId === XINPU)).toBe(true);
    expect((await village.get(q('linkageMatchRate', 'denominator', FUXING))).status).toBe(404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('objectId')
      .where('action', '=', 'indicator.records')
      .where('objectId', '=', 'linkageMatchRate')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the linkage figures page by period', () => {
  it('takes a year, a quarter or a month, and says which period it counted', async () => {
    const county = await t.as('county');
    const q2 = await county.get('/api/linkage/figures?period=2016Q2');
    expect(q2.status, JSON.stringify(q2.body)).toBe(200);
    expect(q2.body.period).toMatchObject({ code: '2016Q2', start: '2016-04-01', end: '2016-06-30' });
    // Only 李明's certificate (May) falls in the second quarter: registered, one birth both lists hold.
    expect(q2.body.byFeedType).toEqual([
      expect.objectContaining({ feedType: 'hospital_birth', total: 1, linked: 1, missing: 0 }),
    ]);
    expect(q2.body.births).toMatchObject({ registry: 1, hospital: 1, both: 1 });
    const year = await county.get('/api/linkage/figures?year=2016');
    expect(year.body.period.code).toBe('2016');
    expect(year.body.byFeedType.map((f: any) => f.feedType).sort()).toEqual([
      'civil_affairs',
      'hospital_birth',
      'police_hukou',
    ]);
  });

  it('refuses a period it cannot read, naming the field', async () => {
    const county = await t.as('county');
    const bad = await county.get('/api/linkage/figures?period=2016Q5');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('period');
    expect((await county.get('/api/linkage/figures')).status).toBe(400);
  });
});
