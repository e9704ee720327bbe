import { describe, expect, it } from 'vitest';
import {
  checkDigit,
  looksLikeIdNumber,
  makeIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  parseIdNumber,
} from './idNumber.js';

describe('ID numbers in the browser (GB 11643)', () => {
  it("accepts the standard's published example and reads birth date and sex from it", () => {
    // The example in GB 11643-1999: 11010519491231002X, a woman born 1949-12-31.
    const result = parseIdNumber('11010519491231002X');
    expect(result).toEqual({
      ok: true,
      value: {
        idNumber: '11010519491231002X',
        addressCode: '110105',
        birthDate: '1949-12-31',
        sex: 2,
      },
    });
  });

  it('computes every check digit 0..10 → 1 0 X 9 8 7 6 5 4 3 2', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('44052418800101001')).toBe('4');
    const first17 = '43062320160305001';
    const id = makeIdNumber('430623', '2016-03-05', 1);
    expect(id.slice(0, 17)).toBe(first17);
    expect(parseIdNumber(id).ok).toBe(true);
  });

  it('accepts a lower-case x and full-width digits as people type them', () => {
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(parseIdNumber('１１０１０５１９４９１２３１００２x').ok).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length and an impossible birth date', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    const feb30 = '43062320160230001';
    expect(parseIdNumber(feb30 + checkDigit(feb30))).toEqual({ ok: false, problem: 'birthDate' });
  });

  it('reads the sex from the sequence: odd is male, even is female', () => {
    const man = parseIdNumber(makeIdNumber('430623', '1990-01-01', 11));
    const woman = parseIdNumber(makeIdNumber('430623', '1990-01-01', 12));
    expect(man.ok && man.value.sex).toBe(1);
    expect(woman.ok && woman.value.sex).toBe(2);
  });

  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('tells an ID number typed into a search box from a name or pinyin', () => {
    expect(looksLikeIdNumber('430623')).toBe(true);
    expect(looksLikeIdNumber('11010519491231002x')).toBe(true);
    expect(looksLikeIdNumber('zxh')).toBe(false);
    expect(looksLikeIdNumber('张晓红')).toBe(false);
  });
});
