import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedServices, type ServicesFixture } from '../indicators/indicator.services.fixtures.js';
import { insertPersons, updatePerson } from '../registry/person.repository.js';
import { personRowBuilder } from '../testing/persons.js';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';

/**
 * Target groups from the registry (health.targets.ts), on the small registry of
 * indicators/indicator.services.fixtures.ts: who should have come in 2025, who did, and the list
 * of those who did not, for each service; ages at their boundaries, women only, mothers of
 * births, voided services, and the caller's area.
 */
let t: TestCase;
let f: ServicesFixture;

beforeAll(async () => {
  t = await setupTestCase();
  f = await seedServices(t);
});
afterAll(async () => t?.close());

const url = (kind: string, unitId: string, extra = '') =>
  `/api/health/targets?kind=${kind}&unitId=${unitId}&year=2025${extra}`;
const ids = (items: Array<{ personId: string }>) => items.map((i) => i.personId).sort();

describe('target groups of 2025', () => {
  it('cervical cancer: women 35–64 on some day of the year (64 on 1 January in, 65 out; 35 on 31 December in)', async () => {
    const county = await t.as('county');
    const all = await county.get(url('cervical_cancer', '430623', '&covered=all'));
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    // W2 (64 on 1 January) and W3 (35 on 31 December) of 新铺村, W5 of 复兴村; not W1 (65 on
    // 1 January), W4 (34), 王秀英 (33), the man M1, W6 (moved out) or 李桂英 (75).
    expect(all.body).toMatchObject({
      kind: 'cervical_cancer',
      unitId: '430623',
      year: 2025,
      target: 3,
      covered: 1,
      total: 3,
    });
    expect(ids(all.body.items)).toEqual([f.ids.W2, f.ids.W3, f.ids.W5].sort());
    const w2 = all.body.items.find((i: any) => i.personId === f.ids.W2);
    expect(w2).toMatchObject({
      sex: 2,
      birthDate: '1960-01-02',
      unitId: XINPU,
      unitName: '新铺村',
      covered: true,
      lastServedOn: '2025-03-01',
    });
    // Not yet covered (应检未检), the default: W3 screened in 2024 only (her last service shown),
    // W5 whose screening was voided (so never).
    const missing = await county.get(url('cervical_cancer', '430623'));
    expect(missing.body).toMatchObject({ target: 3, covered: 1, total: 2 });
    expect(missing.body.items.map((i: any) => [i.personId, i.lastServedOn])).toEqual([
      [f.ids.W3, '2024-11-01'],
      [f.ids.W5, null],
    ]);
    const covered = await county.get(url('cervical_cancer', '430623', '&covered=true'));
    expect(ids(covered.body.items)).toEqual([f.ids.W2]);
    // With a 3-year cycle, W3's screening in November 2024 covers her too.
    const cycle = await county.get(url('cervical_cancer', '430623', '&covered=all&cycleYears=3'));
    expect(cycle.body).toMatchObject({ target: 3, covered: 2, cycleYears: 3 });
  });

  it('breast cancer and gynecological screening: their own services and ages', async () => {
    const county = await t.as('county');
    const breast = await county.get(url('breast_cancer', '430623', '&covered=true'));
    // An abnormal result is still a screening done.
    expect(breast.body).toMatchObject({ target: 3, covered: 1 });
    expect(ids(breast.body.items)).toEqual([f.ids.W2]);
    const gyn = await county.get(url('gynecological', '430623', '&covered=all'));
    // 20–64: W2, W3, W4, 王秀英 in 新铺村; W5 and 张小红 in 复兴村. Screened: W4, 张小红.
    expect(gyn.body).toMatchObject({ target: 6, covered: 2 });
    expect(ids(gyn.body.items)).toEqual(
      [f.ids.W2, f.ids.W3, f.ids.W4, t.people.wife, f.ids.W5, t.people.fuxingWoman].sort(),
    );
    expect(ids(gyn.body.items.filter((i: any) => i.covered))).toEqual([f.ids.W4, t.people.fuxingWoman].sort());
  });

  it('prenatal and pre-pregnancy: mothers of the year’s births, twins once, unknown mothers left out', async () => {
    const county = await t.as('county');
    const prenatal = await county.get(url('prenatal_screening', '430623', '&covered=all'));
    // 王秀英 (screened exactly 280 days before: in), W4 once for her twins (281 days: out), 张小红
    // (her screening voided); C4's mother is not in the registry.
    expect(prenatal.body).toMatchObject({ target: 3, covered: 1 });
    expect(ids(prenatal.body.items)).toEqual([t.people.wife, f.ids.W4, t.people.fuxingWoman].sort());
    const wife = prenatal.body.items.find((i: any) => i.personId === t.people.wife);
    expect(wife).toMatchObject({ eventDate: '2025-03-10', covered: true });
    const w4 = prenatal.body.items.find((i: any) => i.personId === f.ids.W4);
    expect(w4).toMatchObject({ eventDate: '2025-07-01', covered: false, lastServedOn: '2024-09-23' });
    const pre = await county.get(url('prepregnancy', '430623', '&covered=true'));
    // 王秀英 as her husband's partner exactly 2 years before conception; W4 after conception and
    // 张小红 a day too early are not covered.
    expect(pre.body).toMatchObject({ target: 3, covered: 1 });
    expect(ids(pre.body.items)).toEqual([t.people.wife]);
  });

  it('newborn and premarital: the births and both spouses of the year’s marriages', async () => {
    const county = await t.as('county');
    const newborn = await county.get(url('newborn_screening', '430623', '&covered=all'));
    // C1 screened; T1 screened in January 2026 (recorded later, still covered); T2, C4 never;
    // C3's "screening" dated before her birth does not count.
    expect(newborn.body).toMatchObject({ target: 5, covered: 2 });
    expect(ids(newborn.body.items.filter((i: any) => i.covered))).toEqual([f.ids.C1, f.ids.T1].sort());
    const marriage = await county.get(url('premarital', '430623', '&covered=all'));
    // M1 and W3 (checked together exactly a year before), 曾志强 (spouse outside the registry, no
    // check); W5's marriage on 31 December 2024 is another year.
    expect(marriage.body).toMatchObject({ target: 3, covered: 2 });
    expect(ids(marriage.body.items)).toEqual([f.ids.M1, f.ids.W3, t.people.fuxingMan].sort());
  });

  it('per village, within the caller’s area, audited; health roles only', async () => {
    const village = await t.as('village');
    const own = await village.get(url('gynecological', XINPU));
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toMatchObject({ target: 4, covered: 1, total: 3, unitName: '新铺村' });
    expect(own.body.items.every((i: any) => i.unitId === XINPU)).toBe(true);
    expect(JSON.stringify(own.body)).not.toContain('ASC-US');
    expect((await village.get(url('gynecological', FUXING))).status).toBe(404);
    expect((await village.get(url('gynecological', '430623'))).status).toBe(404);
    const health = await t.as('health');
    expect((await health.get(url('newborn_screening', FUXING))).body).toMatchObject({ target: 2, covered: 0 });
    expect((await (await t.as('cases')).get(url('gynecological', XINPU))).status).toBe(403);
    expect((await (await t.as('fundaudit')).get(url('gynecological', XINPU))).status).toBe(403);
    const bad = await health.get('/api/health/targets?kind=x&unitId=430623&year=2025');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('服务项目');
    const paged = await health.get(url('gynecological', '430623', '&covered=all&pageSize=2&page=2'));
    expect(paged.body).toMatchObject({ total: 6, page: 2 });
    expect(paged.body.items).toHaveLength(2);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['username', 'objectId'])
      .where('action', '=', 'health.targets')
      .execute();
    expect(audit.some((a) => a.username === 'village' && a.objectId === XINPU)).toBe(true);
  });

  it('a woman who moved in the year counts once, for her last village; where she lives on the resident basis', async () => {
    const ids: Record<string, string> = {};
    const build = personRowBuilder(() => t.sealer, { ids, nextSeq: () => 900, surname: '迁移' });
    await insertPersons(t.db, [build({ key: 'W7', sex: 2, birth: '1970-08-08', unit: XINPU })]);
    await updatePerson(
      t.db,
      ids.W7!,
      { hukouUnitId: FUXING, residenceUnitId: FUXING },
      { validFrom: '2025-06-01', change: 'test' },
    );
    // 王秀英 lives in 复兴村 from 2025-03-01 while registered in 新铺村.
    await updatePerson(t.db, t.people.wife, { residenceUnitId: FUXING }, { validFrom: '2025-03-01', change: 'test' });
    const county = await t.as('county');
    const count = async (unit: string, extra = '') =>
      (await county.get(url('gynecological', unit, `&covered=all${extra}`))).body;
    const xinpu = await count(XINPU);
    const fuxing = await count(FUXING);
    expect(xinpu.items.map((i: any) => i.personId)).not.toContain(ids.W7);
    expect(fuxing.items.map((i: any) => i.personId)).toContain(ids.W7);
    expect(xinpu.target + fuxing.target).toBe((await count('430623')).target);
    expect((await count('430623')).target).toBe(7);
    // Registered: 王秀英 in 新铺村; resident: in 复兴村.
    expect(xinpu.items.map((i: any) => i.personId)).toContain(t.people.wife);
    const resident = await count(FUXING, '&population=resident');
    expect(resident.items.map((i: any) => i.personId)).toContain(t.people.wife);
    expect(resident.target).toBe(fuxing.target + 1);
  });
});
