import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../../server/src/lib/idNumber.js';
import { idNumberProblem, makeIdNumber, personSearchText } from './idNumber.js';

// The algorithm itself is tested beside the server module; these are the browser's additions.
describe('ID numbers in the browser', () => {
  it('finds nothing wrong with a valid number, typed in full-width digits or with a lower-case x', () => {
    expect(idNumberProblem('11010519491231002X')).toBeUndefined();
    expect(idNumberProblem('１１０１０５１９４９１２３１００２x')).toBeUndefined();
  });

  it('names the reason for a wrong length, an impossible birth date and a wrong check digit', () => {
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('11010519491231002A')).toBe('format');
    const feb30 = '43062320160230001';
    expect(idNumberProblem(feb30 + checkDigit(feb30))).toBe('birthDate');
    expect(idNumberProblem('110105194912310021')).toBe('checkDigit');
  });

  it('reports the birth date first when the check digit is wrong too, as the server does', () => {
    const feb30 = '43062320160230001';
    const wrong = checkDigit(feb30) === '0' ? '1' : '0';
    expect(idNumberProblem(feb30 + wrong)).toBe('birthDate');
  });

  it('sends an ID number from a search box normalised, and a name or pinyin as typed', () => {
    const id = makeIdNumber('430623', '1990-01-01', 11);
    expect(personSearchText(` ${id.toLowerCase()} `)).toBe(id);
    expect(personSearchText('４３０６２３')).toBe('430623');
    expect(personSearchText(' zxh ')).toBe('zxh');
    expect(personSearchText('张晓红')).toBe('张晓红');
  });
});
