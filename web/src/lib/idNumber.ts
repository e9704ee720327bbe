/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999), checked in the browser with the same
 * algorithm the server uses so that a typing error is caught before the form is sent:
 * 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male, even = female) and an
 * ISO 7064 MOD 11-2 check digit.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberInfo = {
  idNumber: string;
  addressCode: string;
  birthDate: string;
  sex: 1 | 2;
};

/** Why a number was rejected; the form turns the reason into a message from the catalog. */
export type IdNumberProblem = 'format' | 'birthDate' | 'checkDigit';

export type IdNumberResult =
  | { ok: true; value: IdNumberInfo }
  | { ok: false; problem: IdNumberProblem };

/** Full-width digits and letters, a lower-case x and stray spaces are what people type. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function isValidIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export function parseIdNumber(raw: string): IdNumberResult {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidIsoDate(birthDate) || birthDate < '1880-01-01') {
    return { ok: false, problem: 'birthDate' };
  }
  if (checkDigit(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checkDigit' };
  const sex = Number(id[16]) % 2 === 1 ? 1 : 2;
  return { ok: true, value: { idNumber: id, addressCode: id.slice(0, 6), birthDate, sex } };
}

/** Builds a valid number from its parts (tests and examples). */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** Lists show 430623********123X: the region and the last four, nothing between. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * Something typed into a person search box that looks like (part of) an ID number rather than
 * a name or pinyin: the box sends it as-is, normalised.
 */
export function looksLikeIdNumber(raw: string): boolean {
  return /^[\dX]{6,18}$/.test(normalizeIdNumber(raw));
}
