import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import {
  checkGestationalWeeks,
  checkIdNumber,
  checkMotherAge,
  checkNotBeforeBirth,
  checkNotFuture,
  checkWeight,
} from './validation.js';

describe('what a birth report form checks before sending', () => {
  const girl = makeIdNumber('430623', '2026-01-15', 2);

  it("accepts a child's ID number that matches the birth date and sex", () => {
    expect(checkIdNumber(girl, { birthDate: '2026-01-15', sex: 2 })).toBeUndefined();
    expect(checkIdNumber(girl.toLowerCase())).toBeUndefined();
  });

  it('catches a mistyped check digit', () => {
    const wrong = girl.slice(0, 17) + (girl[17] === '0' ? '1' : '0');
    expect(checkIdNumber(wrong)).toEqual({ key: 'idCheckDigit' });
  });

  it('catches an ID number whose birth date or sex disagrees with the form', () => {
    expect(checkIdNumber(girl, { birthDate: '2026-01-16' })).toEqual({
      key: 'idBirthMismatch',
      params: { date: '2026-01-15' },
    });
    expect(checkIdNumber(girl, { sex: 1 })).toEqual({ key: 'idSexMismatch' });
  });

  it('refuses a birth date in the future', () => {
    expect(checkNotFuture('2026-03-02', '2026-03-01')).toEqual({ key: 'future' });
    expect(checkNotFuture('2026-03-01', '2026-03-01')).toBeUndefined();
  });

  it('keeps birth weight between 300 and 7000 grams', () => {
    expect(checkWeight(3200)).toBeUndefined();
    expect(checkWeight(300)).toBeUndefined();
    expect(checkWeight(299)).toEqual({ key: 'weight' });
    expect(checkWeight(7001)).toEqual({ key: 'weight' });
    expect(checkWeight(3.2)).toEqual({ key: 'integer' });
  });

  it('keeps gestational weeks between 20 and 45', () => {
    expect(checkGestationalWeeks(39)).toBeUndefined();
    expect(checkGestationalWeeks(19)).toEqual({ key: 'weeks' });
    expect(checkGestationalWeeks(46)).toEqual({ key: 'weeks' });
  });

  it("doubts a mother who would be under 12 at the child's birth", () => {
    expect(checkMotherAge('2014-06-01', '2026-05-31')).toEqual({ key: 'motherTooYoung' });
    expect(checkMotherAge('2014-06-01', '2026-06-01')).toBeUndefined();
    expect(checkMotherAge('1995-06-01', '2026-01-15')).toBeUndefined();
  });

  it('refuses an event dated before the person was born', () => {
    expect(checkNotBeforeBirth('1989-12-31', '1990-01-01')).toEqual({
      key: 'beforeBirth',
      params: { date: '1990-01-01' },
    });
    expect(checkNotBeforeBirth('2020-01-01', '1990-01-01')).toBeUndefined();
  });
});
