import { describe, expect, it } from 'vitest';
import { compareNames, NameTable } from './linkage.names.js';

describe('Chinese name comparison', () => {
  const table = new NameTable();
  const level = (a: string, b: string) => compareNames(a, b, table);

  it('knows the same name, also typed with a space', () => {
    expect(level('张伟', '张伟')).toBe('exact');
    expect(level('张 伟', '张伟')).toBe('exact');
  });

  it('hears homophones: 张伟/张玮, and a polyphonic surname 曾 (zeng) against 增', () => {
    expect(level('张伟', '张玮')).toBe('pinyin');
    expect(level('刘丽娟', '柳莉鹃')).toBe('pinyin');
    expect(level('曾红', '增红')).toBe('pinyin');
  });

  it('sees look-alike characters: 王己/王已, 未/末, 王/玉', () => {
    expect(level('王己', '王已')).toBe('similar');
    expect(level('李未兰', '李末兰')).toBe('similar');
    expect(level('王兰', '玉兰')).toBe('similar');
    // 候/侯 differ only in tone (hòu/hóu): without tones they are homophones, the closer level.
    expect(level('候玉兰', '侯玉兰')).toBe('pinyin');
  });

  it("takes a 湘 speaker's n/l and -n/-ng as near-homophones, not as the same pinyin", () => {
    expect(level('刘兰', '刘南')).toBe('similar');
    expect(level('李玲', '李琳')).toBe('similar');
  });

  it('finds swapped characters: 李明华/李华明', () => {
    expect(level('李明华', '李华明')).toBe('similar');
  });

  it('finds a missing or extra character', () => {
    expect(level('张晓红', '张红')).toBe('similar');
    expect(level('李娟', '李娟娟')).toBe('similar');
  });

  it('reads 欧阳娜娜 as surname 欧阳 and given name 娜娜', () => {
    const t = new NameTable();
    expect(t.surnameOf(t.intern('欧阳娜娜'))).toBe('欧阳');
    expect(t.surnameOf(t.intern('欧娜娜'))).toBe('欧');
    expect(level('欧阳娜娜', '欧阳丽丽')).toBe('surname');
    expect(level('欧阳娜娜', '欧阳娜')).toBe('similar');
    // A single-character surname 欧 is another surname than 欧阳, whatever the given names.
    expect(level('欧阳丽娜', '欧丽丽')).toBe('different');
  });

  it('compares the surname first, then the given name', () => {
    expect(level('张伟明', '张伟华')).toBe('partial');
    expect(level('张伟', '张强')).toBe('surname');
    expect(level('张伟', '李伟')).toBe('different');
    expect(level('王芳', '李强')).toBe('different');
  });

  it('has no level when a name is missing', () => {
    expect(level('', '张伟')).toBeNull();
  });

  it('gives homophone surnames one blocking key and the two readings of 曾 its surname reading', () => {
    const t = new NameTable();
    expect(t.surnameKeyOf(t.intern('刘芳'))).toBe(t.surnameKeyOf(t.intern('柳芳')));
    expect(t.surnameKeyOf(t.intern('曾芳'))).toBe(t.surnameKeyOf(t.intern('增芳')));
    expect(t.givenKeyOf(t.intern('张伟'))).toBe(t.givenKeyOf(t.intern('李玮')));
  });
});
