import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import pg from 'pg';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { createSealer } from '../lib/sealing.js';
import { shippedCountyTree } from '../org/divisions.js';
import { loadDivisionTree } from '../org/org.service.js';
import { snapshotOf } from '../registry/person.repository.js';
import { FUXING, PASSWORD, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { gbkCsv, officeXlsx, utf8Csv, zipBomb } from './fixtures/files.js';
import { importFile } from './import.service.js';

/**
 * A county statistician brings the registers the villages kept in Excel and CSV into renkou:
 * previews them, fixes what is refused, imports them once, and imports the events of past years.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(async () => t?.close());

type Upload = { status: number; body: any; headers: Record<string, unknown>; raw: Buffer };

/** POSTs a multipart form (fields first, then the file), as the web app's upload does. */
async function upload(
  username: string,
  url: string,
  file: { name: string; data: Buffer },
  fields: Record<string, string> = {},
): Promise<Upload> {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  const cookie = `renkou_session=${login.cookies.find((c) => c.name === 'renkou_session')!.value}`;
  const boundary = `----renkou${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  // File names travel as raw UTF-8, as browsers send them.
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
  );
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* a file */
  }
  return { status: res.statusCode, body, headers: res.headers, raw: res.rawPayload };
}

async function download(username: string, url: string) {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  const cookie = `renkou_session=${login.cookies.find((c) => c.name === 'renkou_session')!.value}`;
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}

const countPersons = async () =>
  Number(
    (
      await t.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const HEADER = [
  '身份证号码',
  '姓名',
  '性别',
  '出生日期',
  '民族',
  '户口性质',
  '户号',
  '与户主关系',
  '户籍村（社区）代码',
  '户籍地址',
  '母亲身份证号',
  '配偶身份证号',
  '婚姻状况',
];

let seq = 500;
/** A household of a father, a mother and a child in a village, as rows of the persons template. */
function family(unit: string, householdNumber: string, year = 1980) {
  const father = makeIdNumber('430623', `${year}-03-01`, (seq += 2) + 1);
  const mother = makeIdNumber('430623', `${year + 2}-07-15`, (seq += 2));
  const child = makeIdNumber('430623', `${year + 28}-01-20`, (seq += 2) + 1);
  return {
    ids: { father, mother, child },
    rows: [
      [
        father,
        '赵 大海',
        '男',
        '',
        '汉族',
        '农业',
        householdNumber,
        '户主',
        unit,
        '华容县某村1组1号',
        '',
        mother,
        '已婚',
      ],
      [mother, '钱小梅', '女', '', '汉', '农业', householdNumber, '妻', unit, '', '', father, ''],
      [child, '赵一', '男', '', '01', '农业', householdNumber, '长子', unit, '', mother, '', '未婚'],
    ],
  };
}

describe('importing persons and households', () => {
  it('gives templates with Chinese headers, as XLSX and as CSV', async () => {
    const xlsx = await download('county', '/api/imports/templates/persons.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const headers = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining([
        '身份证号码',
        '姓名',
        '性别',
        '出生日期',
        '民族',
        '户口性质',
        '户号',
        '与户主关系',
        '户籍村（社区）代码',
        '母亲身份证号',
        '父亲身份证号',
        '配偶身份证号',
        '婚姻状况',
      ]),
    );
    expect(wb.worksheets[1]!.name).toBe('填写说明');
    const csv = await download('county', '/api/imports/templates/events.csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('事件类型,事件日期,身份证号码');
    expect((await download('village', '/api/imports/templates/persons.xlsx')).statusCode).toBe(403);
  });

  it('previews a file: header under a title, suggested mapping, the first rows read, problems, nothing written', async () => {
    const f = family(XINPU, '4306231012089001');
    const buf = await officeXlsx({
      title: '新铺村户籍人口花名册（2016年）',
      labels: [
        '公民身份号码',
        '姓名',
        '性别',
        '出生日期',
        '民族',
        '户口性质',
        '户号',
        '与户主关系',
        '村（社区）代码',
        '地址',
        '母亲身份证号码',
        '配偶身份证号码',
        '婚姻状况',
      ],
      rows: f.rows.map((r) => r.map((v) => v || null)),
      textColumns: [0, 6, 8, 10, 11],
    });
    const before = await countPersons();
    const res = await upload('county', '/api/imports/preview', { name: '花名册.xlsx', data: buf }, { kind: 'persons' });
    expect(res.status).toBe(200);
    expect(res.body.headerRow).toBe(2);
    expect(res.body.mapping).toMatchObject({
      公民身份号码: 'idNumber',
      '村（社区）代码': 'hukouUnit',
      地址: 'address',
      母亲身份证号码: 'motherIdNumber',
    });
    expect(res.body.sample[0]).toMatchObject({
      row: 3,
      values: {
        name: '赵大海',
        sex: 1,
        birthDate: '1980-03-01',
        hukouType: 'rural',
        relationship: '02',
        hukouUnitId: XINPU,
      },
    });
    expect(res.body.sample[0].values.idNumber).toMatch(/^430623\*+\d{3}[\dX]$/);
    expect(res.body.rowCount).toBe(3);
    expect(res.body.problemCount).toBe(0);
    expect(await countPersons()).toBe(before);
  });

  it('imports a file end to end: persons sealed and searchable, the household, links, history, audit', async () => {
    const f = family(XINPU, '4306231012089002');
    const data = utf8Csv([HEADER, ...f.rows]);
    const before = await countPersons();
    const res = await upload(
      'county',
      '/api/imports',
      { name: '赵家.csv', data },
      { kind: 'persons', progressToken: 'tok-end-to-end' },
    );
    expect(res.status).toBe(201);
    expect(res.body.counts).toMatchObject({ persons: 3, households: 1 });
    expect(await countPersons()).toBe(before + 3);

    const child = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.child))
      .executeTakeFirstOrThrow();
    const mother = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.mother))
      .executeTakeFirstOrThrow();
    const father = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.father))
      .executeTakeFirstOrThrow();
    expect(t.sealer.open(child.idNumberSealed!)).toBe(f.ids.child);
    expect(child.idNumberMasked).toBe(`${f.ids.child.slice(0, 6)}********${f.ids.child.slice(-4)}`);
    expect(child).toMatchObject({
      name: '赵一',
      namePinyin: 'zhaoyi',
      nameInitials: 'zy',
      motherId: mother.id,
      relationship: '22',
      maritalStatus: '10',
      hukouUnitId: XINPU,
      residenceUnitId: XINPU,
    });
    expect(father).toMatchObject({ name: '赵大海', spouseId: mother.id, maritalStatus: '20', relationship: '02' });
    // The wife names her husband, who comes earlier; he names her, who comes later: both linked.
    expect(mother).toMatchObject({ spouseId: father.id, maritalStatus: '20', ethnicity: '01' });
    const household = await t.db
      .selectFrom('household')
      .selectAll()
      .where('id', '=', father.householdId!)
      .executeTakeFirstOrThrow();
    expect(household).toMatchObject({
      householdNumber: '4306231012089002',
      unitId: XINPU,
      hukouType: 'rural',
      address: '华容县某村1组1号',
    });
    const history = await t.db.selectFrom('personHistory').selectAll().where('personId', '=', father.id).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ change: 'import', validFrom: '1980-03-01' });
    expect((history[0]!.snapshot as Record<string, unknown>).spouseId).toBe(mother.id);
    // The snapshot is the one the registry's own snapshotOf makes of the row.
    expect(history[0]!.snapshot).toEqual(JSON.parse(JSON.stringify(snapshotOf(father))));

    // The people are found by the registry's own search, by ID number and by pinyin.
    const county = await t.as('county');
    const byId = await county.get(`/api/persons?q=${f.ids.child}`);
    expect(byId.body.items.map((p: { name: string }) => p.name)).toEqual(['赵一']);
    const byPinyin = await county.get('/api/persons?q=zdh');
    expect(byPinyin.body.items.map((p: { name: string }) => p.name)).toContain('赵大海');

    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'import.persons')
      .where('objectId', '=', res.body.batchId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ username: 'county', outcome: 'success' });
    const progress = await county.get('/api/imports/progress/tok-end-to-end');
    expect(progress.body.phase).toBe('done');
    const batch = await county.get(`/api/imports/${res.body.batchId}`);
    expect(batch.body).toMatchObject({
      status: 'succeeded',
      rowCount: 3,
      fileName: '赵家.csv',
      importedBy: { username: 'county' },
    });
  });

  it('refuses a file with three bad rows, lists all three with row and column, and writes nothing', async () => {
    const f = family(FUXING, '4306231012139001', 1975);
    const badDate = [...f.rows[1]!];
    badDate[0] = makeIdNumber('430623', '1990-03-05', 802);
    badDate[3] = '3/5/1990';
    badDate[11] = '';
    const badId = [...f.rows[2]!];
    badId[0] = `${f.ids.child.slice(0, 17)}${f.ids.child.endsWith('0') ? '1' : '0'}`;
    const badSex = ['', '孙小', '不详', '2001-01-01', '汉族', '农业', '', '', FUXING, '', '', '', ''];
    const data = utf8Csv([HEADER, f.rows[0]!, badDate, badId, badSex]);
    const before = await countPersons();
    const households = Number(
      (
        await t.db
          .selectFrom('household')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const res = await upload('county', '/api/imports', { name: '有错.csv', data }, { kind: 'persons' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    expect(res.body.badRowCount).toBe(3);
    const where = res.body.problems.map((p: any) => `${p.row}${p.column}`);
    expect(where).toEqual(expect.arrayContaining(['3D', '4A', '5C']));
    const date = res.body.problems.find((p: any) => p.row === 3 && p.column === 'D');
    expect(date).toMatchObject({ file: '有错.csv', header: '出生日期', field: 'birthDate' });
    expect(date.message).toMatch(/有错\.csv 第 3 行 D 列（出生日期）：.*月和日的顺序/);
    expect(await countPersons()).toBe(before);
    expect(
      Number(
        (
          await t.db
            .selectFrom('household')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(households);

    // The error report has the three rows as sent, with 错误说明, as XLSX and as CSV.
    const report = await download('county', res.body.errorReportUrl);
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toContain('错误说明');
    const rows = [2, 3, 4].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual([3, 4, 5]);
    expect(String(rows[0]!.at(-1))).toContain('出生日期（D列）');
    expect(rows[1]![1]).toBe(badId[0]); // the ID number as sent, digits intact
    const csv = await download('county', res.body.errorReportUrl.replace('.xlsx', '.csv'));
    expect(csv.body).toContain('错误说明');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(4);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('objectId', '=', res.body.batchId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['import.persons', 'failure'],
      ['import.errors.download', 'success'],
      ['import.errors.download', 'success'],
    ]);
  });

  it('imports the same file once, also when it arrives twice at the same moment', async () => {
    const data = utf8Csv([HEADER, ...family(XINPU, '4306231012089003').rows]);
    const first = await upload('county', '/api/imports', { name: 'a.csv', data }, { kind: 'persons' });
    expect(first.status).toBe(201);
    const again = await upload('admin', '/api/imports', { name: 'a-副本.csv', data }, { kind: 'persons' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_IMPORTED');
    expect(again.body.message).toMatch(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 由 县卫健局 统计员 王丽（county）导入/);
    expect(again.body.batchId).toBe(first.body.batchId);

    const twin = utf8Csv([HEADER, ...family(XINPU, '4306231012089004').rows]);
    const before = await countPersons();
    const [a, b] = await Promise.all([
      upload('county', '/api/imports', { name: 'b.csv', data: twin }, { kind: 'persons' }),
      upload('admin', '/api/imports', { name: 'b.csv', data: twin }, { kind: 'persons' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await countPersons()).toBe(before + 3);
    const sha = await t.db
      .selectFrom('importBatch')
      .select('id')
      .where('fileName', '=', 'b.csv')
      .where('status', '=', 'succeeded')
      .execute();
    expect(sha).toHaveLength(1);
  });

  it('refuses persons already in the registry, naming the row', async () => {
    const row = [t.people.ids.husband, '李建国', '男', '1988-04-12', '汉族', '农业', '', '', XINPU, '', '', '', ''];
    const res = await upload(
      'county',
      '/api/imports',
      { name: 'dup.csv', data: utf8Csv([HEADER, row]) },
      { kind: 'persons' },
    );
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({
      row: 2,
      column: 'A',
      reason: '该身份证号码已在登记系统中登记，不能重复导入',
    });
  });

  it('reads a GBK CSV with full-width digits, a lower-case x and 2016年3月5日 dates', async () => {
    let n = 900;
    let id = makeIdNumber('430623', '2016-03-05', n);
    while (!id.endsWith('X')) id = makeIdNumber('430623', '2016-03-05', (n += 2));
    const fullWidth = id.slice(0, 17).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) + 'x';
    const rows = [
      ['华容县人口信息表'],
      ['身份证号', '姓 名', '性别', '出生日期', '民族', '户口性质', '户籍村（社区）'],
      [fullWidth, '孙 晓 雨', '女', '２０１６年３月５日', '汉族', '非农业', '三封寺镇新铺村'],
    ];
    const data = gbkCsv(rows);
    expect(iconv.decode(data, 'gbk')).toContain('孙 晓 雨');
    const res = await upload('township', '/api/imports', { name: '孙晓雨.csv', data }, { kind: 'persons' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(id))
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      name: '孙晓雨',
      sex: 2,
      birthDate: '2016-03-05',
      hukouType: 'urban',
      hukouUnitId: XINPU,
      maritalStatus: '90',
    });
    expect(t.sealer.open(p.idNumberSealed!)).toBe(id);
    const batch = await t.db
      .selectFrom('importBatch')
      .selectAll()
      .where('id', '=', res.body.batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ encoding: 'gb18030', format: 'csv', unitId: '430623101' });
  });

  it('accepts a mapping for headers it does not know', async () => {
    const id = makeIdNumber('430623', '1966-06-06', 911);
    const data = utf8Csv([
      ['编号', '名', '证件', '农非', '村'],
      ['1', '周老汉', id, '农业', XINPU],
    ]);
    const bare = await upload('county', '/api/imports/preview', { name: 'odd.csv', data }, { kind: 'persons' });
    expect(bare.body.problems.map((p: any) => p.reason).join()).toMatch(/找不到表头|缺少必填列/);
    const mapping = { 名: 'name', 证件: 'idNumber', 农非: 'hukouType', 村: 'hukouUnit', 编号: '' };
    const res = await upload(
      'county',
      '/api/imports',
      { name: 'odd.csv', data },
      { kind: 'persons', options: JSON.stringify({ mapping }) },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const batch = await (await t.as('county')).get(`/api/imports/${res.body.batchId}`);
    expect(batch.body.options.mapping).toEqual(mapping);
  });

  it('refuses rows outside the importer’s scope, and importers without the right', async () => {
    const other = '430623102202';
    const data = utf8Csv([HEADER, ...family(other, '4306231022029001').rows]);
    const res = await upload('township', '/api/imports', { name: 'other.csv', data }, { kind: 'persons' });
    expect(res.status).toBe(400);
    expect(res.body.badRowCount).toBe(3);
    expect(res.body.problems[0]).toMatchObject({ row: 2, column: 'I', field: 'hukouUnit' });
    expect(res.body.problems[0].reason).toContain('不在本人辖区内');
    const village = await upload('village', '/api/imports', { name: 'v.csv', data }, { kind: 'persons' });
    expect(village.status).toBe(403);
    // The township sees its own batches only; the county sees all.
    const township = await (await t.as('township')).get('/api/imports');
    expect(township.body.items.every((b: any) => b.unit.id === '430623101')).toBe(true);
    const zhihedu = await (await t.as('zhihedu')).get(`/api/imports/${res.body.batchId}`);
    expect(zhihedu.status).toBe(404);
    // A refused batch still says how many data rows its file had.
    const refused = await (await t.as('township')).get(`/api/imports/${res.body.batchId}`);
    expect(refused.body).toMatchObject({ status: 'failed', rowCount: 3 });
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const res = await upload('county', '/api/imports', { name: 'bomb.xlsx', data: zipBomb(64) }, { kind: 'persons' });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].reason).toMatch(/压缩炸弹/);
    expect(res.body.problems[0].row).toBeNull();
  });

  it('imports an office XLSX with a title and a merged two-row header (父母信息 over the parents)', async () => {
    const f = family(FUXING, '4306231012139002', 1970);
    const labels = [
      '身份证号码',
      '姓名',
      '性别',
      '出生日期',
      '民族',
      '户口性质',
      '户号',
      '与户主关系',
      '户籍村（社区）代码',
      '户籍地址',
      '身份证号',
      '身份证号',
      '婚姻状况',
    ];
    const rows = f.rows.map((r) => {
      const out: Array<string | Date | null> = r.map((v) => v || null);
      out[10] = r[10] || null; // mother
      out[11] = null; // father column under the group
      out[12] = r[12] || null;
      return out;
    });
    // Spouse links come from the other columns: here 父母信息 holds 母亲/父亲 ID numbers.
    const buf = await officeXlsx({
      title: '复兴村人口登记表',
      labels,
      groups: { 10: ['母亲', '身份证号'], 11: ['父亲', '身份证号'] },
      rows: rows.map((r, i) => (i === 2 ? [...r.slice(0, 11), f.ids.father, r[12]!] : r)),
      textColumns: [0, 6, 8, 10, 11],
    });
    const res = await upload('county', '/api/imports', { name: '复兴村.xlsx', data: buf }, { kind: 'persons' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const child = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.child))
      .executeTakeFirstOrThrow();
    const father = await t.db
      .selectFrom('person')
      .select('id')
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.father))
      .executeTakeFirstOrThrow();
    const mother = await t.db
      .selectFrom('person')
      .select('id')
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.mother))
      .executeTakeFirstOrThrow();
    expect(child).toMatchObject({ motherId: mother.id, fatherId: father.id });
  });
});

/** A database of its own (the engine the suite runs on), for calling the service directly. */
async function freshHandle(): Promise<DatabaseHandle> {
  const url = process.env.RENKOU_TEST_PG;
  const handle = url ? undefined : await createDatabase({ dataDir: 'memory' });
  if (handle) return handle;
  const name = `renkou_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url!);
  u.pathname = `/${name}`;
  const h = await createDatabase({ url: u.toString() });
  return {
    ...h,
    async close() {
      await h.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe('a first load', () => {
  it('builds indexes and checks foreign keys once at the end, and leaves every one of them in place', async () => {
    const database = await freshHandle();
    const db = database.db;
    await migrateToLatest(db);
    await loadDivisionTree(db, shippedCountyTree('430623')!);
    const sealer = createSealer(randomBytes(32));
    const catalog = async () => {
      const idx = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename IN ('person', 'person_history', 'household')`.execute(
        db,
      );
      const fks = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND (conrelid::regclass::text IN ('person', 'person_history', 'household') OR confrelid::regclass::text IN ('person', 'person_history', 'household'))`.execute(
        db,
      );
      return { indexes: idx.rows[0]!.n, foreignKeys: fks.rows[0]!.n };
    };
    const before = await catalog();
    const rows = [1, 2, 3, 4].flatMap((i) => family(FUXING, `43062310121390${10 + i}`, 1960 + i).rows);
    const file = path.join(os.tmpdir(), `renkou-bulk-${randomBytes(4).toString('hex')}.csv`);
    fs.writeFileSync(file, utf8Csv([HEADER, ...rows]));
    try {
      const result = await importFile(
        { database, sealer },
        {
          userId: null,
          username: 'cli:test',
          displayName: '测试',
          role: 'operator',
          unitId: '430623',
          unitPath: '/430623/',
          countyCode: '430623',
        },
        { userId: null, username: 'cli:test', unitId: '430623', address: null },
        'persons',
        { path: file, fileName: 'bulk.csv', bytes: fs.statSync(file).size, sha256: randomBytes(32).toString('hex') },
        {},
        undefined,
        { bulkMinRows: 1 },
      );
      expect(result.status).toBe('imported');
      expect(result.status === 'imported' && result.counts).toMatchObject({ persons: 12, households: 4 });
      expect(await catalog()).toEqual(before);
      // Links written in one go (no fix-ups in bulk mode) point where they should.
      const mothers = await db
        .selectFrom('person as c')
        .innerJoin('person as m', 'm.id', 'c.motherId')
        .select(['m.name'])
        .where('c.name', '=', '赵一')
        .execute();
      expect(mothers.map((m) => m.name)).toEqual(['钱小梅', '钱小梅', '钱小梅', '钱小梅']);
      const history = await db
        .selectFrom('personHistory')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(history.n)).toBe(12);
      // The indicators' population spans cover the bulk-loaded persons too (triggers were off).
      const spans = await sql<{ n: number }>`SELECT count(DISTINCT person_id)::int AS n FROM person_span`.execute(db);
      expect(spans.rows[0]!.n).toBe(12);
    } finally {
      fs.rmSync(file, { force: true });
      await database.close();
    }
  });
});

describe('importing historical events', () => {
  it('records deaths, marriages and moves as vital events and changes the persons as reports would', async () => {
    const f = family(XINPU, '4306231012089005', 1950);
    const persons = utf8Csv([HEADER, ...f.rows]);
    expect((await upload('county', '/api/imports', { name: 'p.csv', data: persons }, { kind: 'persons' })).status).toBe(
      201,
    );
    const events = utf8Csv([
      ['事件类型', '事件日期', '身份证号码', '姓名', '配偶身份证号', '迁出地/迁往地', '死亡原因'],
      ['出生', '1978年1月20日', f.ids.child, '赵一', '', '', ''],
      ['迁出', '2020.5.1', f.ids.child, '', '', '广东省深圳市', ''],
      ['死亡', '2019-12-31', f.ids.father, '赵大海', '', '', '病故'],
    ]);
    const res = await upload('county', '/api/imports', { name: 'events.csv', data: events }, { kind: 'events' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toMatchObject({ events: 3, byType: { birth: 1, death: 1, move_out: 1 } });
    const father = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.father))
      .executeTakeFirstOrThrow();
    const mother = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.mother))
      .executeTakeFirstOrThrow();
    const child = await t.db
      .selectFrom('person')
      .selectAll()
      .where('idNumberHash', '=', t.sealer.lookupHash(f.ids.child))
      .executeTakeFirstOrThrow();
    expect(father).toMatchObject({ status: 'dead', deathDate: '2019-12-31' });
    expect(mother.maritalStatus).toBe('30');
    expect(child).toMatchObject({ status: 'moved_out', leftDate: '2020-05-01' });
    const vital = await t.db
      .selectFrom('vitalEvent')
      .selectAll()
      .where('personId', 'in', [father.id, child.id])
      .orderBy('eventDate')
      .execute();
    expect(vital.map((v) => [v.type, v.eventDate, v.reportId])).toEqual([
      ['birth', '1978-01-20', null],
      ['death', '2019-12-31', null],
      ['move_out', '2020-05-01', null],
    ]);
    expect(vital[0]).toMatchObject({ otherPersonId: mother.id, childSex: 1, motherAge: 25 });
    const history = await t.db
      .selectFrom('personHistory')
      .select(['change', 'validFrom'])
      .where('personId', '=', father.id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.change)).toEqual(['import', 'death']);

    // An event after a death, and an unknown person, are refused with row and column.
    const bad = utf8Csv([
      ['事件类型', '事件日期', '身份证号码'],
      ['迁出', '2021-01-01', f.ids.father],
      ['死亡', '2021-01-01', makeIdNumber('430623', '1940-01-01', 977)],
      ['结婚', '明年', f.ids.child],
    ]);
    const refused = await upload('county', '/api/imports', { name: 'bad-events.csv', data: bad }, { kind: 'events' });
    expect(refused.status).toBe(400);
    expect(refused.body.problems.map((p: any) => `${p.row}${p.column}`).sort()).toEqual(['2B', '3C', '4B']);
  });
});
