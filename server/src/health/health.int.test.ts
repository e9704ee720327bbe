import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder } from '../testing/persons.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { addDays } from './health.rules.js';
import { healthDb } from './health.tables.js';

/**
 * The county's maternal and child health service records screenings in 三封寺镇: a woman's
 * cervical screening is normal, then one is abnormal and opens a follow-up due in 30 days; a
 * newborn's positive screen is due in 7; a prenatal screen in 复兴村 is given its own days. Wrong
 * records are refused field by field and nothing is written; a wrong record is voided.
 */
let t: TestCase;
let today = '';
const c: Record<'health' | 'township' | 'village' | 'village2' | 'zhihedu', Client> = {} as never;
const ids: Record<string, string> = {};
let seq = 500;
const row = personRowBuilder(() => t.sealer, { ids, nextSeq: () => seq++ });
const day = 24 * 3_600_000;

async function signIn() {
  for (const u of ['health', 'township', 'village', 'village2', 'zhihedu'] as const) c[u] = await t.as(u);
}

const counts = async () => {
  const h = healthDb(t.db);
  const n = async (table: 'healthService' | 'healthFollowup' | 'healthFollowupEvent') =>
    Number(
      (
        await h
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    services: await n('healthService'),
    followups: await n('healthFollowup'),
    events: await n('healthFollowupEvent'),
  };
};

const service = (over: Record<string, unknown> = {}) => ({
  kind: 'cervical_cancer',
  personId: ids.W1,
  servedOn: addDays(today, -40),
  place: '三封寺镇卫生院',
  provider: '县妇幼保健院 吴静',
  result: 'normal',
  ...over,
});

const svc: Record<string, { id: string; followupId: string | null }> = {};

beforeAll(async () => {
  t = await setupTestCase();
  today = clock.today();
  await insertPersons(t.db, [
    row({ key: 'W1', sex: 2, birth: '1985-03-08', unit: XINPU }),
    row({ key: 'BABY', sex: 1, birth: addDays(today, -60), unit: `${XINPU}01` }),
    row({ key: 'DEAD', sex: 2, birth: '1970-01-01', unit: XINPU, death: addDays(today, -100) }),
    {
      ...row({ key: 'LATE', sex: 2, birth: '1990-01-01', unit: XINPU }),
      history: { validFrom: addDays(today, -10), change: 'move_in' },
    },
    row({ key: 'ZH', sex: 2, birth: '1980-01-01', unit: '430623102202' }),
  ]);
  await signIn();
});

afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('recording services', () => {
  it('records a normal screening without a follow-up', async () => {
    const res = await c.health.post('/api/health/services', service());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'cervical_cancer', result: 'normal', followupId: null, unitId: XINPU });
    expect(res.body.person).toMatchObject({ id: ids.W1, name: '测试W1', sex: 'female' });
    expect(res.body.person.idNumberMasked).toMatch(/^430623\*{8}\d{3}[\dX]$/);
    svc.normal = res.body;
  });

  it('an abnormal result opens a follow-up from the service day, due by the kind’s default', async () => {
    const res = await c.health.post(
      '/api/health/services',
      service({ result: 'abnormal', findings: 'HPV16阳性，TCT: ASC-US', servedOn: addDays(today, -40) }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.findings).toBe('HPV16阳性，TCT: ASC-US');
    expect(res.body.followupId).toBeTruthy();
    svc.cervical = res.body;
    const f = await healthDb(t.db)
      .selectFrom('healthFollowup')
      .selectAll()
      .where('id', '=', res.body.followupId)
      .executeTakeFirstOrThrow();
    expect(f).toMatchObject({
      openedOn: addDays(today, -40),
      dueOn: addDays(today, -10),
      status: 'open',
      unitId: XINPU,
    });
    // Sealed at rest: the plain text is nowhere in the row.
    const s = await healthDb(t.db)
      .selectFrom('healthService')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(s.findingsSealed).not.toContain('HPV');
    expect(t.sealer.open(s.findingsSealed!)).toBe('HPV16阳性，TCT: ASC-US');
  });

  it('a newborn’s positive screen is recalled in 7 days; the unit is the village of a group address', async () => {
    const res = await c.health.post('/api/health/services', {
      kind: 'newborn_screening',
      personId: ids.BABY,
      servedOn: addDays(today, -3),
      place: '华容县人民医院',
      provider: '新生儿科',
      result: 'abnormal',
      findings: 'TSH 偏高，需召回复查',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.unitId).toBe(XINPU);
    svc.newborn = res.body;
    const f = await c.health.get(`/api/health/followups/${res.body.followupId}`);
    expect(f.body).toMatchObject({ dueOn: addDays(today, 4), dueState: 'soon', daysOverdue: 0, version: 1 });
  });

  it('followUpDays overrides the default; a couple’s pre-pregnancy check carries the partner', async () => {
    const res = await c.health.post('/api/health/services', {
      kind: 'prenatal_screening',
      personId: t.people.fuxingWoman,
      servedOn: addDays(today, -2),
      place: '县妇幼保健院',
      provider: '产科',
      result: 'abnormal',
      findings: '唐氏筛查高风险 1/150',
      followUpDays: 20,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.unitId).toBe(FUXING);
    svc.prenatal = res.body;
    const f = await c.health.get(`/api/health/followups/${res.body.followupId}`);
    expect(f.body).toMatchObject({ dueOn: addDays(today, 18), dueState: 'later' });

    const couple = await c.health.post('/api/health/services', {
      kind: 'prepregnancy',
      personId: t.people.wife,
      partnerPersonId: t.people.husband,
      servedOn: addDays(today, -5),
      place: '三封寺镇卫生院',
      provider: '县妇幼保健院',
      result: 'normal',
    });
    expect(couple.status, JSON.stringify(couple.body)).toBe(201);
    expect(couple.body.partner).toMatchObject({ id: t.people.husband, name: '李建国', sex: 'male' });
  });

  const refused: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ['a women-only screening for a man', () => service({ personId: t.people.husband }), 'kind', /只为女性/],
    [
      'a newborn screening for a child of ten',
      () => service({ kind: 'newborn_screening', personId: t.people.firstChild }),
      'kind',
      /未满1周岁/,
    ],
    ['a service dated tomorrow', () => service({ servedOn: addDays(today, 1) }), 'servedOn', /晚于今天/],
    ['an abnormal result without findings', () => service({ result: 'abnormal' }), 'findings', /检查所见/],
    [
      'a service after the person’s death',
      () => service({ personId: ids.DEAD, servedOn: addDays(today, -50) }),
      'personId',
      /死亡/,
    ],
    [
      'a service before the person was registered',
      () => service({ personId: ids.LATE, servedOn: addDays(today, -20) }),
      'personId',
      /尚未在登记库登记/,
    ],
    [
      'a partner on a screening of one',
      () => service({ partnerPersonId: t.people.husband }),
      'partnerPersonId',
      /配偶/,
    ],
    [
      'a person who does not exist',
      () => service({ personId: '00000000-0000-4000-8000-000000000000' }),
      'personId',
      /不存在或不在本辖区/,
    ],
    ['follow-up days on a normal result', () => service({ followUpDays: 10 }), 'followUpDays', /随访期限/],
  ];
  for (const [what, body, field, message] of refused) {
    it(`refuses ${what}, naming the field in Chinese, and writes nothing`, async () => {
      const before = await counts();
      const res = await c.health.post('/api/health/services', body());
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      const p = res.body.problems.find((x: { field: string }) => x.field === field);
      expect(p?.message, JSON.stringify(res.body)).toMatch(message);
      expect(await counts()).toEqual(before);
    });
  }

  it('a death after the service does not stop recording it; a person died that day is refused', async () => {
    const ok = await c.health.post(
      '/api/health/services',
      service({ personId: ids.DEAD, servedOn: addDays(today, -150) }),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const res = await c.health.post(
      '/api/health/services',
      service({ personId: ids.DEAD, servedOn: addDays(today, -100) }),
    );
    expect(res.status).toBe(400);
  });

  it('refuses a bad kind at the schema and a recorder without health.record', async () => {
    const res = await c.health.post('/api/health/services', service({ kind: 'dental' }));
    expect(res.status).toBe(400);
    expect((await c.village.post('/api/health/services', service())).status).toBe(403);
    expect((await c.township.post('/api/health/services', service())).status).toBe(403);
  });
});

describe('what is due', () => {
  it('lists follow-ups by due state, the most pressing first, never with findings', async () => {
    const all = await c.health.get('/api/health/followups');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([
      svc.cervical!.followupId,
      svc.newborn!.followupId,
      svc.prenatal!.followupId,
    ]);
    expect(all.body.items[0]).toMatchObject({
      dueState: 'overdue',
      daysOverdue: 10,
      unitName: '新铺村',
      townshipName: '三封寺镇',
      kind: 'cervical_cancer',
    });
    expect(JSON.stringify(all.body)).not.toMatch(/HPV|TSH|唐氏|findings/);
    const overdue = await c.health.get('/api/health/followups?due=overdue');
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([svc.cervical!.followupId]);
    const soon = await c.health.get('/api/health/followups?due=soon');
    expect(soon.body.items.map((i: { id: string }) => i.id)).toEqual([svc.newborn!.followupId]);
    const newborn = await c.health.get('/api/health/followups?kind=newborn_screening');
    expect(newborn.body.total).toBe(1);
  });

  it('each village sees its own follow-ups only', async () => {
    const v = await c.village.get('/api/health/followups');
    expect(v.status).toBe(200);
    expect(v.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [svc.cervical!.followupId, svc.newborn!.followupId].sort(),
    );
    const v2 = await c.village2.get('/api/health/followups');
    expect(v2.body.items.map((i: { id: string }) => i.id)).toEqual([svc.prenatal!.followupId]);
    expect((await c.zhihedu.get('/api/health/followups')).body.total).toBe(0);
    // Naming a unit outside the scope gives an empty list, not another village's.
    expect((await c.village2.get(`/api/health/followups?unitId=${XINPU}`)).body.total).toBe(0);
  });

  it('sums per child unit: townships for the county, villages for the township, the village itself', async () => {
    const county = await c.health.get('/api/health/followups/summary');
    expect(county.status).toBe(200);
    const sanfengsi = county.body.rows.find((r: { unitId: string }) => r.unitId === '430623101');
    expect(sanfengsi).toMatchObject({ level: 'township', open: 3, overdue: 1, dueSoon: 1, closedThisYear: 0 });
    expect(county.body.total).toMatchObject({ open: 3, overdue: 1, dueSoon: 1 });
    const town = await c.township.get('/api/health/followups/summary');
    const byId = Object.fromEntries(town.body.rows.map((r: { unitId: string }) => [r.unitId, r]));
    expect(byId[XINPU]).toMatchObject({ open: 2, overdue: 1, dueSoon: 1 });
    expect(byId[FUXING]).toMatchObject({ open: 1, overdue: 0, dueSoon: 0 });
    const village = await c.village.get('/api/health/followups/summary');
    expect(village.body.rows).toEqual([
      { unitId: XINPU, unitName: '新铺村', level: 'village', open: 2, dueSoon: 1, overdue: 1, closedThisYear: 0 },
    ]);
    expect((await c.village.get(`/api/health/followups/summary?unitId=${FUXING}`)).status).toBe(404);
  });

  it('reads due dates against the clock: ten days on, the prenatal recall is soon, then overdue', async () => {
    clock.advance(12 * day);
    try {
      const h = await t.as('health');
      const f = await h.get(`/api/health/followups/${svc.prenatal!.followupId}`);
      expect(f.body).toMatchObject({ dueState: 'soon', daysOverdue: 0 });
      clock.advance(8 * day);
      const h2 = await t.as('health');
      const g = await h2.get(`/api/health/followups/${svc.prenatal!.followupId}`);
      expect(g.body).toMatchObject({ dueState: 'overdue', daysOverdue: 2 });
    } finally {
      clock.reset();
    }
  });
});

describe('contacts', () => {
  it('a contact moves the due date; a stale version is refused', async () => {
    const id = svc.newborn!.followupId!;
    const res = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 1,
      contactedOn: today,
      method: 'phone',
      note: '已电话通知家长带婴儿到县医院复查',
      nextDueOn: addDays(today, 10),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      dueOn: addDays(today, 10),
      version: 2,
      status: 'open',
      lastContactOn: today,
      contactCount: 1,
    });
    expect(res.body.contacts[0]).toMatchObject({ method: 'phone', note: '已电话通知家长带婴儿到县医院复查' });
    const e = await healthDb(t.db)
      .selectFrom('healthFollowupEvent')
      .selectAll()
      .where('followupId', '=', id)
      .executeTakeFirstOrThrow();
    expect(e.noteSealed).not.toContain('电话');
    const stale = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 1,
      contactedOn: today,
      method: 'visit',
    });
    expect(stale.status).toBe(409);
  });

  it('refuses a contact before the follow-up opened or in the future, and writes nothing', async () => {
    const id = svc.newborn!.followupId!;
    const before = await counts();
    const early = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 2,
      contactedOn: addDays(today, -4),
      method: 'visit',
    });
    expect(early.status).toBe(400);
    expect(early.body.problems[0]).toMatchObject({ field: 'contactedOn' });
    expect(early.body.problems[0].message).toMatch(/不能早于随访开始日期/);
    const later = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 2,
      contactedOn: addDays(today, 1),
      method: 'visit',
    });
    expect(later.body.problems[0]).toMatchObject({ field: 'contactedOn' });
    const back = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 2,
      contactedOn: today,
      method: 'visit',
      nextDueOn: addDays(today, -1),
    });
    expect(back.body.problems[0]).toMatchObject({ field: 'nextDueOn' });
    const noOutcome = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 2,
      contactedOn: today,
      method: 'visit',
      close: {},
    });
    expect(noOutcome.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('closing needs an outcome and ends the follow-up; a closed one takes no more contacts', async () => {
    const id = svc.newborn!.followupId!;
    const res = await c.township.post(`/api/health/followups/${id}/contacts`, {
      version: 2,
      contactedOn: today,
      method: 'clinic',
      note: '复查 TSH 正常',
      close: { outcome: 'normal_on_recheck' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'closed',
      closedOn: today,
      outcome: 'normal_on_recheck',
      dueState: 'closed',
    });
    const again = await c.village.post(`/api/health/followups/${id}/contacts`, {
      version: 3,
      contactedOn: today,
      method: 'visit',
    });
    expect(again.status).toBe(409);
    const closed = await c.health.get('/api/health/followups?status=closed');
    expect(closed.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const sum = await c.village.get('/api/health/followups/summary');
    expect(sum.body.rows[0]).toMatchObject({ open: 1, closedThisYear: 1 });
  });

  it('another village’s follow-up cannot be reached, and roles without health.followup cannot record', async () => {
    const id = svc.cervical!.followupId!;
    expect(
      (
        await c.village2.post(`/api/health/followups/${id}/contacts`, {
          version: 1,
          contactedOn: today,
          method: 'visit',
        })
      ).status,
    ).toBe(404);
    const county = await t.as('county');
    expect(
      (await county.post(`/api/health/followups/${id}/contacts`, { version: 1, contactedOn: today, method: 'visit' }))
        .status,
    ).toBe(403);
  });
});

describe('who sees what', () => {
  const audits = async (action: string, objectId: string, username: string) =>
    t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', action)
      .where('objectId', '=', objectId)
      .where('username', '=', username)
      .execute();

  it('the health worker and the township see findings, each opening audited', async () => {
    const id = svc.cervical!.id;
    for (const who of ['health', 'township'] as const) {
      const res = await c[who].get(`/api/health/services/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ findings: 'HPV16阳性，TCT: ASC-US', findingsMasked: false });
      expect(await audits('health.findings.view', id, who)).toHaveLength(1);
    }
  });

  it('the village sees its follow-ups and the contact notes, but findings masked', async () => {
    const res = await c.village.get(`/api/health/services/${svc.cervical!.id}`);
    expect(res.body).toMatchObject({ findings: null, findingsMasked: true });
    expect(await audits('health.findings.view', svc.cervical!.id, 'village')).toHaveLength(0);
    expect(await audits('health.service.view', svc.cervical!.id, 'village')).toHaveLength(1);
    const seen = (await audits('health.followup.notes.view', svc.newborn!.followupId!, 'village')).length;
    const f = await c.village.get(`/api/health/followups/${svc.newborn!.followupId}`);
    expect(f.status).toBe(200);
    expect(f.body.service).toMatchObject({ findings: null, findingsMasked: true });
    expect(f.body.contacts.map((x: { note: string }) => x.note)).toEqual([
      '已电话通知家长带婴儿到县医院复查',
      '复查 TSH 正常',
    ]);
    expect(await audits('health.followup.notes.view', svc.newborn!.followupId!, 'village')).toHaveLength(seen + 1);
  });

  it('the county statistician sees records masked and no follow-ups', async () => {
    const county = await t.as('county');
    const list = await county.get('/api/health/services');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(list.body)).not.toMatch(/HPV|TSH|唐氏/);
    const one = await county.get(`/api/health/services/${svc.cervical!.id}`);
    expect(one.body).toMatchObject({ findings: null, findingsMasked: true });
    expect((await county.get('/api/health/followups')).status).toBe(403);
  });

  it('case officers, fund auditors and the security administrator are refused', async () => {
    for (const who of ['cases', 'fundaudit', 'security']) {
      const u = await t.as(who);
      expect((await u.get('/api/health/services')).status).toBe(403);
      expect((await u.get(`/api/health/services/${svc.cervical!.id}`)).status).toBe(403);
      expect((await u.get('/api/health/followups')).status).toBe(403);
      expect((await u.get(`/api/health/followups/${svc.cervical!.followupId}`)).status).toBe(403);
      expect((await u.get('/api/health/followups/summary')).status).toBe(403);
    }
  });

  it('a record outside the scope answers like a missing one', async () => {
    expect((await c.village2.get(`/api/health/services/${svc.cervical!.id}`)).status).toBe(404);
    expect((await c.village2.get(`/api/health/followups/${svc.cervical!.followupId}`)).status).toBe(404);
    expect((await c.zhihedu.get(`/api/health/services/${svc.prenatal!.id}`)).status).toBe(404);
    const list = await c.village2.get('/api/health/services');
    expect(list.body.items.every((i: { unitId: string }) => i.unitId === FUXING)).toBe(true);
  });

  it('lists services by filter, with the person as the registry shows them', async () => {
    const res = await c.health.get(`/api/health/services?personId=${ids.W1}&kind=cervical_cancer`);
    expect(res.body.total).toBe(2);
    const abnormal = await c.health.get('/api/health/services?result=abnormal');
    expect(abnormal.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [svc.cervical!.id, svc.newborn!.id, svc.prenatal!.id].sort(),
    );
    const town = await c.township.get(`/api/health/services?unitId=${FUXING}`);
    expect(town.body.items.map((i: { id: string }) => i.id)).toEqual([svc.prenatal!.id]);
    const recent = await c.health.get(`/api/health/services?from=${addDays(today, -3)}&to=${today}`);
    expect(recent.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [svc.newborn!.id, svc.prenatal!.id].sort(),
    );
  });
});

describe('voiding', () => {
  it('a wrong record is voided, not deleted; its open follow-up closes as other', async () => {
    const id = svc.cervical!.id;
    expect((await c.village.post(`/api/health/services/${id}/void`, { reason: '录错人员' })).status).toBe(403);
    const noReason = await c.health.post(`/api/health/services/${id}/void`, {});
    expect(noReason.status).toBe(400);
    const res = await c.health.post(`/api/health/services/${id}/void`, { reason: '录错人员' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ voided: true, voidReason: '录错人员', followupStatus: 'closed' });
    const f = await healthDb(t.db)
      .selectFrom('healthFollowup')
      .selectAll()
      .where('id', '=', svc.cervical!.followupId!)
      .executeTakeFirstOrThrow();
    expect(f).toMatchObject({ status: 'closed', outcome: 'other', closedOn: today });
    expect((await c.health.post(`/api/health/services/${id}/void`, { reason: '再次' })).status).toBe(409);
    const list = await c.health.get(`/api/health/services?personId=${ids.W1}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const withVoided = await c.health.get(`/api/health/services?personId=${ids.W1}&includeVoided=true`);
    expect(withVoided.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ voided: true });
    expect((await c.health.get('/api/health/followups?due=overdue')).body.total).toBe(0);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'health.service.void')
      .where('objectId', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ reason: '录错人员', followupClosed: svc.cervical!.followupId });
  });
});
