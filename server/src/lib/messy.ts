/**
 * What people type into office spreadsheets, read the way a person would read it: full-width
 * digits, stray spaces, dates in half a dozen spellings, codes or names for the same thing.
 * Anything a person could read two ways is refused with a reason, never guessed.
 *
 * Every parser takes one cell (from a CSV: a string; from XLSX: also numbers, booleans, Dates)
 * and answers `{ ok: true, value }` or `{ ok: false, message }` with the message in Chinese.
 * Blank cells are the caller's business (`isBlank`): whether a value is required depends on
 * the column.
 */
import { ETHNICITY, MARITAL_STATUS, RELATIONSHIP } from './codes.js';
import { checkDigit, isValidDate, parseIdNumber, type IdNumberInfo } from './idNumber.js';
import { normalizeName } from './pinyin.js';

export type CellValue = string | number | boolean | Date | null | undefined;
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

/** Full-width ASCII (！ to ～) and the ideographic space become their ordinary forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** A cell's text as typed: numbers without exponent noise, trimmed, half-width. */
export function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  // Most cells hold nothing to convert: one scan decides (a million rows read twice).
  if (!ODD_CHARS.test(cell)) return cell.trim();
  return toHalfWidth(cell)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .trim();
}
const ODD_CHARS = /[\uFF01-\uFF5E\u3000\u200B-\u200D\uFEFF]/;

export function isBlank(cell: CellValue): boolean {
  return cellText(cell) === '';
}

// ---------------------------------------------------------------------------------- ID numbers

/**
 * A resident ID number. Excel turns a long digit string into a floating-point number and loses
 * the last digits: such a cell is refused with the remedy. 15-digit numbers (issued before
 * 1999) are upgraded to 18 digits the standard way (19 before the year, check digit appended).
 */
export function parseIdNumberCell(cell: CellValue): Parsed<IdNumberInfo> {
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell)) {
      return fail('身份证号码被 Excel 存成了数字，末几位已经丢失；请把该列设置为“文本”格式后重新录入');
    }
  }
  // A leading apostrophe is how people force Excel to keep a number as text.
  const text = cellText(cell);
  // The common case, an 18-character number as it should be, without the slower general path.
  if (text.length === 18 && CANONICAL_ID.test(text) && checkDigit(text) === text[17] && plausibleDate(text)) {
    return {
      ok: true,
      value: {
        idNumber: text,
        addressCode: text.slice(0, 6),
        birthDate: `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`,
        sex: Number(text[16]) % 2 === 1 ? 1 : 2,
      },
    };
  }
  const compact = text.replace(/^'/, '').replace(/[\s-]/g, '');
  if (/^\d{15}$/.test(compact)) {
    const first17 = `${compact.slice(0, 6)}19${compact.slice(6, 15)}`;
    return parseIdNumber(first17 + checkDigit(first17));
  }
  return parseIdNumber(compact);
}

const CANONICAL_ID = /^\d{17}[\dX]$/;
const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The birth date inside a canonical ID number exists and is not before 1880 (as parseIdNumber requires). */
function plausibleDate(id: string): boolean {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1880 || m < 1 || m > 12 || d < 1 || d > DAYS[m]!) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

// ---------------------------------------------------------------------------------------- names

/** Spaces inside Chinese names are typing noise; a name needs at least one letter or character. */
export function parseName(cell: CellValue): Parsed<string> {
  const name = normalizeName(cellText(cell));
  if (!name) return fail('姓名不能为空');
  if (name.length > 30) return fail('姓名不超过30个字');
  if (/\d/.test(name)) return fail(`姓名“${name}”中含有数字`);
  if (!/^[\p{Script=Han}\p{L}·]+$/u.test(name)) return fail(`姓名“${name}”中含有不能用于姓名的符号`);
  return ok(name);
}

// ---------------------------------------------------------------------------------------- dates

/** Excel's day zero: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was. */
export function excelSerialToDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return undefined;
  const days = Math.floor(serial);
  if (days === 60) return undefined; // 1900-02-29 does not exist
  const offset = days < 60 ? days : days - 1;
  const ms = Date.UTC(1899, 11, 31) + offset * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

function ymd(y: number, m: number, d: number, original: string): Parsed<string> {
  const iso = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  if (!isValidDate(iso)) return fail(`日期“${original}”不存在（${y}年没有${m}月${d}日）`);
  if (y < 1880) return fail(`日期“${original}”过早`);
  return ok(iso);
}

/**
 * A calendar date as 'YYYY-MM-DD'. Read: Date cells, Excel serial numbers, 2016-03-05,
 * 2016-3-5, 2016/3/5, 2016.3.5, 2016年3月5日, 20160305 (also with full-width digits or a time
 * after the date). Refused: 3/5/2016 and 05-03-2016 (month first or day first? both are
 * written), two-digit years (16.3.5: which century?), and dates without a day.
 */
export function parseDate(cell: CellValue): Parsed<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail('日期无效');
    // Spreadsheet readers give a date cell as midnight UTC of the date shown.
    return ymd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') return fromSerial(cell, String(cell));
  const text = cellText(cell);
  if (!text) return fail('日期不能为空');
  const t = text.replace(/\s+/g, ' ');
  let m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, text);
  m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(t);
  if (m) return ymd(+m[1]!, +m[3]!, +m[4]!, text);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!, text);
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(t)) {
    return fail(`日期“${text}”无法确定月和日的顺序（是月/日/年还是日/月/年？），请写成 2016-03-05 或 2016年3月5日`);
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(t) || /^\d{2}\s*年/.test(t)) {
    return fail(`日期“${text}”的年份只有两位，无法确定世纪，请写四位年份`);
  }
  if (/^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$/.test(t)) return fail(`日期“${text}”缺少日`);
  if (/^\d{5}(\.\d+)?$/.test(t)) return fromSerial(Number(t), text);
  return fail(`无法识别的日期“${text}”，请写成 2016-03-05 或 2016年3月5日`);
}

function fromSerial(serial: number, original: string): Parsed<string> {
  // A number such as 20160305 in a numeric cell is a date typed without separators.
  if (Number.isInteger(serial) && serial >= 18800101 && serial <= 29991231) return parseDate(String(serial));
  const iso = excelSerialToDate(serial);
  if (!iso || serial < 367) return fail(`数字“${original}”不是有效的日期`);
  return ok(iso);
}

// ------------------------------------------------------------------------------------ code lists

/** Sex (GB/T 2261.1): 男/女, 1/2, 男性/女性. */
export function parseSex(cell: CellValue): Parsed<1 | 2> {
  const t = cellText(cell).toUpperCase();
  if (['1', '男', '男性', 'M', 'MALE'].includes(t)) return ok(1);
  if (['2', '女', '女性', 'F', 'FEMALE'].includes(t)) return ok(2);
  if (t === '0' || t === '9' || t.startsWith('未')) return fail('性别未知或未说明，请填写 男 或 女');
  return fail(`无法识别的性别“${cellText(cell)}”，请填写 男/女 或 1/2`);
}

const ETHNICITY_BY_NAME = new Map<string, string>();
for (const [code, name] of Object.entries(ETHNICITY)) {
  ETHNICITY_BY_NAME.set(name, code);
  // Both 汉族 and 汉, 土家族 and 土家; 其他 has no 族.
  if (name.endsWith('族') && name.length > 2) ETHNICITY_BY_NAME.set(name.slice(0, -1), code);
}
ETHNICITY_BY_NAME.set('汉', '01');

/** Ethnicity (GB 3304) by two-digit code, number (1 → 01) or name (汉族, 汉, 土家族, 土家). */
export function parseEthnicity(cell: CellValue): Parsed<string> {
  const t = cellText(cell).replace(/\s+/g, '');
  if (/^\d{1,2}$/.test(t)) {
    const code = t.padStart(2, '0');
    return code in ETHNICITY ? ok(code) : fail(`民族代码“${t}”不存在（GB 3304）`);
  }
  const code = ETHNICITY_BY_NAME.get(t);
  return code ? ok(code) : fail(`无法识别的民族“${cellText(cell)}”，请填写民族名称（如 汉族）或两位代码`);
}

/** Names households registers use besides the standard's own wording. */
const RELATIONSHIP_ALIASES: Record<string, string> = {
  本人: '02',
  户主本人: '02',
  丈夫: '11',
  妻子: '12',
  老婆: '12',
  老公: '11',
  儿子: '20',
  之子: '20',
  女儿: '30',
  之女: '30',
  媳妇: '38',
  儿媳妇: '38',
  父: '51',
  母: '52',
  爸爸: '51',
  妈妈: '52',
  爷爷: '61',
  奶奶: '62',
  外公: '63',
  外婆: '64',
  孙: '41',
  外孙: '43',
  哥哥: '71',
  弟弟: '73',
  姐: '75',
  妹: '77',
  侄子: '97',
  侄女: '97',
  其他亲属: '97',
  非亲属: '99',
  保姆: '99',
};
const RELATIONSHIP_BY_NAME = new Map<string, string>(Object.entries(RELATIONSHIP).map(([c, n]) => [n, c]));
for (const [n, c] of Object.entries(RELATIONSHIP_ALIASES)) RELATIONSHIP_BY_NAME.set(n, c);

/** Relationship to the household head (GB/T 4761) by code or name (户主, 妻, 长子, 儿媳 …). */
export function parseRelationship(cell: CellValue): Parsed<string> {
  const t = cellText(cell).replace(/\s+/g, '');
  if (/^\d{1,2}$/.test(t)) {
    // One digit is some other system's numbering (is 1 the head?): refuse rather than guess.
    if (t.length === 1) return fail(`与户主关系代码“${t}”应为两位数字（GB/T 4761，如 02 户主）`);
    return t in RELATIONSHIP ? ok(t) : fail(`与户主关系代码“${t}”不存在（GB/T 4761）`);
  }
  const code = RELATIONSHIP_BY_NAME.get(t);
  return code ? ok(code) : fail(`无法识别的与户主关系“${cellText(cell)}”，请填写如 户主、配偶、子、女 或两位代码`);
}

/** Hukou type: 农业 (rural) or 非农业 (urban). 居民户口 (after the 2014 reform) says neither. */
export function parseHukouType(cell: CellValue): Parsed<'rural' | 'urban'> {
  const t = cellText(cell)
    .replace(/\s+/g, '')
    .replace(/(家庭)?户口$|户$/, '');
  if (['农业', '农村', '农', 'rural'].includes(t)) return ok('rural');
  if (['非农业', '非农', '城镇', '城市', 'urban'].includes(t)) return ok('urban');
  if (t.includes('居民')) return fail(`“${cellText(cell)}”不能区分农业与非农业，请按原户口性质填写 农业 或 非农业`);
  return fail(`无法识别的户口性质“${cellText(cell)}”，请填写 农业 或 非农业`);
}

const MARITAL_BY_NAME = new Map<string, string>(Object.entries(MARITAL_STATUS).map(([c, n]) => [n, c]));
for (const [n, c] of Object.entries({
  初婚: '20',
  再婚: '20',
  复婚: '20',
  有配偶: '20',
  已婚有配偶: '20',
  未说明: '90',
})) {
  MARITAL_BY_NAME.set(n, c);
}

/** Marital status (GB/T 2261.2): 未婚 10, 已婚 20 (初婚, 再婚, 复婚: 21–23), 丧偶 30, 离婚 40. */
export function parseMaritalStatus(cell: CellValue): Parsed<string> {
  const t = cellText(cell).replace(/\s+/g, '');
  if (/^\d{2}$/.test(t)) {
    if (t >= '21' && t <= '23') return ok('20');
    return t in MARITAL_STATUS ? ok(t) : fail(`婚姻状况代码“${t}”不存在（GB/T 2261.2）`);
  }
  const code = MARITAL_BY_NAME.get(t);
  return code ? ok(code) : fail(`无法识别的婚姻状况“${cellText(cell)}”，请填写 未婚、已婚、丧偶 或 离婚`);
}

/** A small positive integer (birth order, counts): 2, ２, 2.0, 第2孩. */
export function parseSmallInt(cell: CellValue, min: number, max: number): Parsed<number> {
  const t = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/^第|[孩胎个]$/g, '');
  const n = Number(t);
  if (!/^\d+(\.0+)?$/.test(t) || !Number.isInteger(n)) return fail(`“${cellText(cell)}”不是整数`);
  if (n < min || n > max) return fail(`数值 ${n} 应在 ${min} 到 ${max} 之间`);
  return ok(n);
}
