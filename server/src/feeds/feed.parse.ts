/**
 * A received feed's bytes into normalised records, or the reasons it cannot be: every problem
 * names the file, the row as Excel numbers it, the column by letter and header. Pure apart
 * from reading the bytes through a temporary file (the spreadsheet reader streams from disk):
 * the units of the county come in with the context, nothing is written.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MappedColumn } from '../imports/import.fields.js';
import { RowReader, type RowProblem } from '../imports/import.rows.js';
import { ProblemLog, type ImportProblem } from '../imports/import.problems.js';
import type { UnitIndex } from '../imports/import.units.js';
import type { IdNumberInfo } from '../lib/idNumber.js';
import {
  cellText,
  isBlank,
  parseDate,
  parseIdNumberCell,
  parseName,
  parseSex,
  parseSmallInt,
  type CellValue,
  type Parsed,
} from '../lib/messy.js';
import { findHeader, type Header } from '../lib/sheetHeader.js';
import {
  openSpreadsheet,
  SpreadsheetError,
  type EncodingChoice,
  type SheetLimits,
  type SheetRow,
} from '../lib/spreadsheet.js';
import {
  businessKey,
  FEED_TYPES,
  feedFieldForLabel,
  HOUSING_TENURES,
  HR_DEATH_REASONS,
  HR_STOP_TYPES,
  recordTypeOf,
  type FeedType,
  type FeedTypeCode,
  type RecordType,
} from './feed.types.js';

export type FeedContext = { units: UnitIndex; countyPath: string; today: string };

export type PersonRef = { idNumber: string | null; name: string | null };

/** One row, normalised: what feed_record stores (ID numbers still in clear, sealed on writing). */
export type FeedRecordDraft = {
  row: number;
  recordType: RecordType;
  idNumber: string | null;
  name: string | null;
  sex: 1 | 2 | null;
  birthDate: string | null;
  eventDate: string;
  unitId: string | null;
  address: string | null;
  mother: PersonRef | null;
  father: PersonRef | null;
  spouse: PersonRef | null;
  details: Record<string, string | number | boolean | null>;
};

export type ParsedFeed = {
  format: 'xlsx' | 'csv' | null;
  encoding: string | null;
  /** Data rows read (blank rows not counted). */
  rowCount: number;
  records: FeedRecordDraft[];
  problemCount: number;
  problems: ImportProblem[];
};

const HEADER_SCAN_ROWS = 30;

// ------------------------------------------------------------------------------- column mapping

/**
 * Which column feeds which field, through the synonyms. A label shared with another column
 * (身份证号 under both 母亲 and 父亲) yields to the label read with its group title. A field fed
 * by two columns, and a missing required column, are file problems.
 */
export function mapFeedColumns(type: FeedType, header: Header): { columns: MappedColumn[]; problems: string[] } {
  const columns: MappedColumn[] = [];
  const firstField = (c: Header['columns'][number]) =>
    c.labels[0] !== undefined ? feedFieldForLabel(type.code, c.labels[0]) : undefined;
  for (const c of header.columns) {
    const candidates = c.labels.flatMap((l) => {
      const f = feedFieldForLabel(type.code, l);
      return f ? [{ l, f }] : [];
    });
    let pick = candidates[0];
    const shared = (f: string) => header.columns.some((o) => o !== c && firstField(o) === f);
    // A combined label (母亲 + 姓名) names the column better than its own shared one (姓名).
    if (
      pick &&
      candidates.length > 1 &&
      pick.l === c.labels[0] &&
      (shared(pick.f) || candidates[1]!.l.length > pick.l.length)
    )
      pick = candidates[1];
    if (pick) columns.push({ index: c.index, letter: c.letter, header: pick.l, field: pick.f });
  }
  const problems: string[] = [];
  const byField = new Map<string, MappedColumn[]>();
  for (const c of columns) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  for (const [field, cols] of byField) {
    if (cols.length > 1) {
      const def = type.columns.find((f) => f.key === field)!;
      problems.push(
        `“${def.header}”对应了多列（${cols.map((c) => `${c.letter}列“${c.header}”`).join('、')}），请只保留一列`,
      );
    }
  }
  for (const f of type.columns) {
    if (f.required && !byField.has(f.key))
      problems.push(`缺少必填列“${f.header}”（也可写作：${f.synonyms.slice(0, 3).join('、')}）`);
  }
  for (const group of type.requiredOneOf ?? []) {
    if (group.some((k) => byField.has(k))) continue;
    const defs = group.map((k) => type.columns.find((f) => f.key === k)!);
    problems.push(
      `缺少${defs.map((f) => `“${f.header}”`).join('或')}列，至少应有其中一列（也可写作：${defs
        .flatMap((f) => f.synonyms.slice(0, 2))
        .join('、')}）`,
    );
  }
  return { columns, problems };
}

// --------------------------------------------------------------------------------------- a row

/** A date not after today. */
function date(r: RowReader, ctx: FeedContext, field: string, what: string, required?: string): string | undefined {
  const d = r.parse(field, parseDate, required);
  if (d && d > ctx.today) {
    r.fail(field, `${what} ${d} 晚于今天`);
    return undefined;
  }
  return d;
}

/** A date, or a month alone (2022年9月, 2022-09, 2022.9) read as its first day. */
export function parseDateOrMonth(cell: CellValue): Parsed<{ date: string; monthOnly: boolean }> {
  const t = cellText(cell).replace(/\s+/g, '');
  const m = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/.exec(t);
  if (m && typeof cell === 'string') {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { ok: false, message: `月份“${m[2]}”不存在` };
    return { ok: true, value: { date: `${m[1]}-${String(month).padStart(2, '0')}-01`, monthOnly: true } };
  }
  const d = parseDate(cell);
  return d.ok ? { ok: true, value: { date: d.value, monthOnly: false } } : d;
}

/**
 * An ID number with the sex it must have (mothers, wives: female), and the sex and birth date
 * the row gives checked against it.
 */
function idNumber(r: RowReader, field: string, required: string | undefined, sex?: 1 | 2): IdNumberInfo | undefined {
  const id = r.parse(field, parseIdNumberCell, required);
  if (id && sex && id.sex !== sex) {
    r.fail(
      field,
      `身份证号码为${id.sex === 1 ? '男' : '女'}性号码，${field.startsWith('mother') || field.startsWith('female') ? '应为女性' : '应为男性'}`,
    );
  }
  return id;
}

function name(r: RowReader, field: string, required?: string): string | null {
  return r.parse(field, parseName, required) ?? null;
}

/** Sex and birth date from the row when given (and then they must agree with the ID number), else from the number. */
function sexAndBirth(
  r: RowReader,
  ctx: FeedContext,
  id: IdNumberInfo | undefined,
  sexRequired?: string,
  birthRequired?: string,
): { sex: 1 | 2 | null; birthDate: string | null } {
  const sex = r.parse('sex', parseSex, id ? undefined : sexRequired);
  const birth = date(r, ctx, 'birthDate', '出生日期', id ? undefined : birthRequired);
  if (id && sex && sex !== id.sex)
    r.fail('sex', `性别“${sex === 1 ? '男' : '女'}”与身份证号码（${id.sex === 1 ? '男' : '女'}）不一致`);
  if (id && birth && birth !== id.birthDate)
    r.fail('birthDate', `出生日期 ${birth} 与身份证号码中的 ${id.birthDate} 不一致`);
  if (id && id.birthDate > ctx.today) r.fail('idNumber', `身份证号码中的出生日期 ${id.birthDate} 晚于今天`);
  return { sex: sex ?? id?.sex ?? null, birthDate: birth ?? id?.birthDate ?? null };
}

/**
 * The village a row belongs to: the unit column when there is one (it must name a unit of the
 * county), else the address when it names a township and village of the county; else none.
 */
function unitOf(
  r: RowReader,
  ctx: FeedContext,
  what = '村（社区）',
): { unitId: string | null; address: string | null } {
  const address = r.text('address', 200);
  if (!r.blank('unit')) {
    const u = r.parse('unit', (c) => ctx.units.resolve(c, ctx.countyPath, what));
    return { unitId: u?.id ?? null, address };
  }
  return { unitId: address ? resolveAddress(ctx, address) : null, address };
}

/**
 * An address's village, when the address begins with one the county has (三封寺镇新铺村1组8号,
 * 华容县新铺村…). Best effort: an address that names none gives none, it is not an error.
 */
export function resolveAddress(ctx: FeedContext, address: string): string | null {
  const text = address.replace(/[\s\u3000]+/g, '');
  for (const m of text.matchAll(/村|社区/g)) {
    const end = m.index + m[0].length;
    // 村委会 and 居委会 suffixes read as the village.
    const candidate = text.slice(0, end);
    const found = ctx.units.resolve(candidate, ctx.countyPath, '村（社区）');
    if (found.ok) return found.value.id;
  }
  return null;
}

function businessType(r: RowReader, type: FeedType): RecordType | undefined {
  const t = r.text('businessType', 40);
  if (!t) {
    r.fail('businessType', '业务类型不能为空');
    return undefined;
  }
  const rt = recordTypeOf(type, t);
  if (!rt || !type.recordTypes.includes(rt)) {
    r.fail(
      'businessType',
      `无法识别的业务类型“${t}”，应为 ${Object.keys(type.businessTypes ?? {})
        .slice(0, 8)
        .join('、')} 之一`,
    );
    return undefined;
  }
  return rt;
}

const opt = <T>(v: T | undefined): T | null => v ?? null;

type RowParser = (r: RowReader, ctx: FeedContext, row: number) => FeedRecordDraft | undefined;

const policeRow: RowParser = (r, ctx, row) => {
  const recordType = businessType(r, FEED_TYPES.police_hukou);
  const id = idNumber(r, 'idNumber', '身份证号不能为空');
  const nm = name(r, 'name', '姓名不能为空');
  const { sex, birthDate } = sexAndBirth(r, ctx, id);
  const changeDate = date(r, ctx, 'changeDate', '变动日期', '变动日期不能为空');
  const deathDate = date(r, ctx, 'deathDate', '死亡日期');
  if (deathDate && recordType && recordType !== 'death') r.fail('deathDate', '只有死亡注销填写死亡日期');
  const { unitId, address } = unitOf(r, ctx);
  const place = r.text('place');
  const householdNumber = r.text('householdNumber', 30);
  const note = r.text('note', 500);
  if (birthDate && changeDate && changeDate < birthDate)
    r.fail('changeDate', `变动日期 ${changeDate} 早于出生日期 ${birthDate}`);
  if (birthDate && deathDate && deathDate < birthDate)
    r.fail('deathDate', `死亡日期 ${deathDate} 早于出生日期 ${birthDate}`);
  if (!recordType || !id || !changeDate || r.problems.length) return undefined;
  return {
    row,
    recordType,
    idNumber: id.idNumber,
    name: nm,
    sex,
    birthDate,
    eventDate: recordType === 'death' && deathDate ? deathDate : changeDate,
    unitId,
    address,
    mother: null,
    father: null,
    spouse: null,
    details: { changeDate, place, householdNumber, note },
  };
};

const hospitalRow: RowParser = (r, ctx, row) => {
  const certificateNumber = r.text('certificateNumber', 40);
  if (!certificateNumber) r.fail('certificateNumber', '证书编号不能为空');
  const childName = name(r, 'childName');
  const sex = r.parse('sex', parseSex, '新生儿性别不能为空');
  const birthDate = date(r, ctx, 'birthDate', '出生日期', '出生日期不能为空');
  const weightGrams = r.parse('weightGrams', (c) => parseSmallInt(c, 300, 7000));
  const gestationalWeeks = r.parse('gestationalWeeks', (c) => parseSmallInt(c, 20, 45));
  const motherName = name(r, 'motherName', '母亲姓名不能为空');
  // Some certificates lack the mother's ID number (no ID card, a foreign mother): linkage then
  // compares her name and address.
  const mother = idNumber(r, 'motherIdNumber', undefined, 2);
  const fatherName = name(r, 'fatherName');
  const father = idNumber(r, 'fatherIdNumber', undefined, 1);
  if (mother && birthDate && mother.birthDate >= birthDate)
    r.fail('motherIdNumber', `母亲的出生日期 ${mother.birthDate} 不早于新生儿的出生日期`);
  const { unitId, address } = unitOf(r, ctx);
  const details = {
    certificateNumber,
    weightGrams: opt(weightGrams),
    gestationalWeeks: opt(gestationalWeeks),
    hospital: r.text('hospital'),
    birthPlace: r.text('birthPlace'),
    note: r.text('note', 500),
  };
  if (!sex || !birthDate || r.problems.length) return undefined;
  return {
    row,
    recordType: 'birth',
    idNumber: null,
    name: childName,
    sex,
    birthDate,
    eventDate: birthDate,
    unitId,
    address,
    mother: { idNumber: mother?.idNumber ?? null, name: motherName },
    father: father || fatherName ? { idNumber: father?.idNumber ?? null, name: fatherName } : null,
    spouse: null,
    details,
  };
};

const civilRow: RowParser = (r, ctx, row) => {
  const recordType = businessType(r, FEED_TYPES.civil_affairs);
  const registeredOn = date(r, ctx, 'registeredOn', '登记日期');
  const { unitId, address } = unitOf(r, ctx);
  const common = {
    certificateNumber: r.text('certificateNumber', 60),
    agency: r.text('agency'),
    note: r.text('note', 500),
  };
  if (!recordType) return undefined;
  if (recordType === 'marriage' || recordType === 'divorce') {
    const what = recordType === 'marriage' ? '结婚登记' : '离婚登记';
    if (!r.column('registeredOn') || r.blank('registeredOn')) r.fail('registeredOn', `${what}须填写登记日期`);
    const maleName = name(r, 'maleName', `${what}须填写男方姓名`);
    const male = idNumber(r, 'maleIdNumber', `${what}须填写男方身份证号`, 1);
    const femaleName = name(r, 'femaleName', `${what}须填写女方姓名`);
    const female = idNumber(r, 'femaleIdNumber', `${what}须填写女方身份证号`, 2);
    if (!r.column('maleIdNumber')) r.fail(null, `${what}须有“男方身份证号”列`);
    if (!r.column('femaleIdNumber')) r.fail(null, `${what}须有“女方身份证号”列`);
    if (!male || !female || !registeredOn || r.problems.length) return undefined;
    return {
      row,
      recordType,
      idNumber: male.idNumber,
      name: maleName,
      sex: 1,
      birthDate: male.birthDate,
      eventDate: registeredOn,
      unitId,
      address,
      mother: null,
      father: null,
      spouse: { idNumber: female.idNumber, name: femaleName },
      details: { ...common },
    };
  }
  // death or cremation
  const what = recordType === 'death' ? '死亡' : '火化';
  const deceasedName = name(r, 'deceasedName', `${what}须填写死者姓名`);
  const deceased = idNumber(r, 'deceasedIdNumber', `${what}须填写死者身份证号`);
  if (!r.column('deceasedIdNumber')) r.fail(null, `${what}须有“死者身份证号”列`);
  const deathDate = date(r, ctx, 'deathDate', '死亡日期', recordType === 'death' ? '死亡须填写死亡日期' : undefined);
  if (recordType === 'death' && !r.column('deathDate')) r.fail(null, '死亡须有“死亡日期”列');
  if (recordType === 'cremation' && !registeredOn && !r.problems.some((p) => p.column?.field === 'registeredOn'))
    r.fail('registeredOn', '火化须填写登记日期（火化日期）');
  if (deceased && deathDate && deathDate < deceased.birthDate)
    r.fail('deathDate', `死亡日期 ${deathDate} 早于身份证号码中的出生日期 ${deceased.birthDate}`);
  if (deathDate && registeredOn && recordType === 'cremation' && registeredOn < deathDate)
    r.fail('registeredOn', `火化日期 ${registeredOn} 早于死亡日期 ${deathDate}`);
  const eventDate = recordType === 'death' ? deathDate : registeredOn;
  if (!deceased || !eventDate || r.problems.length) return undefined;
  return {
    row,
    recordType,
    idNumber: deceased.idNumber,
    name: deceasedName,
    sex: deceased.sex,
    birthDate: deceased.birthDate,
    eventDate,
    unitId,
    address,
    mother: null,
    father: null,
    spouse: null,
    details: {
      ...common,
      deathDate: opt(deathDate),
      registeredOn: opt(registeredOn),
      deathCause: r.text('deathCause'),
    },
  };
};

const educationRow: RowParser = (r, ctx, row) => {
  const nm = name(r, 'name', '学生姓名不能为空');
  const id = idNumber(r, 'idNumber', '身份证号不能为空');
  const { sex, birthDate } = sexAndBirth(r, ctx, id);
  const school = r.text('school');
  if (!school) r.fail('school', '学校不能为空');
  const enrolled = r.parse('enrolledOn', parseDateOrMonth, '入学日期不能为空');
  if (enrolled && enrolled.date > ctx.today) r.fail('enrolledOn', `入学日期 ${enrolled.date} 晚于今天`);
  if (enrolled && birthDate && enrolled.date <= birthDate)
    r.fail('enrolledOn', `入学日期 ${enrolled.date} 不晚于出生日期 ${birthDate}`);
  const { unitId, address } = unitOf(r, ctx);
  const details = {
    school,
    grade: r.text('grade', 40),
    studentNumber: r.text('studentNumber', 40),
    enrolledMonthOnly: enrolled?.monthOnly ?? false,
    note: r.text('note', 500),
  };
  if (!id || !enrolled || r.problems.length) return undefined;
  return {
    row,
    recordType: 'enrolment',
    idNumber: id.idNumber,
    name: nm,
    sex,
    birthDate,
    eventDate: enrolled.date,
    unitId,
    address,
    mother: null,
    father: null,
    spouse: null,
    details,
  };
};

/**
 * A pension stopped because the pensioner died. The 业务类型 says death by itself (死亡停发,
 * 丧葬抚恤金), or is a stop (待遇终止) whose 终止原因 is death; any other row is refused, as this
 * feed receives deaths only (feed.types.ts HR_DEATH_TYPES says why). The death date is the
 * event's date when given, else the date the payment stopped, which linkage then does not
 * compare with a registered death date.
 */
const hrRow: RowParser = (r, ctx, row) => {
  const business = r.text('businessType', 40);
  const reason = r.text('stopReason', 40);
  let death = false;
  const only = '人社数据只报送因死亡终止待遇的人员';
  if (!business) r.fail('businessType', '业务类型不能为空');
  else if (recordTypeOf(FEED_TYPES.hr_social_security, business) === 'death') death = true;
  else if (HR_STOP_TYPES.includes(businessKey(business))) {
    if (!reason)
      r.fail(
        r.column('stopReason') ? 'stopReason' : 'businessType',
        `业务类型为“${business}”时须在“终止原因”中写明“死亡”（${only}）`,
      );
    else if (!HR_DEATH_REASONS.includes(businessKey(reason)))
      r.fail('stopReason', `终止原因“${reason}”不是死亡：${only}，请删去此行`);
    else death = true;
  } else {
    r.fail(
      'businessType',
      `无法识别的业务类型“${business}”：${only}（如 待遇终止-死亡、死亡停发、丧葬抚恤金，或“待遇终止”并在终止原因中写“死亡”）`,
    );
  }
  const id = idNumber(r, 'idNumber', '身份证号不能为空');
  const nm = name(r, 'name');
  const { sex, birthDate } = sexAndBirth(r, ctx, id);
  const deathDate = date(r, ctx, 'deathDate', '死亡日期');
  const stop = r.parse('stopDate', parseDateOrMonth);
  if (stop && stop.date > ctx.today) r.fail('stopDate', `终止日期 ${stop.date} 晚于今天`);
  const dateFailed = r.problems.some((p) => p.column?.field === 'deathDate' || p.column?.field === 'stopDate');
  if (!deathDate && !stop && !dateFailed)
    r.fail(r.column('deathDate') ? 'deathDate' : 'stopDate', '死亡日期和终止日期至少填一项');
  if (birthDate && deathDate && deathDate < birthDate)
    r.fail('deathDate', `死亡日期 ${deathDate} 早于出生日期 ${birthDate}`);
  // A pension stops in the month of the death or later, never before it.
  if (deathDate && stop && stop.date < `${deathDate.slice(0, 7)}-01`)
    r.fail('stopDate', `终止日期 ${stop.date} 早于死亡日期 ${deathDate} 所在的月份`);
  if (!deathDate && stop && birthDate && stop.date < birthDate)
    r.fail('stopDate', `终止日期 ${stop.date} 早于出生日期 ${birthDate}`);
  const { unitId, address } = unitOf(r, ctx);
  const details = {
    businessType: business,
    stopReason: reason,
    deathDate: opt(deathDate),
    stopDate: stop?.date ?? null,
    stopMonthOnly: stop?.monthOnly ?? false,
    insurance: r.text('insurance', 60),
    note: r.text('note', 500),
  };
  const eventDate = deathDate ?? stop?.date;
  if (!death || !id || !eventDate || r.problems.length) return undefined;
  return {
    row,
    recordType: 'death',
    idNumber: id.idNumber,
    name: nm,
    sex,
    birthDate,
    eventDate,
    unitId,
    address,
    mother: null,
    father: null,
    spouse: null,
    details,
  };
};

/**
 * Who lives at which address since when (a tenancy filing or a property registration). The
 * event's date is the day the person began living there (起租日期), else the registration date.
 */
const housingRow: RowParser = (r, ctx, row) => {
  const id = idNumber(r, 'idNumber', '身份证号不能为空');
  const nm = name(r, 'name');
  const { sex, birthDate } = sexAndBirth(r, ctx, id);
  const since = date(r, ctx, 'since', '起租日期');
  const registeredOn = date(r, ctx, 'registeredOn', '登记日期');
  const dateFailed = r.problems.some((p) => p.column?.field === 'since' || p.column?.field === 'registeredOn');
  if (!since && !registeredOn && !dateFailed)
    r.fail(r.column('since') ? 'since' : 'registeredOn', '起租日期和登记日期至少填一项');
  if (birthDate && since && since < birthDate) r.fail('since', `起租日期 ${since} 早于出生日期 ${birthDate}`);
  if (birthDate && registeredOn && registeredOn < birthDate)
    r.fail('registeredOn', `登记日期 ${registeredOn} 早于出生日期 ${birthDate}`);
  const tenureText = r.text('tenure', 20);
  const tenure = tenureText ? HOUSING_TENURES[businessKey(tenureText)] : undefined;
  if (tenureText && !tenure) r.fail('tenure', `无法识别的登记类型“${tenureText}”，应为 租赁、自有、借住 或 其他`);
  const { unitId, address } = unitOf(r, ctx, '居住村（社区）');
  const details = {
    since: opt(since),
    registeredOn: opt(registeredOn),
    tenure: tenure ?? null,
    note: r.text('note', 500),
  };
  const eventDate = since ?? registeredOn;
  if (!id || !eventDate || r.problems.length) return undefined;
  return {
    row,
    recordType: 'residence',
    idNumber: id.idNumber,
    name: nm,
    sex,
    birthDate,
    eventDate,
    unitId,
    address,
    mother: null,
    father: null,
    spouse: null,
    details,
  };
};

const ROW_PARSERS: Record<FeedTypeCode, RowParser> = {
  police_hukou: policeRow,
  hospital_birth: hospitalRow,
  civil_affairs: civilRow,
  education: educationRow,
  hr_social_security: hrRow,
  housing: housingRow,
};

/** One row into a record, or its problems. */
export function parseFeedRow(
  type: FeedTypeCode,
  row: number,
  cells: CellValue[],
  byField: Map<string, MappedColumn>,
  ctx: FeedContext,
): { record?: FeedRecordDraft; problems: RowProblem[] } {
  const r = new RowReader(cells, byField, 200);
  const record = ROW_PARSERS[type](r, ctx, row);
  return r.problems.length ? { problems: r.problems } : { record, problems: [] };
}

// -------------------------------------------------------------------------------------- a file

/**
 * Parses a feed's bytes. File problems (unreadable, a bomb, no header, missing columns) and row
 * problems all end up in `problems`; records are returned only when there are none.
 */
export async function parseFeed(
  bytes: Buffer,
  fileName: string,
  type: FeedTypeCode,
  ctx: FeedContext,
  opts: { encoding?: EncodingChoice; limits?: Partial<SheetLimits> } = {},
): Promise<ParsedFeed> {
  const log = new ProblemLog(fileName);
  const tmp = path.join(os.tmpdir(), `renkou-feed-${randomBytes(12).toString('hex')}`);
  const result: ParsedFeed = { format: null, encoding: null, rowCount: 0, records: [], problemCount: 0, problems: [] };
  await fs.promises.writeFile(tmp, bytes, { mode: 0o600 });
  try {
    try {
      const sheet = await openSpreadsheet(tmp, { fileName, encoding: opts.encoding, limits: opts.limits });
      result.format = sheet.format;
      result.encoding = sheet.encoding;
      const top: SheetRow[] = [];
      for await (const batch of sheet.rows({ batchSize: HEADER_SCAN_ROWS })) {
        top.push(...batch);
        break;
      }
      const feedType = FEED_TYPES[type];
      const header = findHeader(top, sheet.merges, (l) => feedFieldForLabel(type, l) !== undefined, 2);
      if (!header) {
        log.fileProblem(
          top.length === 0
            ? '文件中没有数据'
            : `在前 ${HEADER_SCAN_ROWS} 行中找不到“${feedType.nameZh}”的表头（至少应有${feedType.columns
                .filter((c) => c.required)
                .slice(0, 2)
                .map((c) => `“${c.header}”`)
                .join('')}等两个可识别的列名）；请使用模板，或确认选择的数据类型`,
        );
      } else {
        const mapped = mapFeedColumns(feedType, header);
        for (const p of mapped.problems) log.fileProblem(p);
        const width = Math.max(0, ...header.columns.map((c) => c.index + 1));
        log.setHeaders(
          Array.from({ length: width }, (_, i) => header.columns.find((c) => c.index === i)?.display ?? ''),
        );
        if (log.ok) {
          const byField = new Map(mapped.columns.map((c) => [c.field, c]));
          for await (const batch of sheet.rows()) {
            for (const { row, cells } of batch) {
              if (row <= header.bottom || cells.every(isBlank)) continue;
              result.rowCount++;
              const parsed = parseFeedRow(type, row, cells, byField, ctx);
              for (const p of parsed.problems) log.row(row, cells, p);
              // Records stop being kept at the first problem: the file will be refused anyway.
              if (parsed.record && log.ok) result.records.push(parsed.record);
            }
          }
          if (log.ok && result.rowCount === 0) log.fileProblem('表头下没有数据行');
        }
      }
    } catch (err) {
      if (!(err instanceof SpreadsheetError)) throw err;
      if (err.row !== null) log.row(err.row, null, { column: null, message: err.message });
      else log.fileProblem(err.message);
    }
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
  result.problemCount = log.count;
  result.problems = log.listed;
  if (!log.ok) result.records = [];
  return result;
}
