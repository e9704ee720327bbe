import { describe, expect, it } from 'vitest';
import { checkDigit, makeIdNumber, maskIdNumber, normalizeIdNumber, parseIdNumber } from './idNumber.js';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the standard example and reads birth date and sex from it', () => {
    const r = parseIdNumber('11010519491231002X');
    expect(r).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', sex: 2 },
    });
  });

  it('computes the MOD 11-2 check digit, including X', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('43062319900307001')).toBe(makeIdNumber('430623', '1990-03-07', 1).slice(-1));
  });

  it('accepts full-width digits, a lower-case x and spaces, and stores the canonical form', () => {
    expect(normalizeIdNumber('１１０１０５ 19491231002x')).toBe('11010519491231002X');
    const r = parseIdNumber('１１０１０５１９４９１２３１００２ｘ');
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it('refuses a wrong check digit, a wrong length and an impossible date with a Chinese message', () => {
    const bad = parseIdNumber('110105194912310021');
    expect(bad).toEqual({ ok: false, message: '身份证号码校验位不正确' });
    expect(parseIdNumber('1101051949123100').ok).toBe(false);
    const feb30 = makeIdNumber('430623', '2001-02-28', 12).replace('20010228', '20010230');
    const r = parseIdNumber(feb30);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('出生日期');
  });

  it('odd sequence digit is male, even is female', () => {
    const m = parseIdNumber(makeIdNumber('430623', '1990-01-01', 11));
    const f = parseIdNumber(makeIdNumber('430623', '1990-01-01', 12));
    expect(m.ok && m.value.sex).toBe(1);
    expect(f.ok && f.value.sex).toBe(2);
  });

  it('masks all but the region and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});
