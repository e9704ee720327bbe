import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../cli.js';
import { insertPersons, updatePerson } from '../registry/person.repository.js';
import { runAnnualReport } from './annualReport.cli.js';
import { setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * The annual report of the test county for 2016: a handful of people in 治河渡社区 (治河渡镇) and
 * 新铺村 (三封寺镇) with births and a death dated 2016. The report must print exactly what the
 * indicator API computes, in JSON, XLSX and PDF; a village worker cannot make the county's
 * report; once the county publishes, the report prints the frozen figures.
 */
const ZHIHEDU = '430623102001'; // 治河渡社区
let t: TestCase;
let county: Client;

const person = (p: { id: string; sex: 1 | 2; birth: string; unit: string; eventId?: string }) => ({
  id: p.id,
  countyCode: '430623',
  idNumberSealed: null,
  idNumberHash: null,
  idNumberMasked: `430623********${p.id.slice(0, 4)}`,
  name: '测试',
  namePinyin: 'ceshi',
  nameInitials: 'cs',
  sex: p.sex,
  birthDate: p.birth,
  ethnicity: '01',
  hukouType: 'rural' as const,
  hukouUnitId: p.unit,
  residenceUnitId: p.unit,
  householdId: null,
  relationship: null,
  motherId: null,
  fatherId: null,
  spouseId: null,
  maritalStatus: '20',
  birthOrder: null,
  status: 'active' as const,
  deathDate: null,
  leftDate: null,
  history: { validFrom: p.birth, change: 'test', eventId: p.eventId ?? null },
});

const event = (e: {
  id: string;
  type: 'birth' | 'death';
  date: string;
  unit: string;
  person: string;
  sex?: 1 | 2;
  order?: number;
  motherAge?: number;
  late?: boolean;
}) => ({
  id: e.id,
  countyCode: '430623',
  type: e.type,
  eventDate: e.date,
  unitId: e.unit,
  personId: e.person,
  otherPersonId: null,
  reportId: null,
  reportedOn: new Date(Date.parse(`${e.date}T00:00:00Z`) + (e.late ? 45 : 7) * 86_400_000).toISOString().slice(0, 10),
  confirmedAt: new Date(),
  childSex: e.sex ?? null,
  birthOrder: e.order ?? null,
  birthWeightG: e.type === 'birth' ? 3200 : null,
  gestationalWeeks: e.type === 'birth' ? 39 : null,
  hasDefect: e.type === 'birth' ? false : null,
  motherAge: e.motherAge ?? null,
  details: '{}',
});

/** Adds a birth dated 2016 in a village, as a confirmed vital event with its child. */
async function addBirth(unit: string, sex: 1 | 2, date: string, order: number, motherAge = 28, late = false) {
  const child = randomUUID();
  const eventId = randomUUID();
  await insertPersons(t.db, [person({ id: child, sex, birth: date, unit, eventId })]);
  await t.db
    .insertInto('vitalEvent')
    .values(event({ id: eventId, type: 'birth', date, unit, person: child, sex, order, motherAge, late }))
    .execute();
}

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  const adults = [
    { id: randomUUID(), sex: 2 as const, birth: '1988-03-01', unit: ZHIHEDU },
    { id: randomUUID(), sex: 2 as const, birth: '1990-07-01', unit: ZHIHEDU },
    { id: randomUUID(), sex: 1 as const, birth: '1945-01-01', unit: ZHIHEDU },
    { id: randomUUID(), sex: 1 as const, birth: '1986-05-05', unit: ZHIHEDU },
  ];
  await insertPersons(
    t.db,
    adults.map((a) => person(a)),
  );
  await addBirth(ZHIHEDU, 1, '2016-03-10', 1);
  await addBirth(ZHIHEDU, 2, '2016-05-20', 2, 30, true);
  await addBirth(ZHIHEDU, 1, '2016-11-02', 3, 35);
  await addBirth(XINPU, 2, '2016-08-08', 2, 27);
  const deathId = randomUUID();
  await updatePerson(
    t.db,
    adults[2]!.id,
    { status: 'dead', deathDate: '2016-09-01' },
    { validFrom: '2016-09-01', change: 'death', eventId: deathId },
  );
  await t.db
    .insertInto('vitalEvent')
    .values(event({ id: deathId, type: 'death', date: '2016-09-01', unit: ZHIHEDU, person: adults[2]!.id }))
    .execute();
}, 60_000);
afterAll(() => t.close());

/** A file download: the raw bytes and headers (the shared client reads bodies as text). */
async function download(c: Client, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } });
  return { status: res.statusCode, body: res.rawPayload, headers: res.headers, text: res.body };
}

/** The info dictionary's /Title (an indirect literal string, UTF-16BE after a byte-order mark). */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const ref = /\/Title (\d+) 0 R/.exec(text);
  const start = text.indexOf(`\n${ref![1]} 0 obj\n(`) + `\n${ref![1]} 0 obj\n(`.length;
  const bytes: number[] = [];
  for (let i = start; text[i] !== ')'; i++) {
    if (text[i] === '\\') {
      i++;
      const escaped: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
      bytes.push(escaped[text[i]!] ?? text.charCodeAt(i));
    } else bytes.push(text.charCodeAt(i));
  }
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 2).toString('hex')).toBe('feff');
  return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
}

const byCode = (fs: Array<{ code: string }>) => Object.fromEntries(fs.map((f) => [f.code, f])) as Record<string, any>;
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

async function indicatorsApi() {
  const r = await county.get('/api/indicators?unitId=430623&period=2016&breakdown=all');
  expect(r.status).toBe(200);
  return r.body;
}

describe('the county’s 2016 report', () => {
  it('JSON: the summary is the indicator API’s figures, provisional until published', async () => {
    const api = await indicatorsApi();
    const r = await county.get('/api/annual-report?year=2016');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body;
    expect(report.title).toBe('华容县 2016 年人口和家庭服务统计年报');
    expect(report.publication.status).toBe('provisional');
    expect(report.notes[0]).toContain('未发布，仅供参考');
    const f = byCode(api.figures);
    // The report is the registry's statistics; the linkage checks, the benefit payments' figures
    // and those of health services, care, petitions and cases (issue 7) stay on their own pages.
    const registryCodes = Object.keys(f).filter(
      (c) =>
        ![
          'linkageMatchRate',
          'birthUnderReportingRate',
          'deathUnderReportingRate',
          'birthRegistrationCompleteness',
          'benefitAccuracy',
          'benefitFundsInPlace',
          'benefitTimeliness',
          'benefitPaymentsPaid',
          'benefitAmountPaid',
          'cervicalCancerScreeningRate',
          'breastCancerScreeningRate',
          'gynecologicalScreeningRate',
          'prenatalScreeningRate',
          'newbornScreeningRate',
          'premaritalCheckRate',
          'prepregnancyCheckRate',
          'positiveFollowupRate',
          'followupOnTimeRate',
          'petitionConcludedOnTimeRate',
          'petitionAcceptedOnTimeRate',
          'petitionSatisfactionRate',
          'careVisits',
          'careFamilies',
          'careAssistanceAmount',
          'casesOpened',
          'casesClosed',
        ].includes(c),
    );
    expect(Object.keys(report.summary.figures).sort()).toEqual(registryCodes.sort());
    for (const code of registryCodes) {
      expect(report.summary.figures[code].value, code).toBe(f[code].value);
      expect(report.summary.figures[code].lower, code).toBe(f[code].lower);
      expect(report.summary.figures[code].source).toBe('computed');
    }
    expect(report.summary.counts).toMatchObject({ births: 4, birthsMale: 2, birthsFemale: 2, deaths: 1 });
    expect(report.summary.counts.populationStart).toBe(f.crudeBirthRate.parts.populationStart);
    const line = (k: string) => report.summaryLines.find((l: any) => l.key === k);
    expect(line('sexRatioAtBirth')).toMatchObject({ value: 100, unit: '女=100' });
    expect(line('births').value).toBe(4);
    // 上年: 2015 had no events in this county, and its end is 2016's start.
    expect(report.previousYear).toBe(2015);
    expect(line('births')).toMatchObject({ previous: 0, previousText: '0' });
    expect(line('populationEnd').previous).toBe(report.summary.counts.populationStart);
    expect(report.townships).toHaveLength(14);
    const villages = report.villages.flatMap((g: any) => g.rows);
    expect(villages).toHaveLength(api.breakdown.filter((b: any) => b.unit.level === 'village').length);
    expect(report.villages[0].township.name).toBe('三封寺镇');
    // The definitions name the version each figure was computed by.
    expect(report.definitions.find((d: any) => d.code === 'sexRatioAtBirth')).toMatchObject({
      version: 1,
      formulaZh: expect.stringContaining('女婴'),
    });
  });

  it('XLSX: three sheets whose numbers equal the API’s, A4, frozen and repeated headers; the download is audited', async () => {
    const api = await indicatorsApi();
    const res = await download(county, '/api/annual-report?year=2016&format=xlsx');
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(
      `filename*=UTF-8''${encodeURIComponent('统计年报_华容县_2016.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['摘要', '乡镇', '村（社区）']);

    const summary = wb.getWorksheet('摘要')!;
    expect(summary.getCell('A1').value).toBe('华容县 2016 年人口和家庭服务统计年报');
    expect(summary.getCell('A3').value).toBe('未发布，仅供参考');
    const valueOf = (label: string) => {
      let v: unknown;
      // The first such row: the definitions further down name the indicators too.
      summary.eachRow((r) => {
        if (v === undefined && String(r.getCell(1).value).trim() === label) v = r.getCell(2).value;
      });
      return v;
    };
    const f = byCode(api.figures);
    expect(valueOf('出生性别比')).toBe(round2(f.sexRatioAtBirth.value));
    expect(valueOf('人口自然增长率')).toBe(round2(f.naturalGrowthRate.value));
    expect(valueOf('出生率')).toBe(round2(f.crudeBirthRate.value));
    expect(valueOf('总和生育率')).toBe(round2(f.totalFertilityRate.value));
    expect(valueOf('报告及时率')).toBe(round2(f.reportTimeliness.value));
    expect(valueOf('出生人数（活产）')).toBe(4);
    expect(valueOf('死亡人数')).toBe(1);
    expect(summary.getRow(5).getCell(3).value).toBe('上年（2015）');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 });

    const townships = wb.getWorksheet('乡镇')!;
    const header = (townships.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['单位代码', '乡镇', '年初人口', '年末人口', '出生']);
    const col = (name: string) => header.indexOf(name) + 1;
    const zhihedu = api.breakdown.find((b: any) => b.unit.id === '430623102');
    let found = false;
    townships.eachRow((r, i) => {
      if (i === 1 || r.getCell(1).value !== '430623102') return;
      found = true;
      expect(r.getCell(col('乡镇')).value).toBe('治河渡镇');
      expect(r.getCell(col('出生')).value).toBe(3);
      expect(r.getCell(col('出生率‰')).value).toBe(round2(byCode(zhihedu.figures).crudeBirthRate.value));
      expect(r.getCell(col('出生率‰')).numFmt).toBe('0.00"*"'); // 3 births: marked as a small number
      expect(r.getCell(col('年末人口')).numFmt).toBe('#,##0');
    });
    expect(found).toBe(true);
    expect(townships.rowCount).toBe(15);
    expect(townships.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(townships.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:1' });

    const villages = wb.getWorksheet('村（社区）')!;
    expect(villages.rowCount - 1).toBe(api.breakdown.filter((b: any) => b.unit.level === 'village').length);
    const xinpu = villages.getRows(2, villages.rowCount - 1)!.find((r) => r.getCell(2).value === XINPU)!;
    expect(xinpu.getCell(1).value).toBe('三封寺镇');
    expect(xinpu.getCell(3).value).toBe('新铺村');

    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'annualReport.export')
      .orderBy('at', 'desc')
      .executeTakeFirst();
    expect(audit).toMatchObject({ username: 'county', objectId: '430623' });
    expect(audit!.detail).toMatchObject({ year: 2016, format: 'xlsx', publication: 'provisional' });
  });

  it('PDF: a PDF embedding a subset of the Chinese font that covers every character of the title', async () => {
    const res = await download(county, '/api/annual-report?year=2016&format=pdf');
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('统计年报_华容县_2016.pdf'));
    const pdf = res.body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The whole font is 8 MB; a subset of the glyphs used is a small part of it.
    expect(pdf.length).toBeLessThan(1_500_000);
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    expect(text).toContain('/FontFile3');
    // The document's title: the info dictionary's /Title, a literal string in UTF-16BE.
    const title = '华容县 2016 年人口和家庭服务统计年报';
    expect(pdfTitle(pdf)).toBe(title);
    // The fonts' ToUnicode maps: every character of the title has a glyph in the subset.
    const mapped = new Set<number>();
    for (const m of text.matchAll(/stream\r?\n/g)) {
      const start = m.index! + m[0].length;
      const end = text.indexOf('endstream', start);
      let body: string;
      try {
        body = inflateSync(pdf.subarray(start, end)).toString('latin1');
      } catch {
        continue;
      }
      if (!body.includes('beginbfrange') && !body.includes('beginbfchar')) continue;
      for (const u of body.matchAll(/<([0-9a-fA-F]{4})>\s*\]?\s*$/gm)) mapped.add(parseInt(u[1]!, 16));
      for (const u of body.matchAll(/<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\[((?:<[0-9a-fA-F]+>\s*)+)\]/g)) {
        for (const h of u[1]!.matchAll(/<([0-9a-fA-F]{4})>/g)) mapped.add(parseInt(h[1]!, 16));
      }
    }
    const missing = [...new Set(title.replace(/[\s\d]/g, ''))].filter((ch) => !mapped.has(ch.codePointAt(0)!));
    expect(missing).toEqual([]);
  });
});

describe('scope and input', () => {
  it('a village worker cannot make the county’s report (as if the county did not exist), but can make her village’s', async () => {
    const village = await t.as('village');
    const r = await village.get('/api/annual-report?year=2016&unitId=430623&format=pdf');
    expect(r.status).toBe(404);
    const other = await village.get('/api/annual-report?year=2016&unitId=430623102001');
    expect(other.status).toBe(404);
    const own = await village.get('/api/annual-report?year=2016');
    expect(own.status).toBe(200);
    expect(own.body.title).toBe('新铺村 2016 年人口和家庭服务统计年报');
    expect(own.body.townships).toEqual([]);
    expect(own.body.villages).toEqual([]);
    expect(own.body.summary.counts.births).toBe(1);
  });

  it('a township makes its own report, its villages in one group', async () => {
    const township = await t.as('township');
    const r = await township.get('/api/annual-report?year=2016&unitId=430623101');
    expect(r.status).toBe(200);
    expect(r.body.townships).toEqual([]);
    expect(r.body.villages).toHaveLength(1);
    expect(r.body.villages[0].township.id).toBe('430623101');
    const xlsx = await download(township, '/api/annual-report?year=2016&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['摘要', '村（社区）']);
    expect((await township.get('/api/annual-report?year=2016&unitId=430623102')).status).toBe(404);
  });

  it('a year not yet begun, a bad format and no session are refused', async () => {
    const r = await county.get('/api/annual-report?year=2100');
    expect(r.status).toBe(400);
    expect(r.body.problems[0]).toMatchObject({ field: 'year' });
    expect((await county.get('/api/annual-report?year=2016&format=doc')).status).toBe(400);
    expect((await county.get('/api/annual-report')).status).toBe(400);
    expect((await t.anonymous.get('/api/annual-report?year=2016')).status).toBe(401);
  });
});

describe('published figures', () => {
  it('after the county publishes 2016, the report prints the frozen figures and says so, even after a late report', async () => {
    const pub = await county.post('/api/indicators/publish', { unitId: '430623', period: '2016' });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    const before = (await county.get('/api/annual-report?year=2016')).body;
    expect(before.publication.status).toBe('published');
    expect(before.notes[0]).toContain('已发布');
    // A birth reported late, after publication.
    await addBirth(ZHIHEDU, 1, '2016-12-20', 1, 24, true);
    const after = (await county.get('/api/annual-report?year=2016')).body;
    expect(after.summary.counts.births).toBe(4);
    expect(after.summary.figures.crudeBirthRate.value).toBe(before.summary.figures.crudeBirthRate.value);
    expect(after.summary.figures.crudeBirthRate.source).toBe('published');
    expect(after.summary.figures.crudeBirthRate.computedNow).toBeGreaterThan(
      after.summary.figures.crudeBirthRate.value,
    );
    expect(after.publication.differs).toContain('crudeBirthRate');
    expect(after.notes.join('')).toContain('出生率');
    expect(after.notes.join('')).toContain('乡镇、村分表中“发布”栏未标“已发布”的单位');
    // The townships were not published: they show today's records (the late birth counts there).
    expect(after.townships.find((r: any) => r.unit.id === '430623102').counts.births).toBe(4);
    const res = await download(county, '/api/annual-report?year=2016&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(String(wb.getWorksheet('摘要')!.getCell('A3').value)).toMatch(/^已发布/);
  });
});

describe('the CLI', () => {
  it('renkou annual-report writes the PDF, XLSX or JSON and is audited as the operator', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-annual-'));
    try {
      const pdf = await runAnnualReport(t.db, { year: '2016', out: path.join(dir, 'county.pdf') });
      expect(pdf).toMatchObject({ title: '华容县 2016 年人口和家庭服务统计年报', status: 'published' });
      expect(fs.readFileSync(pdf.file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const xlsx = await runAnnualReport(t.db, {
        year: '2016',
        unit: '430623101',
        format: 'xlsx',
        out: path.join(dir, 'sanfengsi.xlsx'),
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx.file);
      expect(wb.getWorksheet('摘要')!.getCell('A1').value).toBe('三封寺镇 2016 年人口和家庭服务统计年报');
      const json = await runAnnualReport(t.db, { year: '2016', unit: XINPU, out: path.join(dir, 'xinpu.json') });
      expect(JSON.parse(fs.readFileSync(json.file, 'utf8')).summary.counts.births).toBe(1);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
      const audit = await t.db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'annualReport.export')
        .where('username', '=', 'cli')
        .execute();
      expect(audit).toHaveLength(2);
      await expect(runAnnualReport(t.db, { year: '2016', format: 'doc' })).rejects.toThrow('--format');
      await expect(runAnnualReport(t.db, { year: '1999', out: path.join(dir, 'x.pdf') })).rejects.toThrow('2000');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const cmd = buildProgram().commands.find((c) => c.name() === 'annual-report')!;
    expect(cmd.options.map((o) => o.long)).toEqual(
      expect.arrayContaining(['--year', '--unit', '--format', '--out', '--data', '--database-url']),
    );
  });
});
