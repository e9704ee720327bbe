import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import {
  CIVIL_HEADER,
  EDUCATION_HEADER,
  gbkCsv,
  HOSPITAL_HEADER,
  HOUSING_HEADER,
  HR_HEADER,
  officeXlsx,
  POLICE_HEADER,
  utf8Csv,
} from './fixtures/feeds.js';
import { feedDb } from './feed.tables.js';
import { feedClient } from './fixtures/feedClient.js';

/**
 * The county statistician receives the departments' feeds: the hospital's birth certificates
 * uploaded as a GBK CSV, the police's household changes as XLSX; a file with a bad row is kept
 * but refused; the same file twice is kept once. A department's own system: feed.credentials.int.test.ts.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(async () => t?.close());

const { upload, get, post, countRecords, countBatches, auditActions } = feedClient(() => t);

function hospitalRows() {
  return [
    [
      'Q430000101',
      '李小雨',
      '女',
      '2026-01-05',
      3300,
      39,
      '华容县人民医院',
      '王秀英',
      t.people.ids.wife,
      '李建国',
      t.people.ids.husband,
      '华容县三封寺镇新铺村1组8号',
    ],
    [
      'Q430000102',
      '',
      '男',
      '2026年1月9日',
      '3050',
      '38',
      '华容县妇幼保健院',
      '张小红',
      t.people.ids.fuxingWoman,
      '',
      '',
      '三封寺镇复兴村2组3号',
    ],
  ];
}

describe('uploading a feed', () => {
  let hospitalBatch: string;

  it('keeps a hospital GBK CSV with a title row as received and parses its births', async () => {
    const data = gbkCsv('华容县人民医院出生医学证明信息（2026年1月）', HOSPITAL_HEADER, hospitalRows());
    const res = await upload(
      'county',
      { name: '出生医学证明2026-01.csv', data },
      { feedType: 'hospital_birth', encoding: 'auto' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.outcome).toBe('parsed');
    const b = res.body.batch;
    hospitalBatch = b.id;
    expect(b).toMatchObject({
      feedType: 'hospital_birth',
      channel: 'upload',
      status: 'parsed',
      rowCount: 2,
      recordCount: 2,
      encodingDetected: 'gb18030',
      format: 'csv',
      fileName: '出生医学证明2026-01.csv',
      departmentName: '助产医疗机构',
      senderName: '县卫健局 统计员 王丽',
    });
    expect(b.recordTypeCounts).toEqual({ birth: 2 });

    const stored = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', b.id)
      .orderBy('rowNumber')
      .execute();
    expect(stored.map((r) => r.rowNumber)).toEqual([3, 4]);
    const [first, second] = stored;
    // The mother is found the way the registry keeps ID numbers.
    expect(first!.motherIdNumberHash).toBe(t.sealer.lookupHash(t.people.ids.wife));
    expect(t.sealer.open(first!.motherIdNumberSealed!)).toBe(t.people.ids.wife);
    expect(first!.motherIdNumberMasked).toMatch(/^430623\*{8}\d{3}[\dX]$/);
    expect(first!).toMatchObject({
      recordType: 'birth',
      name: '李小雨',
      namePinyin: 'lixiaoyu',
      sex: 2,
      birthDate: '2026-01-05',
      eventDate: '2026-01-05',
      unitId: XINPU,
      motherName: '王秀英',
      fatherName: '李建国',
      idNumberHash: null,
    });
    expect(first!.fatherIdNumberHash).toBe(t.sealer.lookupHash(t.people.ids.husband));
    expect(first!.details).toMatchObject({
      certificateNumber: 'Q430000101',
      weightGrams: 3300,
      gestationalWeeks: 39,
      hospital: '华容县人民医院',
    });
    expect(second).toMatchObject({
      name: null,
      sex: 1,
      birthDate: '2026-01-09',
      unitId: '430623101213',
      fatherName: null,
      fatherIdNumberHash: null,
    });

    // The bytes are kept exactly, and the download is audited.
    const file = await get('county', `/api/feeds/${b.id}/file`);
    expect(file.status).toBe(200);
    expect(file.raw.equals(data)).toBe(true);
    expect((await auditActions('feed.file.download')).some((a) => a.objectId === b.id)).toBe(true);
    expect((await auditActions('feed.receive')).some((a) => a.objectId === b.id && a.outcome === 'success')).toBe(true);
  });

  it('lists records with masked ID numbers only', async () => {
    const res = await get('county', `/api/feeds/${hospitalBatch}/records?pageSize=1`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      rowNumber: 3,
      motherName: '王秀英',
      unitName: '新铺村',
      motherIdNumberMasked: expect.stringMatching(/\*{8}/),
    });
    const all = JSON.stringify((await get('county', `/api/feeds/${hospitalBatch}/records`)).body);
    for (const id of [t.people.ids.wife, t.people.ids.husband, t.people.ids.fuxingWoman]) expect(all).not.toContain(id);
    expect(all).not.toContain('v1:');
  });

  it('answers the same file sent again with the batch already kept', async () => {
    const before = await countBatches();
    const data = gbkCsv('华容县人民医院出生医学证明信息（2026年1月）', HOSPITAL_HEADER, hospitalRows());
    const res = await upload('county', { name: '又一次.csv', data }, { feedType: 'hospital_birth', encoding: 'auto' });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('duplicate');
    expect(res.body.batch.id).toBe(hospitalBatch);
    expect(res.body.message).toContain('已于');
    expect(await countBatches()).toBe(before);
    expect(await countRecords(hospitalBatch)).toBe(2);
  });

  it('reads the police household changes from an XLSX with a merged title', async () => {
    const moved = makeIdNumber('430623', '1970-03-03', 55);
    const data = await officeXlsx('华容县公安局户籍变动信息', POLICE_HEADER, [
      [
        '出生登记',
        makeIdNumber('430623', '2026-01-05', 22),
        '李小雨',
        '女',
        '2026-01-05',
        '2026-01-20',
        '华容县三封寺镇新铺村1组8号',
        '',
        '',
      ],
      ['死亡注销', t.people.ids.grandmother, '李桂英', '', '', new Date(Date.UTC(2026, 0, 12)) as never, '', XINPU, ''],
      ['迁出', moved, '周 大 勇', '男', '1970-03-03', '2026/1/15', '', '三封寺镇复兴村', '广东省深圳市'],
    ]);
    const res = await upload('county', { name: '户籍变动.xlsx', data }, { feedType: 'police_hukou', encoding: 'auto' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.batch).toMatchObject({
      format: 'xlsx',
      encodingDetected: null,
      recordCount: 3,
      recordTypeCounts: { birth: 1, death: 1, move_out: 1 },
      departmentName: '县公安局',
    });
    const rows = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', res.body.batch.id)
      .orderBy('rowNumber')
      .execute();
    expect(rows.map((r) => [r.rowNumber, r.recordType, r.unitId, r.eventDate])).toEqual([
      [3, 'birth', XINPU, '2026-01-20'],
      [4, 'death', XINPU, '2026-01-12'],
      [5, 'move_out', '430623101213', '2026-01-15'],
    ]);
    expect(rows[1]!.idNumberHash).toBe(t.sealer.lookupHash(t.people.ids.grandmother));
    expect(rows[1]).toMatchObject({ sex: 2, birthDate: '1950-01-20' });
    expect(rows[2]).toMatchObject({ name: '周大勇', details: expect.objectContaining({ place: '广东省深圳市' }) });
  });

  it('reads marriages and deaths from civil affairs, and enrolments from education', async () => {
    const civil = utf8Csv(CIVIL_HEADER, [
      [
        '结婚登记',
        '2026-02-14',
        '曾志强',
        t.people.ids.fuxingMan,
        '张小红',
        t.people.ids.fuxingWoman,
        '',
        '',
        '',
        '华容县民政局婚姻登记处',
      ],
      ['火化', '2026-01-14', '', '', '', '', '李桂英', t.people.ids.grandmother, '2026-01-12', '华容县殡仪馆'],
    ]);
    const c = await upload(
      'county',
      { name: '民政.csv', data: civil },
      { feedType: 'civil_affairs', encoding: 'auto' },
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const rows = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', c.body.batch.id)
      .orderBy('rowNumber')
      .execute();
    expect(rows[0]).toMatchObject({
      recordType: 'marriage',
      name: '曾志强',
      sex: 1,
      spouseName: '张小红',
      eventDate: '2026-02-14',
      spouseIdNumberHash: t.sealer.lookupHash(t.people.ids.fuxingWoman),
    });
    expect(rows[1]).toMatchObject({
      recordType: 'cremation',
      eventDate: '2026-01-14',
      details: expect.objectContaining({ deathDate: '2026-01-12' }),
    });

    const edu = utf8Csv(EDUCATION_HEADER, [
      ['李明', t.people.ids.firstChild, '男', '三封寺镇中心小学', '2022年9月', '一年级', '三封寺镇新铺村'],
    ]);
    const e = await upload('county', { name: '入学.csv', data: edu }, { feedType: 'education', encoding: 'auto' });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    const [r] = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', e.body.batch.id)
      .execute();
    expect(r).toMatchObject({
      recordType: 'enrolment',
      eventDate: '2022-09-01',
      unitId: XINPU,
      birthDate: '2016-05-05',
      details: expect.objectContaining({ school: '三封寺镇中心小学', enrolledMonthOnly: true }),
    });
  });

  it('reads pension stops by death from an XLSX and residents from a housing GBK CSV', async () => {
    const hr = await upload(
      'county',
      {
        name: '养老待遇终止.xlsx',
        data: await officeXlsx('华容县城乡居民养老保险待遇终止人员（2026年10月）', HR_HEADER, [
          [
            '待遇终止',
            '死亡',
            t.people.ids.grandmother,
            '李桂英',
            '女',
            '2026-10-02',
            '2026年11月',
            '城乡居民基本养老保险',
            XINPU,
            '',
          ],
          [
            '丧葬抚恤金',
            '',
            t.people.ids.fuxingMan,
            '曾志强',
            '',
            '',
            '2026-11-01',
            '',
            '',
            '华容县三封寺镇复兴村2组3号',
          ],
        ]),
      },
      { feedType: 'hr_social_security', encoding: 'auto' },
    );
    expect(hr.status, JSON.stringify(hr.body)).toBe(201);
    expect(hr.body.batch).toMatchObject({
      departmentName: '县人力资源和社会保障局',
      recordCount: 2,
      recordTypeCounts: { death: 2 },
    });
    const deaths = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', hr.body.batch.id)
      .orderBy('rowNumber')
      .execute();
    expect(deaths.map((r) => [r.rowNumber, r.recordType, r.eventDate, r.unitId])).toEqual([
      [3, 'death', '2026-10-02', XINPU],
      [4, 'death', '2026-11-01', FUXING],
    ]);
    expect(deaths[1]!.details).toMatchObject({ deathDate: null, stopDate: '2026-11-01', businessType: '丧葬抚恤金' });

    const housing = await upload(
      'county',
      {
        name: '租赁登记.csv',
        data: gbkCsv('华容县房屋租赁登记备案人员', HOUSING_HEADER, [
          ['王秀英', t.people.ids.wife, '华容县三封寺镇复兴村2组5号', '', '2026-03-01', '2026-03-05', '租赁', ''],
        ]),
      },
      { feedType: 'housing', encoding: 'auto' },
    );
    expect(housing.status, JSON.stringify(housing.body)).toBe(201);
    expect(housing.body.batch).toMatchObject({ encodingDetected: 'gb18030', recordTypeCounts: { residence: 1 } });
    const [home] = await feedDb(t.db)
      .selectFrom('feedRecord')
      .selectAll()
      .where('batchId', '=', housing.body.batch.id)
      .execute();
    expect(home).toMatchObject({
      recordType: 'residence',
      eventDate: '2026-03-01',
      unitId: FUXING,
      idNumberHash: t.sealer.lookupHash(t.people.ids.wife),
      details: expect.objectContaining({ tenure: '租赁', registeredOn: '2026-03-05' }),
    });
    const records = await get('county', `/api/feeds/${housing.body.batch.id}/records?recordType=residence`);
    expect(records.status, JSON.stringify(records.body)).toBe(200);
    expect(records.body.items[0]).toMatchObject({ recordType: 'residence' });

    const before = await countRecords();
    const bad = await upload(
      'county',
      {
        name: '租赁登记-有错.csv',
        data: gbkCsv(null, HOUSING_HEADER, [
          ['王秀英', t.people.ids.wife, '', '', '2026-03-01', '', '租赁', ''],
          ['张小红', t.people.ids.fuxingWoman, '', '', '', '', '合伙经营', ''],
        ]),
      },
      { feedType: 'housing', encoding: 'auto' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { message: string }) => p.message)).toEqual([
      '租赁登记-有错.csv 第 3 行 E 列（起租日期）：起租日期和登记日期至少填一项',
      '租赁登记-有错.csv 第 3 行 G 列（登记类型）：无法识别的登记类型“合伙经营”，应为 租赁、自有、借住 或 其他',
    ]);
    expect(await countRecords()).toBe(before);
  });

  it('keeps a file with bad rows but refuses it, naming file, row and column, and writes no record', async () => {
    const before = await countRecords();
    const rows = hospitalRows();
    rows[0]![8] = '430623199206010429'; // wrong check digit
    rows[1]![3] = '3/5/2026'; // month or day first?
    rows[1]![0] = 'Q430000199';
    const data = gbkCsv(null, HOSPITAL_HEADER, rows);
    const res = await upload('county', { name: '有错误.csv', data }, { feedType: 'hospital_birth', encoding: 'auto' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FEED_REFUSED');
    expect(res.body.message).toContain('有 2 处错误');
    const messages = res.body.problems.map((p: { message: string }) => p.message);
    expect(messages).toEqual([
      '有错误.csv 第 2 行 I 列（母亲身份证号）：身份证号码校验位不正确',
      expect.stringMatching(/^有错误\.csv 第 3 行 D 列（出生日期）：日期“3\/5\/2026”无法确定月和日的顺序/),
    ]);
    expect(res.body.problems[0]).toMatchObject({ row: 2, column: 'I', field: 'motherIdNumber' });
    expect(await countRecords()).toBe(before);
    const kept = await get('county', `/api/feeds/${res.body.batchId}`);
    expect(kept.body).toMatchObject({ status: 'refused', recordCount: 0, problemCount: 2 });
    expect(kept.body.problems).toHaveLength(2);
    expect(
      (await auditActions('feed.receive')).some((a) => a.objectId === res.body.batchId && a.outcome === 'failure'),
    ).toBe(true);
    // Sent again, it is not kept twice and its problems are said again.
    const again = await upload(
      'county',
      { name: '有错误.csv', data },
      { feedType: 'hospital_birth', encoding: 'auto' },
    );
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'FEED_REFUSED', batchId: res.body.batchId });
    expect(again.body.message).toMatch(/当时因 2 处错误被拒绝，不重复保存。有错误\.csv 第 2 行 I 列/);
  });

  it('refuses a file of another feed type with the columns it lacks', async () => {
    const res = await upload(
      'county',
      {
        name: '户籍.csv',
        data: utf8Csv(POLICE_HEADER, [['迁入', t.people.ids.husband, '李建国', '', '', '2026-01-02', '', XINPU, '']]),
      },
      { feedType: 'hospital_birth', encoding: 'auto' },
    );
    expect(res.status).toBe(400);
    expect(res.body.problems[0].message).toMatch(/^户籍\.csv：缺少必填列“证书编号”/);
  });

  it('parses again a feed refused for its encoding, with the encoding chosen now', async () => {
    const data = gbkCsv(null, HOSPITAL_HEADER, [
      [
        'Q430000301',
        '王乐',
        '男',
        '2026-02-01',
        3200,
        40,
        '华容县人民医院',
        '王秀英',
        t.people.ids.wife,
        '',
        '',
        '新铺村',
      ],
    ]);
    const res = await upload('county', { name: '编码.csv', data }, { feedType: 'hospital_birth', encoding: 'utf-8' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].message).toContain('UTF-8');
    const id = res.body.batchId;
    const again = await post('county', `/api/feeds/${id}/reprocess`, { encoding: 'gbk' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.batch).toMatchObject({
      status: 'parsed',
      recordCount: 1,
      parseCount: 2,
      encodingRequested: 'gbk',
      encodingDetected: 'gb18030',
      problemCount: 0,
    });
    expect(await countRecords(id)).toBe(1);
  });

  it('reprocesses a parsed feed by replacing its records in one go', async () => {
    const list = await get('county', '/api/feeds?feedType=hospital_birth&status=parsed');
    const id = list.body.items.find((b: { fileName: string }) => b.fileName === '出生医学证明2026-01.csv').id;
    const before = (await feedDb(t.db).selectFrom('feedRecord').select('id').where('batchId', '=', id).execute()).map(
      (r) => r.id,
    );
    const res = await post('county', `/api/feeds/${id}/reprocess`);
    expect(res.status).toBe(200);
    expect(res.body.batch).toMatchObject({ status: 'parsed', recordCount: 2, parseCount: 2 });
    const after = (await feedDb(t.db).selectFrom('feedRecord').select('id').where('batchId', '=', id).execute()).map(
      (r) => r.id,
    );
    expect(after).toHaveLength(2);
    expect(after.some((x) => before.includes(x))).toBe(false);
    const audit = (await auditActions('feed.reprocess')).find((a) => a.objectId === id);
    expect(audit?.detail).toMatchObject({ before: 'parsed', after: 'parsed', recordsRemoved: 2, records: 2 });
  });

  it('gives a template with the Chinese headers', async () => {
    const res = await get('county', '/api/feeds/templates/hospital_birth');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as never);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('母亲身份证号');
    expect(header).toContain('出生体重（克）');
    for (const [type, column] of [
      ['hr_social_security', '终止日期'],
      ['housing', '起租日期'],
    ] as const) {
      const tpl = await get('county', `/api/feeds/templates/${type}`);
      expect(tpl.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(tpl.raw as never);
      expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toContain(column);
    }
    expect((await get('county', '/api/feeds/templates/nonsense')).status).toBe(400);
  });

  it('lists feed types with their columns', async () => {
    const res = await get('county', '/api/feeds/types');
    expect(res.body.map((x: { code: string }) => x.code)).toEqual([
      'police_hukou',
      'hospital_birth',
      'civil_affairs',
      'education',
      'hr_social_security',
      'housing',
    ]);
    const housing = res.body.find((x: { code: string }) => x.code === 'housing');
    expect(housing).toMatchObject({ recordTypes: ['residence'], department: { nameZh: '县住房和城乡建设局' } });
  });
});

describe('scope', () => {
  it('is for holders of feed.manage only, and within their county', async () => {
    expect((await get('township', '/api/feeds')).status).toBe(403);
    expect((await get('village', '/api/feeds/types')).status).toBe(403);
    const township = await upload(
      'township',
      { name: 'x.csv', data: utf8Csv(HOSPITAL_HEADER, []) },
      { feedType: 'hospital_birth', encoding: 'auto' },
    );
    expect(township.status).toBe(403);
    const list = await get('admin', '/api/feeds');
    expect(list.status).toBe(200);
    const id = list.body.items[0].id;
    // A batch of another county looks exactly like none.
    await sql`UPDATE feed_batch SET county_code = '430624' WHERE id = ${id}`.execute(t.db);
    try {
      expect((await get('county', `/api/feeds/${id}`)).status).toBe(404);
      expect((await get('county', `/api/feeds/${id}/records`)).status).toBe(404);
      expect((await get('county', `/api/feeds/${id}/file`)).status).toBe(404);
      expect((await post('county', `/api/feeds/${id}/reprocess`)).status).toBe(404);
      expect((await get('county', '/api/feeds?pageSize=100')).body.items.some((b: { id: string }) => b.id === id)).toBe(
        false,
      );
    } finally {
      await sql`UPDATE feed_batch SET county_code = '430623' WHERE id = ${id}`.execute(t.db);
    }
    expect((await get('county', '/api/feeds/not-a-uuid')).status).toBe(404);
  });
});
