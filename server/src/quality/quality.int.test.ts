import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import { insertPersons } from '../registry/person.repository.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * A county statistician scans; the alerts name the violating records, each level sees its own
 * area, a village worker acknowledges, the township dismisses, and a corrected record's alert
 * resolves on the next scan.
 */
let t: TestCase;
let county: Client;
let township: Client;
let village: Client;
let village2: Client;
const ids = {
  birthEvent: randomUUID(),
  old: randomUUID(),
  wrongId: randomUUID(),
  dup: randomUUID(),
  child: randomUUID(),
  otherCounty: randomUUID(),
};
const wrongIdNumber = makeIdNumber('430623', '1990-01-01', 23);

async function person(over: {
  id: string;
  name: string;
  sex: 1 | 2;
  birthDate: string;
  unit: string;
  idNumber?: string;
  motherId?: string;
  householdId?: string;
  county?: string;
}) {
  const py = namePinyin(over.name);
  await insertPersons(t.db, [
    {
      id: over.id,
      countyCode: over.county ?? '430623',
      idNumberSealed: over.idNumber ? t.sealer.seal(over.idNumber) : null,
      idNumberHash: over.idNumber ? t.sealer.lookupHash(over.idNumber) : null,
      idNumberMasked: over.idNumber ? maskIdNumber(over.idNumber) : null,
      name: over.name,
      namePinyin: py.full,
      nameInitials: py.initials,
      sex: over.sex,
      birthDate: over.birthDate,
      ethnicity: '01',
      hukouType: 'rural',
      hukouUnitId: over.unit,
      residenceUnitId: over.unit,
      householdId: over.householdId ?? null,
      relationship: null,
      motherId: over.motherId ?? null,
      fatherId: null,
      spouseId: null,
      maritalStatus: '10',
      birthOrder: null,
      status: 'active',
      deathDate: null,
      leftDate: null,
      history: { validFrom: over.birthDate, change: 'import' },
    },
  ]);
}

const alertsOf = (body: { items: Array<{ code: string; unitId: string; period: string }> }) =>
  body.items.map((a) => `${a.code}:${a.unitId}:${a.period}`);

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  township = await t.as('township');
  village = await t.as('village');
  village2 = await t.as('village2');
  // 新铺村: the first child's birth recorded with a mother aged 11 and a birth weight of 9 kg.
  await t.db
    .insertInto('vitalEvent')
    .values({
      id: ids.birthEvent,
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
      birthWeightG: 9000,
      gestationalWeeks: 39,
      hasDefect: false,
      motherAge: 11,
      details: '{}',
    })
    .execute();
  // 复兴村: a living woman born in 1900; a man whose ID number says 1990-01-01 but the registry 1991-03-03.
  await person({ id: ids.old, name: '赵老太', sex: 2, birthDate: '1900-02-02', unit: FUXING });
  await person({
    id: ids.wrongId,
    name: '钱错号',
    sex: 1,
    birthDate: '1991-03-03',
    unit: FUXING,
    idNumber: wrongIdNumber,
  });
  // 新铺村: 李明 registered a second time without an ID number in another household (in 复兴村's household).
  await person({
    id: ids.dup,
    name: '李明',
    sex: 1,
    birthDate: '2016-05-05',
    unit: XINPU,
    householdId: t.people.hFuxing,
  });
  // 王秀英's ID number registered in another county too (a provincial database holds both).
  await person({
    id: ids.otherCounty,
    name: '王秀英',
    sex: 2,
    birthDate: '1992-06-01',
    unit: FUXING,
    idNumber: t.people.ids.wife,
    county: '430624',
  });
  // 复兴村: a child whose recorded mother is a man.
  await person({
    id: ids.child,
    name: '曾小宝',
    sex: 2,
    birthDate: '2020-08-08',
    unit: FUXING,
    motherId: t.people.fuxingMan,
  });
});

afterAll(async () => t?.close());

describe('data quality', () => {
  it('lists the rules with Chinese names and severities', async () => {
    const res = await county.get('/api/quality/rules');
    expect(res.status).toBe(200);
    const codes = res.body.rules.map((r: { code: string }) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'motherAge',
        'birthWeight',
        'over110',
        'idNumberMismatch',
        'duplicateIdNumber',
        'motherInvalid',
        'suspectedDuplicate',
        'householdUnit',
      ]),
    );
    expect(res.body.rules.find((r: { code: string }) => r.code === 'motherAge').nameZh).toBe('生育时母亲年龄异常');
  });

  it('only the county may scan', async () => {
    expect((await township.post('/api/quality/scan', { years: [2016] })).status).toBe(403);
    expect((await village.post('/api/quality/scan', {})).status).toBe(403);
  });

  it('a scan turns violations into alerts, one per rule, village and period', async () => {
    const res = await county.post('/api/quality/scan', { years: [2016, 2020] });
    expect(res.status).toBe(200);
    expect(res.body.created).toBeGreaterThan(0);
    const list = await county.get('/api/quality/alerts?status=open&pageSize=200');
    expect(list.status).toBe(200);
    const keys = alertsOf(list.body);
    expect(keys).toEqual(
      expect.arrayContaining([
        `motherAge:${XINPU}:2016`,
        `birthWeight:${XINPU}:2016`,
        `over110:${FUXING}:current`,
        `idNumberMismatch:${FUXING}:current`,
        `motherInvalid:${FUXING}:2020`,
        `suspectedDuplicate:${XINPU}:current`,
        `householdUnit:${XINPU}:current`,
        `duplicateIdNumber:${XINPU}:current`,
      ]),
    );
    const a = list.body.items.find((x: { code: string }) => x.code === 'motherAge');
    expect(a).toMatchObject({
      kind: 'rule',
      severity: 'high',
      unitName: '新铺村',
      status: 'open',
      link: `/quality/alerts/${a.id}`,
    });
    expect(a.title).toContain('生育时母亲年龄异常');
    expect(typeof a.detectedAt).toBe('string');
    // A re-scan does not duplicate.
    const again = await county.post('/api/quality/scan', { years: [2016, 2020] });
    expect(again.body.created).toBe(0);
    const list2 = await county.get('/api/quality/alerts?status=open&pageSize=200');
    expect(list2.body.total).toBe(list.body.total);
  });

  it('the summary counts open alerts by severity and names the last scan', async () => {
    const res = await township.get('/api/quality/summary');
    expect(res.status).toBe(200);
    expect(res.body.unit).toMatchObject({ id: '430623101', level: 'township' });
    expect(
      res.body.counts.find((c: { status: string; severity: string }) => c.status === 'open' && c.severity === 'high').n,
    ).toBeGreaterThan(0);
    expect(res.body.lastScan).toMatchObject({ trigger: 'manual', periods: ['2016', '2020', 'current'] });
  });

  it("the dashboard's call: open alerts of a unit, five at a time", async () => {
    const res = await township.get(`/api/quality/alerts?unitId=430623101&status=open&page=1&pageSize=5`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(5);
    expect(res.body.items).toHaveLength(5);
    for (const a of res.body.items) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'id',
          'kind',
          'code',
          'severity',
          'unitId',
          'unitName',
          'period',
          'title',
          'message',
          'status',
          'detectedAt',
          'link',
        ]),
      );
      expect(['high', 'medium', 'low']).toContain(a.severity);
    }
    // High first.
    expect(res.body.items[0].severity).toBe('high');
  });

  it('each level sees only its own area', async () => {
    const mine = alertsOf((await village.get('/api/quality/alerts?pageSize=200')).body);
    expect(mine.some((k) => k.startsWith('motherAge:'))).toBe(true);
    expect(mine.every((k) => k.split(':')[1] === XINPU)).toBe(true);
    const other = alertsOf((await village2.get('/api/quality/alerts?pageSize=200')).body);
    expect(other.some((k) => k.startsWith('over110:'))).toBe(true);
    expect(other.every((k) => k.split(':')[1] === FUXING)).toBe(true);
    // Another village's alert answers like one that does not exist, and so does another unit.
    const list = await county.get('/api/quality/alerts?code=motherAge');
    expect((await village2.get(`/api/quality/alerts/${list.body.items[0].id}`)).status).toBe(404);
    expect((await village2.get(`/api/quality/alerts?unitId=${XINPU}`)).status).toBe(404);
    expect((await (await t.as('zhihedu')).get('/api/quality/alerts?pageSize=200')).body.total).toBe(0);
  });

  it('lists violations with links and masked ID numbers only, within scope', async () => {
    const res = await county.get('/api/quality/violations?rule=idNumberMismatch');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      personId: ids.wrongId,
      idNumberMasked: maskIdNumber(wrongIdNumber),
      link: `/persons/${ids.wrongId}`,
      unitName: '复兴村',
    });
    expect(res.body.items[0].message).toContain('出生日期');
    expect(JSON.stringify(res.body)).not.toContain(wrongIdNumber);
    const birth = await village.get(`/api/quality/violations?rule=motherAge&period=2016`);
    expect(birth.body.items).toEqual([
      expect.objectContaining({
        eventId: ids.birthEvent,
        personId: t.people.firstChild,
        value: '11',
        eventDate: '2016-05-05',
      }),
    ]);
    expect(birth.body.items[0].message).toContain('11 岁');
    expect((await village2.get('/api/quality/violations?rule=motherAge')).body.total).toBe(0);
    const all = await village2.get('/api/quality/violations?pageSize=200');
    expect(all.body.items.map((v: { rule: string }) => v.rule).sort()).toEqual([
      'idNumberMismatch',
      'motherInvalid',
      'over110',
    ]);
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'quality.violations'`.execute(t.db);
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(4);
  });

  it('a village worker acknowledges, may not dismiss; the township dismisses; both audited', async () => {
    const list = await village.get('/api/quality/alerts?code=birthWeight');
    const id = list.body.items[0].id;
    expect((await village.post(`/api/quality/alerts/${id}/acknowledge`, { note: '' })).status).toBe(400);
    const ack = await village.post(`/api/quality/alerts/${id}/acknowledge`, { note: '已联系医院核对体重' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', note: '已联系医院核对体重' });
    expect((await village.post(`/api/quality/alerts/${id}/acknowledge`, { note: '再次' })).status).toBe(409);
    expect((await village.post(`/api/quality/alerts/${id}/dismiss`, { note: '无误' })).status).toBe(403);
    const dup = (await township.get('/api/quality/alerts?code=householdUnit')).body.items[0].id;
    const dismissed = await township.post(`/api/quality/alerts/${dup}/dismiss`, { note: '户已迁并，待村更新' });
    expect(dismissed.body.status).toBe('dismissed');
    const audit = await sql<{
      action: string;
    }>`SELECT action FROM audit_log WHERE object_type = 'quality_alert' ORDER BY id`.execute(t.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['quality.alert.acknowledge', 'quality.alert.dismiss']);
    // A re-scan keeps both decisions.
    await county.post('/api/quality/scan', { years: [2016, 2020] });
    expect((await county.get(`/api/quality/alerts/${id}`)).body.status).toBe('acknowledged');
    expect((await county.get(`/api/quality/alerts/${dup}`)).body.status).toBe('dismissed');
  });

  it('an alert whose cause is gone resolves on the next scan, and comes back if the cause does', async () => {
    const list = await county.get('/api/quality/alerts?code=motherAge');
    const id = list.body.items[0].id;
    await sql`UPDATE vital_event SET mother_age = 23 WHERE id = ${ids.birthEvent}`.execute(t.db);
    const scan = await county.post('/api/quality/scan', { years: [2016, 2020] });
    expect(scan.body.resolved).toBeGreaterThanOrEqual(1);
    const after = await county.get(`/api/quality/alerts/${id}`);
    expect(after.body.status).toBe('resolved');
    expect(after.body.resolvedAt).not.toBeNull();
    // An acknowledged alert resolves too when its cause is fixed.
    await sql`UPDATE vital_event SET birth_weight_g = 3900 WHERE id = ${ids.birthEvent}`.execute(t.db);
    await sql`UPDATE vital_event SET mother_age = 10 WHERE id = ${ids.birthEvent}`.execute(t.db);
    await county.post('/api/quality/scan', { years: [2016, 2020] });
    expect((await county.get(`/api/quality/alerts/${id}`)).body.status).toBe('open');
    expect((await county.get('/api/quality/alerts?code=birthWeight')).body.items[0].status).toBe('resolved');
    // A scan of other years leaves 2016's alerts as they are.
    await sql`UPDATE vital_event SET mother_age = 24 WHERE id = ${ids.birthEvent}`.execute(t.db);
    await county.post('/api/quality/scan', { years: [2020] });
    expect((await county.get(`/api/quality/alerts/${id}`)).body.status).toBe('open');
  });

  it('completeness: reports per village, and births against those expected', async () => {
    const res = await township.get('/api/quality/completeness?year=2016');
    expect(res.status).toBe(200);
    const xinpu = res.body.rows.find((r: { unitId: string }) => r.unitId === XINPU);
    expect(xinpu).toMatchObject({ level: 'village', births: 1 });
    expect(res.body.rows.every((r: { unitId: string }) => r.unitId.startsWith('430623101'))).toBe(true);
    expect((await village.get(`/api/quality/completeness?year=2016&unitId=430623101`)).status).toBe(404);
  });

  it('funnel: points for villages with births, limits around the county', async () => {
    const res = await county.get('/api/quality/funnel?year=2016&measure=sexRatio&level=village');
    expect(res.status).toBe(200);
    expect(res.body.centre).toBe(1);
    expect(res.body.points).toEqual([expect.objectContaining({ unitId: XINPU, x: 1, observed: 1 })]);
    expect(res.body.curve.length).toBeGreaterThan(10);
  });
});
