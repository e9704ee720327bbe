import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../accounts/password.js';
import { clock } from '../lib/clock.js';
import { maskIdNumber } from '../lib/idNumber.js';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder } from '../testing/persons.js';
import { FUXING, PASSWORD, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * A year's rural reward from generation to approval in 三封寺镇: 新铺村 verifies, the township
 * reviews and returns, the village publishes its notice, an objection is upheld, the village
 * re-verifies and re-publishes, the county approves after the notice. 复兴村 shows the county's
 * return and the separation of duties; special assistance shows an application the rules refuse
 * until the child's disability assessment is recorded.
 */
let t: TestCase;
const c: Record<'county' | 'township' | 'township2' | 'village' | 'village2', Client> = {} as never;
const ids: Record<string, string> = {};
const idNumbers: Record<string, string> = {};
let seq = 300;
let rural = '';
let special = '';

const row = personRowBuilder(() => t.sealer, { ids, idNumbers, nextSeq: () => seq++ });

/** Sessions time out when the clock moves on by days: everyone signs in again. */
async function signIn() {
  for (const u of ['county', 'township', 'township2', 'village', 'village2'] as const) c[u] = await t.as(u);
}
const day = 24 * 3_600_000;

type Item = { id: string; personId: string; version: number; status: string; outcome: string; amountFen: number };
async function list(who: Client, cycleId: string, q = ''): Promise<Item[]> {
  const res = await who.get(`/api/benefits/cycles/${cycleId}/candidates?pageSize=200${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
async function item(cycleId: string, key: string): Promise<Item> {
  const found = (await list(c.county, cycleId)).find((i) => i.personId === (ids[key] ?? key));
  if (!found) throw new Error(`no candidate ${key}`);
  return found;
}
const ref = (i: Item) => ({ id: i.id, version: i.version });
const step = (who: Client, s: string, items: Item[], extra: Record<string, unknown> = {}) =>
  who.post(`/api/benefits/candidates/${s}`, { items: items.map(ref), ...extra });

beforeAll(async () => {
  t = await setupTestCase();
  // A second officer of 三封寺镇: the one who did not verify reviews.
  await t.db
    .insertInto('appUser')
    .values({
      id: randomUUID(),
      username: 'township2',
      displayName: '三封寺镇 审核员 吴涛',
      role: 'township_officer',
      unitId: '430623101',
      passwordHash: await hashPassword(PASSWORD),
      mustChangePassword: false,
    })
    .execute();
  await signIn();
  await insertPersons(t.db, [
    // 新铺村: a rural couple in their sixties with one son.
    row({ key: 'RH', sex: 1, birth: '1960-03-01', unit: XINPU, spouse: 'RW' }),
    row({ key: 'RW', sex: 2, birth: '1962-05-05', unit: XINPU, spouse: 'RH' }),
    // 复兴村: another such couple.
    row({ key: 'FH', sex: 1, birth: '1958-01-01', unit: FUXING, spouse: 'FW' }),
    row({ key: 'FW', sex: 2, birth: '1959-01-01', unit: FUXING, spouse: 'FH' }),
    // 复兴村: an urban couple whose only child, born 1995, lives; the mother is 56.
    row({ key: 'DH', sex: 1, birth: '1968-08-08', unit: FUXING, hukou: 'urban', spouse: 'DW' }),
    row({ key: 'DW', sex: 2, birth: '1970-02-10', unit: FUXING, hukou: 'urban', spouse: 'DH' }),
  ]);
  await insertPersons(t.db, [
    row({ key: 'RC', sex: 1, birth: '1988-08-08', unit: XINPU, mother: 'RW', father: 'RH' }),
    row({ key: 'FC', sex: 2, birth: '1985-01-01', unit: FUXING, mother: 'FW', father: 'FH' }),
    row({ key: 'DC', sex: 1, birth: '1995-05-05', unit: FUXING, hukou: 'urban', mother: 'DW', father: 'DH' }),
  ]);
  ids.GM = t.people.grandmother;
  const r = await c.county.post('/api/benefits/cycles', { programCode: 'rural_reward', year: 2026 });
  const s = await c.county.post('/api/benefits/cycles', { programCode: 'special_assistance', year: 2026 });
  expect(r.status).toBe(201);
  expect(s.status).toBe(201);
  rural = r.body.cycleId;
  special = s.body.cycleId;
});

afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('the village verifies', () => {
  it('a village worker sees and acts on her own village only: another village’s candidate is 404', async () => {
    const rh = await item(rural, 'RH');
    expect((await c.village2.get(`/api/benefits/candidates/${rh.id}`)).status).toBe(404);
    const res = await step(c.village2, 'verify', [rh], { verdict: 'eligible' });
    expect(res.status).toBe(404);
    expect((await item(rural, 'RH')).status).toBe('candidate');
    expect((await list(c.village2, rural)).map((i) => i.personId).sort()).toEqual([ids.FH, ids.FW].sort());
  });

  it('a notice is refused while the village has candidates not yet verified', async () => {
    const res = await c.village.post(`/api/benefits/cycles/${rural}/notices`, { unitId: XINPU });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('未核实');
  });

  it('not eligible needs a reason; the refused request writes nothing', async () => {
    const gm = await item(rural, 'GM');
    const res = await step(c.village, 'verify', [gm], { verdict: 'not_eligible' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].field).toBe('reason');
    expect((await item(rural, 'GM')).version).toBe(gm.version);
  });

  it('verifies two as eligible in one go and one as not eligible with the reason', async () => {
    const ok = await step(c.village, 'verify', [await item(rural, 'RH'), await item(rural, 'RW')], {
      verdict: 'eligible',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.count).toBe(2);
    const no = await step(c.village, 'verify', [await item(rural, 'GM')], {
      verdict: 'not_eligible',
      reason: '入户核实：另有一子在外省落户',
    });
    expect(no.status).toBe(200);
    expect(await item(rural, 'GM')).toMatchObject({ status: 'verified', version: 2 });
  });

  it('the cycle is in progress and cannot be regenerated', async () => {
    const cycles = (await c.county.get('/api/benefits/cycles')).body;
    expect(cycles.find((x: any) => x.id === rural).status).toBe('in_progress');
    const res = await c.county.post('/api/benefits/cycles', { programCode: 'rural_reward', year: 2026 });
    expect(res.status).toBe(409);
  });
});

describe('the township reviews', () => {
  it('a stale version is refused with 409 naming the person, and nothing is saved', async () => {
    const rh = await item(rural, 'RH');
    const res = await step(c.township, 'review', [{ ...rh, version: 1 }]);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('测试RH');
    expect(res.body.problems[0].field).toBe('items.0.version');
  });

  it('a list is all or nothing: one stale version and none of the list is reviewed', async () => {
    const rh = await item(rural, 'RH');
    const rw = await item(rural, 'RW');
    const res = await step(c.township, 'review', [rh, { ...rw, version: rw.version - 1 }]);
    expect(res.status).toBe(409);
    expect(res.body.problems).toHaveLength(1);
    expect(res.body.problems[0]).toMatchObject({ field: 'items.1.version', row: 2 });
    expect((await item(rural, 'RH')).status).toBe('verified');
  });

  it('returns a candidate to the village with a reason; the village verifies it again', async () => {
    const noReason = await step(c.township, 'return', [await item(rural, 'RW')]);
    expect(noReason.status).toBe(400);
    const res = await step(c.township, 'return', [await item(rural, 'RW')], { reason: '请补充户口簿复印件' });
    expect(res.status).toBe(200);
    expect(await item(rural, 'RW')).toMatchObject({ status: 'returned' });
    const again = await step(c.village, 'verify', [await item(rural, 'RW')], { verdict: 'eligible' });
    expect(again.status).toBe(200);
  });

  it('reviews the village’s three', async () => {
    const res = await step(c.township, 'review', [
      await item(rural, 'RH'),
      await item(rural, 'RW'),
      await item(rural, 'GM'),
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await list(c.county, rural, '&status=reviewed')).map((i) => i.personId).sort()).toEqual(
      [ids.RH, ids.RW, ids.GM].sort(),
    );
  });

  it('the township cannot approve', async () => {
    expect((await step(c.township, 'approve', [await item(rural, 'RH')])).status).toBe(403);
  });
});

describe('notice, objection and approval in 新铺村', () => {
  let noticeId = '';

  it('the county cannot approve before the village’s notice, naming the village', async () => {
    const res = await step(c.county, 'approve', [await item(rural, 'RH')]);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('新铺村');
    expect(res.body.message).toContain('尚未公示');
  });

  it('a notice shorter than 5 days is refused; another village cannot publish 新铺村', async () => {
    const short = await c.village.post(`/api/benefits/cycles/${rural}/notices`, { unitId: XINPU, days: 3 });
    expect(short.status).toBe(400);
    expect(short.body.problems[0].field).toBe('days');
    expect((await c.village2.post(`/api/benefits/cycles/${rural}/notices`, { unitId: XINPU })).status).toBe(404);
  });

  it('the village publishes for 7 days: the verified eligible, ID numbers masked', async () => {
    const res = await c.village.post(`/api/benefits/cycles/${rural}/notices`, { unitId: XINPU });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    noticeId = res.body.id;
    expect(res.body.entries).toBe(2);
    const n = await c.village.get(`/api/benefits/notices/${noticeId}`);
    expect(n.status).toBe(200);
    expect(n.body).toMatchObject({ unitName: '新铺村', townshipName: '三封寺镇', totalFen: 220_000 });
    expect(n.body.entries.map((e: any) => e.idNumberMasked).sort()).toEqual(
      [maskIdNumber(idNumbers.RH!), maskIdNumber(idNumbers.RW!)].sort(),
    );
    const text = JSON.stringify(n.body);
    for (const k of ['RH', 'RW']) expect(text).not.toContain(idNumbers[k]!);
    expect((await c.village2.get(`/api/benefits/notices/${noticeId}`)).status).toBe(404);
  });

  it('the notice downloads as XLSX with masked ID numbers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/benefits/notices/${noticeId}/xlsx`,
      headers: { cookie: c.village.cookie },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain(maskIdNumber(idNumbers.RH!));
    expect(cells.join('|')).not.toContain(idNumbers.RH!);
    expect(cells).toContain('2,200.00');
  });

  it('the county cannot approve during the notice', async () => {
    const res = await step(c.county, 'approve', [await item(rural, 'RH')]);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('公示期至');
  });

  it('an open objection blocks approval after the notice has ended', async () => {
    const rw = await item(rural, 'RW');
    const res = await c.village.post(`/api/benefits/notices/${noticeId}/objections`, {
      candidateId: rw.id,
      raisedBy: '村民张某',
      contact: '13800000000',
      content: '其子已迁入县城，户口非农',
      receivedOn: clock.today(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const elsewhere = await c.village2.post(`/api/benefits/notices/${noticeId}/objections`, {
      raisedBy: '村民李某',
      content: '名单有误',
      receivedOn: clock.today(),
    });
    expect(elsewhere.status).toBe(404);
    const notOnList = await c.village.post(`/api/benefits/notices/${noticeId}/objections`, {
      candidateId: (await item(rural, 'GM')).id,
      raisedBy: '村民李某',
      content: '她也应享受',
      receivedOn: clock.today(),
    });
    expect(notOnList.status).toBe(400);
    expect(notOnList.body.problems[0].field).toBe('candidateId');
    clock.advance(8 * day);
    await signIn();
    const approve = await step(c.county, 'approve', [await item(rural, 'RH')]);
    expect(approve.status).toBe(409);
    expect(approve.body.message).toContain('异议未处理');
  });

  it('the township upholds it: the candidate goes back to the village, and the village must re-publish', async () => {
    const n = (await c.township.get(`/api/benefits/notices/${noticeId}`)).body;
    const objection = n.objections[0];
    const decision = { decision: 'dismissed', reason: '村里自行处理' };
    expect((await c.village.post(`/api/benefits/objections/${objection.id}/resolve`, decision)).status).toBe(403);
    const res = await c.township.post(`/api/benefits/objections/${objection.id}/resolve`, {
      decision: 'upheld',
      reason: '经查其子户口已迁出，需重新核实',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await item(rural, 'RW')).toMatchObject({ status: 'returned' });
    const approve = await step(c.county, 'approve', [await item(rural, 'RH')]);
    expect(approve.status).toBe(409);
    expect(approve.body.message).toContain('重新公示');
  });

  it('after re-verification and review the village re-publishes; the old list is kept in the audit', async () => {
    expect((await step(c.village, 'verify', [await item(rural, 'RW')], { verdict: 'eligible' })).status).toBe(200);
    expect((await step(c.township2, 'review', [await item(rural, 'RW')])).status).toBe(200);
    const res = await c.village.post(`/api/benefits/cycles/${rural}/notices`, { unitId: XINPU, days: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: noticeId, republished: true });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'benefit.notice.republish')
      .executeTakeFirstOrThrow();
    expect((audit.detail as any).previous.entries).toHaveLength(2);
  });

  it('after the new period the county approves the eligible and excludes the not eligible', async () => {
    clock.advance(6 * day);
    await signIn();
    const items = [await item(rural, 'RH'), await item(rural, 'RW'), await item(rural, 'GM')];
    const res = await step(c.county, 'approve', items);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await item(rural, 'RH')).toMatchObject({ status: 'approved' });
    expect(await item(rural, 'GM')).toMatchObject({ status: 'excluded' });
    const approved = await list(c.county, rural, '&status=approved&verdict=eligible');
    expect(approved.map((i) => i.personId).sort()).toEqual([ids.RH, ids.RW].sort());
  });

  it('the overview shows each village’s progress and notice, in the caller’s area only', async () => {
    const own = await c.village.get(`/api/benefits/cycles/${rural}/workflow`);
    expect(own.status).toBe(200);
    expect(own.body.villages).toHaveLength(1);
    expect(own.body.villages[0]).toMatchObject({
      unitId: XINPU,
      pending: 0,
      approved: 2,
      excluded: 1,
      notice: { ended: true, openObjections: 0, needsRepublish: false },
    });
    const township = await c.township.get(`/api/benefits/cycles/${rural}/workflow`);
    expect(township.body.villages.map((v: any) => v.unitId).sort()).toEqual([XINPU, FUXING].sort());
    expect(township.body.todo.toReview).toBe(0);
    expect((await c.village2.get(`/api/benefits/cycles/${rural}/workflow?unitId=${XINPU}`)).status).toBe(404);
  });

  it('the candidate’s trail has every step, with who and why', async () => {
    const rw = await item(rural, 'RW');
    const res = await c.county.get(`/api/benefits/candidates/${rw.id}`);
    expect(res.status).toBe(200);
    expect(res.body.trail.map((e: any) => e.action)).toEqual([
      'generate',
      'verify',
      'return',
      'verify',
      'review',
      'objection',
      'objection_resolved',
      'verify',
      'review',
      'approve',
    ]);
    expect(res.body.trail.find((e: any) => e.action === 'return').reason).toBe('请补充户口簿复印件');
    expect(res.body.idNumberMasked).toBe(maskIdNumber(idNumbers.RW!));
    expect(JSON.stringify(res.body)).not.toContain(idNumbers.RW!);
  });
});

describe('复兴村: separation of duties and the county’s return', () => {
  it('the township officer who verified cannot review; another officer can', async () => {
    const items = [await item(rural, 'FH'), await item(rural, 'FW')];
    expect((await step(c.township, 'verify', items, { verdict: 'eligible' })).status).toBe(200);
    const own = await step(c.township, 'review', [await item(rural, 'FH'), await item(rural, 'FW')]);
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('本人录入或核实');
    expect(own.body.message).toContain('测试FH');
    const other = await step(c.township2, 'review', [await item(rural, 'FH'), await item(rural, 'FW')]);
    expect(other.status).toBe(200);
  });

  it('the county returns a reviewed candidate to the village; the village cannot return', async () => {
    expect((await step(c.village2, 'return', [await item(rural, 'FH')], { reason: 'x' })).status).toBe(403);
    const res = await step(c.county, 'return', [await item(rural, 'FH')], { reason: '身份证号与户籍不一致' });
    expect(res.status).toBe(200);
    expect(await item(rural, 'FH')).toMatchObject({ status: 'returned' });
  });
});

describe('special assistance: an application and a disability assessment', () => {
  it('the living only child without a recorded assessment: the parents are not candidates', async () => {
    expect((await list(c.county, special)).map((i) => i.personId)).not.toContain(ids.DW);
  });

  it('an application the rules answer no is kept, entered by the village', async () => {
    const res = await c.village2.post(`/api/benefits/cycles/${special}/applications`, {
      personId: ids.DW,
      declared: '独生子残疾，持残疾人证',
      documents: ['户口簿', '残疾人证'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ outcome: 'no', amountFen: 0 });
    const detail = (await c.village2.get(`/api/benefits/candidates/${res.body.id}`)).body;
    expect(detail).toMatchObject({ source: 'application', status: 'candidate' });
    expect(detail.application.documents).toEqual(['户口簿', '残疾人证']);
    const again = await c.village2.post(`/api/benefits/cycles/${special}/applications`, {
      personId: ids.DW,
      declared: '再次申请',
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('测试DW');
  });

  it('it cannot be verified as eligible while the rules say no', async () => {
    const res = await step(c.village2, 'verify', [await item(special, 'DW')], { verdict: 'eligible' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].field).toBe('verdict');
  });

  it('another village cannot enter an application or an assessment for 复兴村', async () => {
    expect(
      (await c.village.post(`/api/benefits/cycles/${special}/applications`, { personId: ids.DH, declared: 'x' }))
        .status,
    ).toBe(404);
    const res = await c.village.post('/api/benefits/disability-assessments', {
      personId: ids.DC,
      grade: 2,
      category: 'physical',
      assessedOn: '2025-06-01',
    });
    expect(res.status).toBe(404);
  });

  it('the child’s assessment (grade 2) is recorded: the mother turns eligible, the father is added, 270 yuan a month each', async () => {
    const bad = await c.village2.post('/api/benefits/disability-assessments', {
      personId: ids.DC,
      grade: 5,
      category: 'physical',
      assessedOn: '2025-06-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].field).toBe('grade');
    const res = await c.village2.post('/api/benefits/disability-assessments', {
      personId: ids.DC,
      grade: 2,
      category: 'physical',
      assessedOn: '2025-06-01',
      certificateNo: '43062319950505001X42',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.reevaluated).toEqual([
      expect.objectContaining({
        personId: ids.DW,
        from: { outcome: 'no', amountFen: 0 },
        to: { outcome: 'yes', amountFen: 12 * 27_000 },
      }),
    ]);
    expect(res.body.added).toEqual([
      expect.objectContaining({ personId: ids.DH, to: { outcome: 'yes', amountFen: 12 * 27_000 } }),
    ]);
    expect(await item(special, 'DW')).toMatchObject({ outcome: 'yes', amountFen: 324_000, version: 2 });
    const listed = await c.village2.get(`/api/benefits/disability-assessments?personId=${ids.DC}`);
    expect(listed.body.items).toEqual([expect.objectContaining({ grade: 2, assessedOn: '2025-06-01' })]);
    const dup = await c.village2.post('/api/benefits/disability-assessments', {
      personId: ids.DC,
      grade: 2,
      category: 'physical',
      assessedOn: '2025-06-01',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.problems[0].field).toBe('assessedOn');
  });

  it('the village can now verify the mother as eligible; her trail shows the application and the re-judgement', async () => {
    expect((await step(c.village2, 'verify', [await item(special, 'DW')], { verdict: 'eligible' })).status).toBe(200);
    const dw = (await c.county.get(`/api/benefits/candidates/${(await item(special, 'DW')).id}`)).body;
    expect(dw.trail.map((e: any) => e.action)).toEqual(['apply', 'reevaluate', 'verify']);
  });

  it('a township officer who entered an application cannot review it, even when the village verified it', async () => {
    const entered = await c.township.post(`/api/benefits/cycles/${rural}/applications`, {
      personId: t.people.fuxingWoman,
      declared: '申请农村奖励扶助',
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    expect(entered.body.outcome).toBe('no');
    const verified = await step(c.village2, 'verify', [await item(rural, t.people.fuxingWoman)], {
      verdict: 'not_eligible',
      reason: '未满60周岁',
    });
    expect(verified.status).toBe(200);
    const own = await step(c.township, 'review', [await item(rural, t.people.fuxingWoman)]);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SEPARATION_OF_DUTIES');
    expect((await step(c.township2, 'review', [await item(rural, t.people.fuxingWoman)])).status).toBe(200);
  });

  it('a new cycle generated from the registry now finds the family', async () => {
    const res = await c.county.post('/api/benefits/cycles', { programCode: 'special_assistance', year: 2027 });
    expect(res.status).toBe(201);
    const found = await list(c.county, res.body.cycleId);
    expect(found.filter((i) => [ids.DH, ids.DW].includes(i.personId)).map((i) => i.amountFen)).toEqual([
      324_000, 324_000,
    ]);
  });
});

describe('the audit trail', () => {
  it('every step, notice, objection, application and assessment is audited', async () => {
    const rows = await t.db.selectFrom('auditLog').select(['action']).where('action', 'like', 'benefit.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'benefit.candidate.verify',
      'benefit.candidate.review',
      'benefit.candidate.return',
      'benefit.candidate.approve',
      'benefit.candidate.view',
      'benefit.candidate.list',
      'benefit.notice.publish',
      'benefit.notice.republish',
      'benefit.notice.view',
      'benefit.notice.export',
      'benefit.objection.record',
      'benefit.objection.resolve',
      'benefit.application.create',
      'benefit.disability.record',
      'benefit.disability.list',
    ])
      expect(actions, a).toContain(a);
  });
});
