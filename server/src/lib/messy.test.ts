import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './idNumber.js';
import {
  cellText,
  excelSerialToDate,
  parseDate,
  parseEthnicity,
  parseHukouType,
  parseIdNumberCell,
  parseMaritalStatus,
  parseName,
  parseRelationship,
  parseSex,
  parseSmallInt,
  toHalfWidth,
} from './messy.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => (r.ok ? r.value : `ERR ${r.message}`);

describe('values as people type them into office spreadsheets', () => {
  it('turns full-width digits, letters and the ideographic space into ordinary ones', () => {
    expect(toHalfWidth('２０１６年３月５日　ＡＢｃ')).toBe('2016年3月5日 ABc');
    expect(cellText('  ４３０６２３\u200B ')).toBe('430623');
    expect(cellText(42434)).toBe('42434');
    expect(cellText(null)).toBe('');
  });

  describe('dates', () => {
    it('reads every way a person writes 5 March 2016', () => {
      for (const typed of [
        '2016-03-05',
        '2016-3-5',
        '2016/3/5',
        '2016.3.5',
        '2016年3月5日',
        '2016 年 3 月 5 日',
        '2016年3月5号',
        '20160305',
        '２０１６年３月５日',
        '2016/03/05 00:00:00',
      ]) {
        expect(value(parseDate(typed)), typed).toBe('2016-03-05');
      }
    });

    it('reads Excel date cells and serial numbers (with Excel’s phantom 29 February 1900)', () => {
      expect(value(parseDate(new Date(Date.UTC(2016, 2, 5))))).toBe('2016-03-05');
      expect(value(parseDate(42434))).toBe('2016-03-05');
      expect(value(parseDate('42434'))).toBe('2016-03-05');
      expect(value(parseDate(42434.75))).toBe('2016-03-05');
      expect(value(parseDate(20160305))).toBe('2016-03-05');
      expect(excelSerialToDate(1)).toBe('1900-01-01');
      expect(excelSerialToDate(59)).toBe('1900-02-28');
      expect(excelSerialToDate(61)).toBe('1900-03-01');
      expect(excelSerialToDate(60)).toBeUndefined();
    });

    it('refuses what a person could read two ways, and says why', () => {
      const usOrEuropean = parseDate('3/5/2016');
      expect(usOrEuropean.ok).toBe(false);
      expect(value(usOrEuropean)).toContain('月和日的顺序');
      expect(value(parseDate('05-03-2016'))).toContain('月和日的顺序');
      expect(value(parseDate('16.3.5'))).toContain('两位');
      expect(value(parseDate('2016年3月'))).toContain('缺少日');
    });

    it('refuses dates that do not exist', () => {
      expect(value(parseDate('2017-02-29'))).toContain('不存在');
      expect(value(parseDate('2016年13月1日'))).toContain('不存在');
      expect(parseDate('').ok).toBe(false);
      expect(parseDate('明年').ok).toBe(false);
      expect(parseDate(12).ok).toBe(false);
    });
  });

  describe('ID numbers', () => {
    const id = makeIdNumber('430623', '1988-04-12', 31);
    it('reads full-width digits, a lower-case x, spaces and a leading apostrophe', () => {
      const withX = '11010519491231002x';
      expect(value(parseIdNumberCell(withX))).toMatchObject({ idNumber: '11010519491231002X', sex: 2 });
      expect(value(parseIdNumberCell(toFullWidth(id)))).toMatchObject({
        idNumber: id,
        birthDate: '1988-04-12',
        sex: 1,
      });
      expect(value(parseIdNumberCell(`'${id.slice(0, 6)} ${id.slice(6)}`))).toMatchObject({ idNumber: id });
    });

    it('upgrades a 15-digit number of the old cards to 18 digits', () => {
      // 430623 880412 031 → 430623 19880412 031 + check digit
      expect(value(parseIdNumberCell('430623880412031'))).toMatchObject({ idNumber: id });
    });

    it('reads canonical numbers on a fast path that agrees with the full parser', () => {
      const base = makeIdNumber('430623', '2000-02-29', 11);
      for (const text of [
        base,
        `${base.slice(0, 17)}${base[17] === '0' ? '1' : '0'}`,
        base.replace('20000229', '19000229'),
        base.replace('20000229', '18790101'),
        '11010519491231002X',
      ]) {
        const fast = parseIdNumberCell(text);
        const full = parseIdNumberCell(` ${text} `.replace(/^ /, "'"));
        expect(fast, text).toEqual(full);
      }
    });

    it('refuses a number Excel stored as floating point, with the remedy', () => {
      const r = parseIdNumberCell(Number(id.slice(0, 17) + '1'));
      expect(value(r)).toContain('文本');
      expect(value(parseIdNumberCell(`${id.slice(0, 17)}0`))).toMatch(/校验位|身份证/);
    });
  });

  it('reads names without the spaces typed inside them', () => {
    expect(value(parseName('张 三'))).toBe('张三');
    expect(value(parseName('阿依古丽·买买提'))).toBe('阿依古丽·买买提');
    expect(parseName('张3').ok).toBe(false);
    expect(parseName(' ').ok).toBe(false);
  });

  it('reads sex as 男/女 or 1/2, and refuses unknown', () => {
    expect(value(parseSex('男'))).toBe(1);
    expect(value(parseSex('２'))).toBe(2);
    expect(value(parseSex(1))).toBe(1);
    expect(value(parseSex('女性'))).toBe(2);
    expect(parseSex('0').ok).toBe(false);
    expect(parseSex('未知').ok).toBe(false);
  });

  it('reads ethnicity by name, short name or code', () => {
    expect(value(parseEthnicity('汉族'))).toBe('01');
    expect(value(parseEthnicity('汉'))).toBe('01');
    expect(value(parseEthnicity('土家族'))).toBe('15');
    expect(value(parseEthnicity('土家'))).toBe('15');
    expect(value(parseEthnicity('1'))).toBe('01');
    expect(value(parseEthnicity(15))).toBe('15');
    expect(parseEthnicity('火星族').ok).toBe(false);
    expect(parseEthnicity('60').ok).toBe(false);
  });

  it('reads relationship to the head by standard name, common name or two-digit code', () => {
    expect(value(parseRelationship('户主'))).toBe('02');
    expect(value(parseRelationship('本人'))).toBe('02');
    expect(value(parseRelationship('妻'))).toBe('12');
    expect(value(parseRelationship('长子'))).toBe('22');
    expect(value(parseRelationship('儿媳'))).toBe('38');
    expect(value(parseRelationship('20'))).toBe('20');
    expect(value(parseRelationship('1'))).toContain('两位');
    expect(parseRelationship('邻居的狗').ok).toBe(false);
  });

  it('reads hukou type and refuses the unified 居民户口 that says neither', () => {
    expect(value(parseHukouType('农业'))).toBe('rural');
    expect(value(parseHukouType('农业家庭户口'))).toBe('rural');
    expect(value(parseHukouType('非农业户口'))).toBe('urban');
    expect(value(parseHukouType('城镇'))).toBe('urban');
    expect(value(parseHukouType('居民户口'))).toContain('不能区分');
  });

  it('reads marital status by name or code, folding 初婚/再婚/复婚 into 已婚', () => {
    expect(value(parseMaritalStatus('未婚'))).toBe('10');
    expect(value(parseMaritalStatus('再婚'))).toBe('20');
    expect(value(parseMaritalStatus('22'))).toBe('20');
    expect(value(parseMaritalStatus('丧偶'))).toBe('30');
    expect(parseMaritalStatus('同居').ok).toBe(false);
  });

  it('reads small integers such as a birth order', () => {
    expect(value(parseSmallInt('２', 1, 20))).toBe(2);
    expect(value(parseSmallInt('第3孩', 1, 20))).toBe(3);
    expect(value(parseSmallInt(1, 1, 20))).toBe(1);
    expect(parseSmallInt('1.5', 1, 20).ok).toBe(false);
    expect(parseSmallInt('0', 1, 20).ok).toBe(false);
  });
});

function toFullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
