import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedClient } from '../feeds/fixtures/feedClient.js';
import {
  CIVIL_HEADER,
  gbkCsv,
  HOSPITAL_HEADER,
  HOUSING_HEADER,
  HR_HEADER,
  officeXlsx,
  POLICE_HEADER,
  utf8Csv,
} from '../feeds/fixtures/feeds.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { chapman } from './linkage.figures.js';

/**
 * The county statistician links departments' feeds to the registry: the hospital's birth
 * certificates, the police's cancellations and civil affairs' deaths. Each record ends in a
 * finding; a difference becomes a task for the responsible village, which reports the missing
 * event or says why the feed is wrong; an uncertain pair waits for a reviewer.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(async () => t?.close());

const feeds = feedClient(() => t);

async function upload(username: string, name: string, data: Buffer, feedType: string) {
  const res = await feeds.upload(username, { name, data }, { feedType, encoding: 'auto' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.batch.id as string;
}

const outsider = makeIdNumber('430682', '1997-07-14', 94);

describe('linking a hospital birth feed', () => {
  let batchId: string;
  let run: any;

  beforeAll(async () => {
    batchId = await upload(
      'county',
      '出生医学证明.csv',
      gbkCsv('华容县人民医院出生医学证明信息', HOSPITAL_HEADER, [
        // 王秀英's first child 李明, born 2016-05-05 and in the registry: consistent.
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
        // 张小红 of 复兴村 gave birth; the registry has no such child: missing, a task for 复兴村.
        [
          'Q2',
          '',
          '女',
          '2026-11-05',
          3100,
          40,
          '华容县人民医院',
          '张小红',
          t.people.ids.fuxingWoman,
          '',
          '',
          '华容县三封寺镇复兴村2组3号',
        ],
        // A mother from another county, not in the registry: unmatched, nobody's task.
        [
          'Q3',
          '',
          '男',
          '2026-11-09',
          2950,
          37,
          '华容县人民医院',
          '刘芳芳',
          outsider,
          '',
          '',
          '湖南省岳阳市临湘市某街道',
        ],
      ]),
      'hospital_birth',
    );
    const county = await t.as('county');
    const res = await county.post('/api/linkage/runs', { batchId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    run = res.body;
  });

  it('classifies each record and opens tasks for the differences', async () => {
    expect(run).toMatchObject({ batchId, records: 3, match: 2, nonmatch: 1, tasks: 1 });
    expect(run.findings).toEqual({ consistent: 1, missing: 1, unmatched: 1 });
    const county = await t.as('county');
    const all = await county.get(`/api/linkage/findings?batchId=${batchId}`);
    const byKind = Object.fromEntries(all.body.items.map((f: any) => [f.kind, f]));
    expect(byKind.consistent).toMatchObject({ personId: t.people.firstChild, unitId: XINPU, taskStatus: null });
    expect(byKind.missing).toMatchObject({
      personId: t.people.fuxingWoman,
      unitId: FUXING,
      taskStatus: 'open',
      overdue: false,
    });
    expect(byKind.missing.summary).toContain('疑似漏报');
    expect(byKind.unmatched).toMatchObject({ unitId: null, taskStatus: null });
  });

  it('shows each village its own tasks only, and the township the overdue ones', async () => {
    const fuxing = await (await t.as('village2')).get('/api/linkage/findings?task=open');
    expect(fuxing.body.total).toBe(1);
    const xinpu = await (await t.as('village')).get('/api/linkage/findings?task=open');
    expect(xinpu.body.total).toBe(0);
    expect((await (await t.as('village2')).get('/api/linkage/tasks/counts')).body).toEqual({ open: 1, overdue: 0 });
    // The unmatched out-of-county record is the county's alone.
    expect((await (await t.as('township')).get(`/api/linkage/findings?kind=unmatched`)).body.total).toBe(0);
  });

  it('lets the village dispute a task with a reason, once', async () => {
    const v = await t.as('village2');
    const task = (await v.get('/api/linkage/findings?task=open')).body.items[0];
    expect(
      (await v.post(`/api/linkage/findings/${task.id}/resolve`, { resolution: 'disputed', note: '' })).status,
    ).toBe(400);
    // Another village cannot touch it: it answers like a task that does not exist.
    expect(
      (
        await (
          await t.as('village')
        ).post(`/api/linkage/findings/${task.id}/resolve`, { resolution: 'disputed', note: '不是本村' })
      ).status,
    ).toBe(404);
    expect(
      (
        await v.post(`/api/linkage/findings/${task.id}/resolve`, {
          resolution: 'disputed',
          note: '产妇已于2026年迁往岳阳市',
        })
      ).status,
    ).toBe(204);
    expect(
      (await v.post(`/api/linkage/findings/${task.id}/resolve`, { resolution: 'disputed', note: '再次' })).status,
    ).toBe(409);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'linkage.task.disputed')
      .where('objectId', '=', task.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('gives match rate, under-reporting and a capture–recapture estimate of births', async () => {
    const res = await (await t.as('county')).get('/api/linkage/figures?year=2026');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const hospital = res.body.byFeedType.find((f: any) => f.feedType === 'hospital_birth');
    expect(hospital).toMatchObject({ total: 1, missing: 1, underReportingRate: 1 });
    expect(res.body.births).toMatchObject({ hospital: 1, both: 0 });
    // A village's own figures (it has no units below it to sum).
    const village = await (await t.as('village2')).get('/api/linkage/figures?year=2026');
    expect(village.body.byFeedType.find((f: any) => f.feedType === 'hospital_birth')).toMatchObject({
      unitId: FUXING,
      missing: 1,
    });
  });

  it('replaces the batch’s run when linked again, closing its open tasks', async () => {
    const county = await t.as('county');
    const again = await county.post('/api/linkage/runs', { batchId });
    expect(again.status).toBe(201);
    const runs = await county.get(`/api/linkage/runs?batchId=${batchId}`);
    expect(runs.body.map((r: any) => r.current)).toEqual([true, false]);
    expect((await county.get(`/api/linkage/findings?batchId=${batchId}`)).body.total).toBe(3);
  });

  it('keeps what a village answered: a batch with an answered task is not parsed again', async () => {
    const county = await t.as('county');
    const res = await county.post(`/api/feeds/${batchId}/reprocess`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('不能重新解析');
    expect((await county.get(`/api/linkage/runs?batchId=${batchId}`)).body).toHaveLength(2);
  });

  it('is the county’s to run: a village cannot', async () => {
    expect((await (await t.as('village')).post('/api/linkage/runs', { batchId })).status).toBe(403);
  });
});

describe('deaths from the police and from civil affairs', () => {
  it('turns a police cancellation of someone alive into a missing death, and civil affairs’ into a contradiction', async () => {
    const police = await upload(
      'county',
      '户籍注销.csv',
      utf8Csv(POLICE_HEADER, [
        [
          '死亡注销',
          t.people.ids.grandmother,
          '李桂英',
          '女',
          '1950-01-20',
          '2026-10-01',
          '华容县三封寺镇新铺村1组8号',
          XINPU,
          '',
        ],
      ]),
      'police_hukou',
    );
    const civil = await upload(
      'county',
      '火化.csv',
      utf8Csv(CIVIL_HEADER, [
        ['死亡', '2026-10-03', '', '', '', '', '曾志强', t.people.ids.fuxingMan, '2026-10-02', '华容县民政局'],
      ]),
      'civil_affairs',
    );
    const county = await t.as('county');
    expect((await county.post('/api/linkage/runs', { batchId: police })).body.findings).toEqual({ missing: 1 });
    expect((await county.post('/api/linkage/runs', { batchId: civil })).body.findings).toEqual({ contradicted: 1 });
    const v = (await (await t.as('village')).get(`/api/linkage/findings?batchId=${police}`)).body.items[0];
    expect(v).toMatchObject({ kind: 'missing', personId: t.people.grandmother, unitId: XINPU, taskStatus: 'open' });
    // Nobody has acted on it yet: parsing the batch again removes its run with the records.
    expect((await county.post(`/api/feeds/${police}/reprocess`, {})).status).toBe(200);
    expect((await county.get(`/api/linkage/runs?batchId=${police}`)).body).toHaveLength(0);
    expect((await county.post('/api/linkage/runs', { batchId: police })).body.findings).toEqual({ missing: 1 });
  });
});

describe('an uncertain pair', () => {
  it('waits for a reviewer, whose decision classifies the record again', async () => {
    // No ID number: the mother's name and village agree with 张小红 of 复兴村, nothing else
    // can be compared. Not enough for a match, too much to dismiss.
    const batchId = await upload(
      'county',
      '出生医学证明-无证号.csv',
      gbkCsv(null, HOSPITAL_HEADER, [
        ['Q9', '', '女', '2026-11-20', 3000, 39, '华容县人民医院', '张小红', '', '', '', '华容县三封寺镇复兴村2组3号'],
      ]),
      'hospital_birth',
    );
    const county = await t.as('county');
    const run = (await county.post('/api/linkage/runs', { batchId })).body;
    expect(run).toMatchObject({ review: 1, findings: { pending: 1 } });
    const township = await t.as('township');
    const queue = await township.get('/api/linkage/review');
    const pair = queue.body.items.find((i: any) => i.batchId === batchId);
    expect(pair.feedPerson).toMatchObject({ name: '张小红' });
    expect(pair.candidates[0].person).toMatchObject({ id: t.people.fuxingWoman, name: '张小红' });
    expect(pair.candidates[0].fields.length).toBeGreaterThan(3);
    // Another township does not see it.
    expect(
      (await (await t.as('zhihedu')).get('/api/linkage/review')).body.items.some((i: any) => i.batchId === batchId),
    ).toBe(false);
    expect((await township.post(`/api/linkage/review/${pair.id}`, { decision: 'match' })).status).toBe(400);
    expect(
      (await township.post(`/api/linkage/review/${pair.id}`, { decision: 'match', personId: t.people.fuxingWoman }))
        .status,
    ).toBe(204);
    expect((await township.post(`/api/linkage/review/${pair.id}`, { decision: 'nonmatch' })).status).toBe(409);
    const f = (await county.get(`/api/linkage/findings?batchId=${batchId}`)).body.items[0];
    expect(f).toMatchObject({ kind: 'missing', personId: t.people.fuxingWoman, taskStatus: 'open' });
  });
});

describe('a mother without her ID number', () => {
  it('is taken as the registered woman of that name and village when the registry has her child born that day', async () => {
    const batchId = await upload(
      'county',
      '出生医学证明-补录.csv',
      gbkCsv(null, HOSPITAL_HEADER, [
        [
          'Q10',
          '李明',
          '男',
          '2016-05-05',
          3300,
          39,
          '华容县人民医院',
          '王秀英',
          '',
          '',
          '',
          '华容县三封寺镇新铺村1组8号',
        ],
      ]),
      'hospital_birth',
    );
    const run = (await (await t.as('county')).post('/api/linkage/runs', { batchId })).body;
    expect(run, JSON.stringify(run)).toMatchObject({ match: 1, review: 0, findings: { consistent: 1 } });
    const f = (await (await t.as('county')).get(`/api/linkage/findings?batchId=${batchId}`)).body.items[0];
    expect(f).toMatchObject({ kind: 'consistent', personId: t.people.firstChild });
  });
});

describe('pension stops and housing registrations', () => {
  it('turns a pension stopped by the death of someone the registry holds alive into a contradiction for her village', async () => {
    const batchId = await upload(
      'county',
      '养老待遇终止.xlsx',
      await officeXlsx('华容县城乡居民养老保险待遇终止人员', HR_HEADER, [
        [
          '待遇终止-死亡',
          '',
          t.people.ids.grandmother,
          '李桂英',
          '女',
          '2026-10-02',
          '2026-11',
          '城乡居民基本养老保险',
          '',
          '华容县三封寺镇新铺村1组8号',
        ],
        // A pensioner whose hukou is not in the county: nobody to compare with.
        ['死亡停发', '', outsider, '刘芳芳', '', '', '2026-11-01', '', '', '湖南省岳阳市临湘市'],
      ]),
      'hr_social_security',
    );
    const county = await t.as('county');
    const run = (await county.post('/api/linkage/runs', { batchId })).body;
    expect(run, JSON.stringify(run)).toMatchObject({
      records: 2,
      match: 1,
      tasks: 1,
      findings: { contradicted: 1, unmatched: 1 },
    });
    const task = (await (await t.as('village')).get(`/api/linkage/findings?batchId=${batchId}&task=open`)).body.items;
    expect(task).toHaveLength(1);
    expect(task[0]).toMatchObject({
      kind: 'contradicted',
      feedType: 'hr_social_security',
      recordType: 'death',
      personId: t.people.grandmother,
      unitId: XINPU,
      taskStatus: 'open',
    });
    expect(task[0].summary).toContain('人社部门已因其死亡停发养老待遇');
    const figures = (await county.get('/api/linkage/figures?year=2026')).body;
    expect(figures.byFeedType.find((f: any) => f.feedType === 'hr_social_security')).toMatchObject({
      total: 1,
      contradicted: 1,
      matchRate: 1,
    });
  });

  it('finds a registered person living in another village (a difference on 居住地) and a resident not registered here (floating population, no task)', async () => {
    const newcomer = makeIdNumber('430682', '1990-03-15', 21);
    const batchId = await upload(
      'county',
      '租赁登记.csv',
      gbkCsv('华容县房屋租赁登记备案人员', HOUSING_HEADER, [
        // 王秀英 is registered as living in 新铺村; the lease is in 复兴村.
        ['王秀英', t.people.ids.wife, '华容县三封寺镇复兴村2组5号', '', '2026-03-01', '2026-03-05', '租赁', ''],
        // 李建国 lives where the registry says.
        ['李建国', t.people.ids.husband, '', XINPU, '', '2016-01-10', '自有', ''],
        ['周大勇', newcomer, '', FUXING, '2026-04-01', '', '租赁', ''],
      ]),
      'housing',
    );
    const county = await t.as('county');
    const run = (await county.post('/api/linkage/runs', { batchId })).body;
    expect(run, JSON.stringify(run)).toMatchObject({
      records: 3,
      match: 2,
      nonmatch: 1,
      tasks: 1,
      findings: { different: 1, consistent: 1, unmatched: 1 },
    });
    const all = (await county.get(`/api/linkage/findings?batchId=${batchId}`)).body.items;
    const byKind = Object.fromEntries(all.map((f: any) => [f.kind, f]));
    expect(byKind.different).toMatchObject({
      recordType: 'residence',
      personId: t.people.wife,
      unitId: XINPU,
      taskStatus: 'open',
    });
    expect(byKind.different.differences).toEqual([
      { field: 'residenceUnit', label: '居住地', feed: '复兴村', registry: '新铺村' },
    ]);
    expect(byKind.consistent).toMatchObject({ personId: t.people.husband, taskStatus: null });
    expect(byKind.unmatched).toMatchObject({ personId: null, unitId: FUXING, taskStatus: null });
    expect(byKind.unmatched.summary).toContain('流动人口');
    // The village where the newcomer lives sees the record, without a task; nor is it under-reporting.
    const fuxing = (await (await t.as('village2')).get(`/api/linkage/findings?batchId=${batchId}`)).body;
    expect(fuxing.items.map((f: any) => f.kind)).toEqual(['unmatched']);
    const housing = (await county.get('/api/linkage/figures?year=2026')).body.byFeedType.find(
      (f: any) => f.feedType === 'housing',
    );
    expect(housing).toMatchObject({ total: 2, different: 1, unmatched: 1, underReportingRate: 0 });
  });
});

describe('capture–recapture', () => {
  it('follows Chapman’s estimator', () => {
    const c = chapman(90, 80, 72);
    expect(c.estimate).toBeCloseTo((91 * 81) / 73 - 1, 6);
    expect(c.low).toBeGreaterThanOrEqual(98);
    expect(c.completeness!).toBeGreaterThan(0.85);
    expect(c.completenessLow!).toBeLessThan(c.completeness!);
  });
});
