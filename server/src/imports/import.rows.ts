/**
 * One spreadsheet row into one record, or the reasons it cannot be: every reason names the
 * column it is about. Pure functions: the registry is consulted later, for the whole file.
 */
import type { HukouType } from '../db/schema.js';
import type { IdNumberInfo } from '../lib/idNumber.js';
import {
  cellText,
  isBlank,
  parseDate,
  parseEthnicity,
  parseHukouType,
  parseIdNumberCell,
  parseMaritalStatus,
  parseName,
  parseRelationship,
  parseSex,
  parseSmallInt,
  type CellValue,
  type Parsed,
} from '../lib/messy.js';
import { EVENT_TYPES, type ImportedEventType, type MappedColumn } from './import.fields.js';
import type { UnitIndex } from './import.units.js';

export type RowProblem = { column: MappedColumn | null; message: string };

export type PersonRecord = {
  row: number;
  idNumber: string | null;
  name: string;
  sex: 1 | 2;
  birthDate: string;
  ethnicity: string;
  hukouType: HukouType;
  householdNumber: string | null;
  relationship: string | null;
  hukouUnitId: string;
  address: string | null;
  residenceUnitId: string;
  motherIdNumber: string | null;
  fatherIdNumber: string | null;
  spouseIdNumber: string | null;
  maritalStatus: string;
  birthOrder: number | null;
};

export type EventRecord = {
  row: number;
  type: ImportedEventType;
  eventDate: string;
  idNumber: string;
  name: string | null;
  spouseIdNumber: string | null;
  unitId: string | null;
  place: string | null;
  cause: string | null;
  weightGrams: number | null;
  gestationalWeeks: number | null;
  defect: boolean | null;
  note: string | null;
};

export type RowContext = { units: UnitIndex; scopePath: string; countyPath: string; today: string };

/**
 * Reads the mapped cells of one row and collects what is wrong with them, naming the column;
 * imports and departments' feeds (feeds/feed.parse.ts) read their rows with it.
 */
export class RowReader {
  readonly problems: RowProblem[] = [];
  constructor(
    private readonly cells: CellValue[],
    private readonly byField: Map<string, MappedColumn>,
    /** Longest free text a cell may hold unless a field says otherwise. */
    private readonly textMax = 100,
  ) {}

  column(field: string): MappedColumn | null {
    return this.byField.get(field) ?? null;
  }
  cell(field: string): CellValue {
    const c = this.byField.get(field);
    return c ? this.cells[c.index] : null;
  }
  blank(field: string): boolean {
    return isBlank(this.cell(field));
  }
  text(field: string, max = this.textMax): string | null {
    const t = cellText(this.cell(field));
    if (!t) return null;
    if (t.length > max) {
      this.fail(field, `内容超过 ${max} 个字`);
      return null;
    }
    return t;
  }
  /** Parses a non-blank cell; blank gives undefined (or a problem when required). */
  parse<T>(field: string, parser: (c: CellValue) => Parsed<T>, required?: string): T | undefined {
    if (this.blank(field)) {
      if (required) this.fail(field, required);
      return undefined;
    }
    const r = parser(this.cell(field));
    if (!r.ok) {
      this.fail(field, r.message);
      return undefined;
    }
    return r.value;
  }
  fail(field: string | null, message: string): void {
    this.problems.push({ column: field ? this.column(field) : null, message });
  }
}

export function columnsByField(columns: MappedColumn[]): Map<string, MappedColumn> {
  return new Map(columns.map((c) => [c.field, c]));
}

const ageAt = (birth: string, date: string) =>
  Number(date.slice(0, 4)) - Number(birth.slice(0, 4)) - (date.slice(5) < birth.slice(5) ? 1 : 0);

/** A person row. */
export function parsePersonRow(
  row: number,
  cells: CellValue[],
  byField: Map<string, MappedColumn>,
  ctx: RowContext,
): { record?: PersonRecord; problems: RowProblem[] } {
  const r = new RowReader(cells, byField);
  const name = r.parse('name', parseName, '姓名不能为空');
  const id: IdNumberInfo | undefined = r.parse('idNumber', parseIdNumberCell);
  const idFailed = !r.blank('idNumber') && !id;
  let sex = r.parse('sex', parseSex);
  let birthDate = r.parse('birthDate', parseDate);
  if (id) {
    if (sex !== undefined && sex !== id.sex)
      r.fail('sex', `性别“${cellText(r.cell('sex'))}”与身份证号码不符（号码表示${id.sex === 1 ? '男' : '女'}）`);
    if (birthDate !== undefined && birthDate !== id.birthDate)
      r.fail('birthDate', `出生日期 ${birthDate} 与身份证号码中的 ${id.birthDate} 不符`);
    sex = id.sex;
    birthDate = id.birthDate;
  } else if (!idFailed) {
    if (sex === undefined && r.blank('sex'))
      r.fail(r.column('sex') ? 'sex' : 'idNumber', '未填写身份证号码时须填写性别');
    if (birthDate === undefined && r.blank('birthDate'))
      r.fail(r.column('birthDate') ? 'birthDate' : 'idNumber', '未填写身份证号码时须填写出生日期');
  }
  if (birthDate && birthDate > ctx.today)
    r.fail(r.column('birthDate') ? 'birthDate' : 'idNumber', `出生日期 ${birthDate} 晚于今天`);
  const ethnicity = r.blank('ethnicity') ? '01' : r.parse('ethnicity', parseEthnicity);
  const hukouType = r.parse('hukouType', parseHukouType, '户口性质不能为空（农业/非农业）');
  const householdNumber = readHouseholdNumber(r);
  const relationship = r.parse(
    'relationship',
    parseRelationship,
    householdNumber ? '填写了户号时须填写与户主关系' : undefined,
  );
  const hukouUnit = r.parse(
    'hukouUnit',
    (c) => ctx.units.resolve(c, ctx.scopePath, '户籍村（社区）'),
    '户籍村（社区）不能为空',
  );
  const residence = r.blank('residenceUnit')
    ? hukouUnit
    : r.parse('residenceUnit', (c) => ctx.units.resolve(c, ctx.countyPath, '现住村（社区）'));
  const address = r.text('address', 100);
  const own = id?.idNumber;
  const relative = (field: 'motherIdNumber' | 'fatherIdNumber' | 'spouseIdNumber', who: string, expectSex?: 1 | 2) => {
    const info = r.parse(field, parseIdNumberCell);
    if (!info) return null;
    if (own && info.idNumber === own) {
      r.fail(field, `${who}身份证号码与本人相同`);
      return null;
    }
    if (expectSex && info.sex !== expectSex) r.fail(field, `${who}身份证号码显示为${info.sex === 1 ? '男' : '女'}性`);
    if (birthDate && expectSex && info.birthDate >= birthDate)
      r.fail(field, `${who}的出生日期（${info.birthDate}）不早于本人（${birthDate}）`);
    return info.idNumber;
  };
  const motherIdNumber = relative('motherIdNumber', '母亲', 2);
  const fatherIdNumber = relative('fatherIdNumber', '父亲', 1);
  const spouseIdNumber = relative('spouseIdNumber', '配偶');
  let maritalStatus = r.parse('maritalStatus', parseMaritalStatus);
  if (maritalStatus && spouseIdNumber && maritalStatus !== '20') {
    r.fail('maritalStatus', `婚姻状况为“${cellText(r.cell('maritalStatus'))}”，但填写了配偶身份证号码`);
  }
  if (maritalStatus === '20' && birthDate && ageAt(birthDate, ctx.today) < 18) {
    r.fail('maritalStatus', `婚姻状况为已婚，但出生日期 ${birthDate} 表明未满18周岁`);
  }
  maritalStatus ??= spouseIdNumber ? '20' : '90';
  const birthOrder = r.parse('birthOrder', (c) => parseSmallInt(c, 1, 20)) ?? null;

  if (r.problems.length || !name || !sex || !birthDate || !ethnicity || !hukouType || !hukouUnit || !residence) {
    return { problems: r.problems };
  }
  return {
    problems: [],
    record: {
      row,
      idNumber: own ?? null,
      name,
      sex,
      birthDate,
      ethnicity,
      hukouType,
      householdNumber,
      relationship: relationship ?? null,
      hukouUnitId: hukouUnit.id,
      address,
      residenceUnitId: residence.id,
      motherIdNumber,
      fatherIdNumber,
      spouseIdNumber,
      maritalStatus,
      birthOrder,
    },
  };
}

function readHouseholdNumber(r: RowReader): string | null {
  const cell = r.cell('householdNumber');
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) {
    r.fail('householdNumber', '户号被 Excel 存成了数字，末几位已经丢失；请把该列设置为“文本”格式后重新录入');
    return null;
  }
  const t = cellText(cell).replace(/\s+/g, '').replace(/^'/, '');
  if (!t) return null;
  if (!/^[0-9A-Za-z-]{1,30}$/.test(t)) {
    r.fail('householdNumber', `户号“${t}”只能含数字、字母和“-”，不超过30位`);
    return null;
  }
  return t.toUpperCase();
}

function parseEventType(c: CellValue): Parsed<ImportedEventType> {
  const t = cellText(c)
    .replace(/\s+/g, '')
    .replace(/(登记|事件)$/, '');
  const byName = (EVENT_TYPES as Record<string, ImportedEventType>)[t];
  if (byName) return { ok: true, value: byName };
  const byCode = Object.values(EVENT_TYPES).find((v) => v === t.toLowerCase());
  if (byCode) return { ok: true, value: byCode };
  if (t === '更正' || t === '信息更正') return { ok: false, message: '信息更正请通过村（社区）报告办理，不能批量导入' };
  return { ok: false, message: `无法识别的事件类型“${cellText(c)}”，应为 出生、死亡、结婚、离婚、迁入、迁出 之一` };
}

function parseYesNo(c: CellValue): Parsed<boolean> {
  const t = cellText(c).toUpperCase();
  if (['是', '有', 'Y', 'YES', '1', 'TRUE'].includes(t)) return { ok: true, value: true };
  if (['否', '无', 'N', 'NO', '0', 'FALSE'].includes(t)) return { ok: true, value: false };
  return { ok: false, message: `应填写 是 或 否，而不是“${cellText(c)}”` };
}

/** A historical event row. */
export function parseEventRow(
  row: number,
  cells: CellValue[],
  byField: Map<string, MappedColumn>,
  ctx: RowContext,
): { record?: EventRecord; problems: RowProblem[] } {
  const r = new RowReader(cells, byField);
  const type = r.parse('type', parseEventType, '事件类型不能为空');
  const eventDate = r.parse('eventDate', parseDate, '事件日期不能为空');
  if (eventDate && eventDate > ctx.today) r.fail('eventDate', `事件日期 ${eventDate} 晚于今天`);
  const id = r.parse('idNumber', parseIdNumberCell, '身份证号码不能为空');
  const name = r.parse('name', parseName) ?? null;
  const spouse = r.parse('spouseIdNumber', parseIdNumberCell);
  if (spouse && id && spouse.idNumber === id.idNumber) r.fail('spouseIdNumber', '配偶身份证号码与本人相同');
  if (spouse && type && type !== 'marriage' && type !== 'divorce')
    r.fail('spouseIdNumber', '只有结婚、离婚事件填写配偶身份证号码');
  const unit = r.blank('unit') ? undefined : r.parse('unit', (c) => ctx.units.resolve(c, ctx.scopePath, '村（社区）'));
  const place = r.text('place', 100);
  const cause = r.text('cause', 100);
  const weightGrams = r.parse('weightGrams', (c) => parseSmallInt(c, 300, 7000)) ?? null;
  const gestationalWeeks = r.parse('gestationalWeeks', (c) => parseSmallInt(c, 20, 45)) ?? null;
  const defect = r.parse('defect', parseYesNo) ?? null;
  if (type && type !== 'birth') {
    for (const f of ['weightGrams', 'gestationalWeeks', 'defect'] as const) {
      if (!r.blank(f)) r.fail(f, '只有出生事件填写出生体重、孕周和出生缺陷');
    }
  }
  if (type && type !== 'death' && cause) r.fail('cause', '只有死亡事件填写死亡原因');
  const note = r.text('note', 200);
  if (r.problems.length || !type || !eventDate || !id) return { problems: r.problems };
  return {
    problems: [],
    record: {
      row,
      type,
      eventDate,
      idNumber: id.idNumber,
      name,
      spouseIdNumber: spouse?.idNumber ?? null,
      unitId: unit?.id ?? null,
      place,
      cause,
      weightGrams,
      gestationalWeeks,
      defect,
      note,
    },
  };
}
