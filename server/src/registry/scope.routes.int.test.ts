import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedClient } from '../feeds/fixtures/feedClient.js';
import { gbkCsv, HOSPITAL_HEADER } from '../feeds/fixtures/feeds.js';
import { linkageDb } from '../linkage/linkage.repository.js';
import { birthReport, setupTestCase, XINPU, type Client, type Res, type TestCase } from '../testing/setup.js';

/**
 * Users of one village or township probe another's records through the endpoints that act on a
 * record by its id: report actions, exports, quality alerts, import error reports and record
 * linkage review. Each must answer exactly as for a record that does not exist (or find
 * nothing) and change nothing. 复兴村's worker (village2) and 治河渡镇's officer (zhihedu) probe
 * 新铺村 and 三封寺镇.
 */
let t: TestCase;
let village: Client;
let township: Client;
let village2: Client;
let zhihedu: Client;

const MISSING = '00000000-0000-4000-8000-000000000000';
/** Linkage results are numbered, not uuids. */
const MISSING_PAIR = '999999999999';
const SANFENGSI = '430623101';

const reports = { submitted: '', returned: '', approved: '' };
const alerts = { open: randomUUID(), acknowledged: randomUUID() };
const batchId = randomUUID();
let pairId = '';

beforeAll(async () => {
  t = await setupTestCase();
  village = await t.as('village');
  township = await t.as('township');
  village2 = await t.as('village2');
  zhihedu = await t.as('zhihedu');

  // Three reports of 新铺村: one waiting for the township, one returned, one waiting for the county.
  const a = await village.post('/api/reports', birthReport(t.people, { child: { name: '李一', sex: 1 } }));
  reports.submitted = a.body.id;
  const b = await village.post('/api/reports', birthReport(t.people, { child: { name: '李二', sex: 2 } }));
  await township.post(`/api/reports/${b.body.id}/return`, { version: b.body.version, reason: '请核实' });
  reports.returned = b.body.id;
  const c = await village.post('/api/reports', birthReport(t.people, { child: { name: '李三', sex: 1 } }));
  await township.post(`/api/reports/${c.body.id}/approve`, { version: c.body.version });
  reports.approved = c.body.id;

  // Two alerts about 新铺村, one open and one already acknowledged.
  const alert = (id: string, status: 'open' | 'acknowledged', key: string) => ({
    id,
    countyCode: '430623',
    alertKey: key,
    kind: 'rule' as const,
    code: 'birthWeight',
    severity: 'medium' as const,
    unitId: XINPU,
    period: '2026',
    title: '出生体重异常',
    message: '新铺村 2026 年有出生体重异常的记录',
    detail: JSON.stringify({ count: 1 }),
    status,
    firstDetectedAt: new Date(),
    detectedAt: new Date(),
    resolvedAt: null,
    note: status === 'acknowledged' ? '已核实' : null,
    actedBy: null,
    actedAt: null,
  });
  await t.db
    .insertInto('qualityAlert')
    .values([alert(alerts.open, 'open', 'probe-open'), alert(alerts.acknowledged, 'acknowledged', 'probe-ack')])
    .execute();

  // A file 三封寺镇 imported and that was refused, with its error report (ID numbers inside).
  await t.db
    .insertInto('importBatch')
    .values({
      id: batchId,
      countyCode: '430623',
      kind: 'persons',
      status: 'failed',
      fileName: '花名册.csv',
      fileSha256: 'ab'.repeat(32),
      fileBytes: 100,
      format: 'csv',
      encoding: 'utf-8',
      sheetName: null,
      options: JSON.stringify({}),
      unitId: SANFENGSI,
      userId: t.users.township,
      username: 'township',
      userDisplayName: '三封寺镇 审核员',
      startedAt: new Date(),
      finishedAt: new Date(),
      rowCount: 1,
      counts: JSON.stringify({}),
      problemCount: 1,
      problems: JSON.stringify([{ row: 2, field: 'idNumber', message: '身份证号码校验位不正确' }]),
      warnings: JSON.stringify([]),
      errorReportSealed: t.sealer.seal(
        JSON.stringify({
          fileName: '花名册.csv',
          headers: ['身份证号码', '姓名'],
          rows: [{ row: 2, cells: [t.people.ids.wife, '王秀英'], reasons: ['身份证号码校验位不正确'] }],
          fileProblems: [],
          omittedRows: 0,
        }),
      ),
    })
    .execute();

  // An uncertain pair of a hospital birth feed and 复兴村's 张小红, waiting for 三封寺镇's review.
  const feeds = feedClient(() => t);
  const up = await feeds.upload(
    'county',
    {
      name: '出生医学证明-无证号.csv',
      data: gbkCsv(null, HOSPITAL_HEADER, [
        ['Q9', '', '女', '2026-11-20', 3000, 39, '华容县人民医院', '张小红', '', '', '', '华容县三封寺镇复兴村2组3号'],
      ]),
    },
    { feedType: 'hospital_birth', encoding: 'auto' },
  );
  const county = await t.as('county');
  const run = await county.post('/api/linkage/runs', { batchId: up.body.batch.id });
  expect(run.body.review).toBe(1);
  pairId = (await township.get('/api/linkage/review')).body.items[0].id;
});
afterAll(() => t.close());

/** What a probe could change: the records' states and the actions taken on them. */
const state = async () => ({
  reports: await t.db.selectFrom('report').select(['id', 'status', 'version']).orderBy('id').execute(),
  actions: await t.db.selectFrom('reportAction').select('id').orderBy('id').execute(),
  alerts: await t.db.selectFrom('qualityAlert').select(['id', 'status', 'version', 'note']).orderBy('id').execute(),
  linkage: await linkageDb(t.db)
    .selectFrom('linkageResult')
    .select(['id', 'decision', 'status'])
    .orderBy('id')
    .execute(),
});

/** The hidden record answers exactly as a missing one (403 or 404), and nothing changes. */
async function probe(call: (id: string) => Promise<Res>, hidden: string, missing = MISSING) {
  const before = await state();
  const a = await call(hidden);
  const b = await call(missing);
  expect([403, 404], `${hidden}: ${JSON.stringify(a.body)}`).toContain(a.status);
  expect(a.status, hidden).toBe(b.status);
  expect(a.body, hidden).toEqual(b.body);
  expect(JSON.stringify(a.body)).not.toMatch(/新铺村|王秀英|李建国/);
  expect(await state()).toEqual(before);
  return a;
}

describe('report actions on another village’s or township’s report', () => {
  it('a worker of 复兴村 resubmits or cancels 新铺村’s report: not found', async () => {
    await probe(
      (id) =>
        village2.put(`/api/reports/${id}`, {
          version: 2,
          eventDate: '2026-10-20',
          payload: birthReport(t.people).payload,
        }),
      reports.returned,
    );
    await probe(
      (id) => village2.post(`/api/reports/${id}/cancel`, { version: 1, reason: '不是本村的' }),
      reports.submitted,
    );
    await probe(
      (id) => village2.post(`/api/reports/${id}/cancel`, { version: 2, reason: '不是本村的' }),
      reports.returned,
    );
  });

  it('治河渡镇’s officer returns, approves or confirms 三封寺镇’s report: not found or not allowed, as for none', async () => {
    const r = await probe(
      (id) => zhihedu.post(`/api/reports/${id}/return`, { version: 1, reason: '越权退回' }),
      reports.submitted,
    );
    expect(r.status).toBe(404);
    await probe(
      (id) => zhihedu.post(`/api/reports/${id}/return`, { version: 2, reason: '越权退回' }),
      reports.approved,
    );
    await probe((id) => zhihedu.post(`/api/reports/${id}/confirm`, { version: 2 }), reports.approved);
    await probe(
      (id) => zhihedu.post(`/api/reports/${id}/cancel`, { version: 1, reason: '越权撤销' }),
      reports.submitted,
    );
  });

  it('the own village and township still may (the probes were refused for scope, not by accident)', async () => {
    const own = await village.get(`/api/reports/${reports.returned}`);
    expect(own.body.allowedActions).toEqual(['resubmit', 'cancel']);
    const review = await township.get(`/api/reports/${reports.submitted}`);
    expect(review.body.allowedActions).toEqual(expect.arrayContaining(['approve', 'return']));
  });
});

describe('exports of households', () => {
  it('another village’s export holds none of 新铺村’s households, whatever the filter', async () => {
    for (const url of [
      '/api/exports/households.csv',
      '/api/exports/households.csv?q=新铺村',
      `/api/exports/households.csv?q=${XINPU}`,
      '/api/exports/households.csv?q=李建国',
    ]) {
      const r = await village2.get(url);
      expect(r.status, url).toBe(200);
      expect(String(r.body), url).not.toMatch(/新铺村|李建国/);
      expect(String(r.body), url).not.toContain(XINPU);
    }
    const own = await village.get('/api/exports/households.csv');
    expect(String(own.body)).toContain('李建国');
  });

  it('naming 新铺村 as the unit answers as for a unit that does not exist', async () => {
    for (const format of ['csv', 'xlsx']) {
      const a = await village2.get(`/api/exports/households.${format}?unitId=${XINPU}`);
      const b = await village2.get(`/api/exports/households.${format}?unitId=999999999999`);
      expect(a.status, format).toBe(b.status);
      if (a.status === 200) {
        expect(a.headers['x-export-rows'], format).toBe('0');
        expect(b.headers['x-export-rows'], format).toBe('0');
        // An XLSX file carries its creation time; the CSV is byte for byte the same.
        if (format === 'csv') expect(a.body).toEqual(b.body);
      } else {
        expect(a.status).toBe(404);
        expect(a.body).toEqual(b.body);
      }
    }
    const z = await zhihedu.get(`/api/exports/households.csv?unitId=${SANFENGSI}`);
    const none = await zhihedu.get('/api/exports/households.csv?unitId=999999999');
    expect(z.status).toBe(none.status);
    expect(z.body).toEqual(none.body);
  });
});

describe('quality alerts of another area', () => {
  it('acknowledge, dismiss and reopen answer as for an alert that does not exist', async () => {
    for (const who of [village2, zhihedu]) {
      await probe((id) => who.post(`/api/quality/alerts/${id}/acknowledge`, { note: '越权知悉' }), alerts.open);
      await probe((id) => who.post(`/api/quality/alerts/${id}/dismiss`, { note: '越权排除' }), alerts.open);
      await probe((id) => who.post(`/api/quality/alerts/${id}/reopen`, { note: '越权重开' }), alerts.acknowledged);
      await probe((id) => who.get(`/api/quality/alerts/${id}`), alerts.open);
    }
    const list = await zhihedu.get('/api/quality/alerts');
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(alerts.open);
  });

  it('the area’s own township may act on them', async () => {
    const r = await township.post(`/api/quality/alerts/${alerts.acknowledged}/reopen`, { note: '再核实' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('open');
  });
});

describe('error reports of another township’s import', () => {
  it('the batch and its error report answer as for a batch that does not exist', async () => {
    for (const who of [zhihedu, village2]) {
      await probe((id) => who.get(`/api/imports/${id}`), batchId);
      for (const format of ['csv', 'xlsx']) {
        const r = await probe((id) => who.get(`/api/imports/${id}/errors.${format}`), batchId);
        expect(JSON.stringify(r.body)).not.toContain(t.people.ids.wife);
      }
    }
    const list = await zhihedu.get('/api/imports');
    expect(JSON.stringify(list.body)).not.toContain(batchId);
  });

  it('the importing township downloads it', async () => {
    const r = await township.get(`/api/imports/${batchId}/errors.csv`);
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain(t.people.ids.wife);
  });
});

describe('record linkage review of another township', () => {
  it('治河渡镇 sees no pair of 三封寺镇, and deciding one answers as for none', async () => {
    const queue = await zhihedu.get('/api/linkage/review');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(pairId);
    expect(JSON.stringify(queue.body)).not.toContain('张小红');
    await probe((id) => zhihedu.post(`/api/linkage/review/${id}`, { decision: 'nonmatch' }), pairId, MISSING_PAIR);
    await probe(
      (id) => zhihedu.post(`/api/linkage/review/${id}`, { decision: 'match', personId: t.people.fuxingWoman }),
      pairId,
      MISSING_PAIR,
    );
  });

  it('a village worker may not review at all', async () => {
    await probe((id) => village2.post(`/api/linkage/review/${id}`, { decision: 'nonmatch' }), pairId, MISSING_PAIR);
    const q = await village2.get('/api/linkage/review');
    expect(q.status).toBe(403);
  });

  it('三封寺镇 still decides it', async () => {
    const r = await township.post(`/api/linkage/review/${pairId}`, { decision: 'nonmatch' });
    expect(r.status).toBe(204);
  });
});
