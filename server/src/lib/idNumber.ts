/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999): 6-digit address code, 8-digit birth
 * date, 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check digit.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberInfo = {
  idNumber: string;
  addressCode: string;
  birthDate: string;
  sex: 1 | 2;
};

export type IdNumberResult = { ok: true; value: IdNumberInfo } | { ok: false; message: string };

/** Full-width digits and letters, a lower-case x and stray spaces are what real files contain. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function isValidDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

export function parseIdNumber(raw: string): IdNumberResult {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, message: '身份证号码应为18位，前17位为数字，最后一位为数字或X' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidDate(birthDate) || birthDate < '1880-01-01') {
    return { ok: false, message: `身份证号码中的出生日期 ${birthDate} 无效` };
  }
  if (checkDigit(id.slice(0, 17)) !== id[17]) {
    return { ok: false, message: '身份证号码校验位不正确' };
  }
  const sex = Number(id[16]) % 2 === 1 ? 1 : 2;
  return { ok: true, value: { idNumber: id, addressCode: id.slice(0, 6), birthDate, sex } };
}

/** Lists and exports show 430623********123X: the region and the last four, nothing between. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Builds a valid number; used by the demo generator and tests. */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}
