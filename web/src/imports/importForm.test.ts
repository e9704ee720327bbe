import { describe, expect, it } from 'vitest';
import type { ImportField } from '../api/types.js';
import {
  doublyMapped,
  importForm,
  mappingChanges,
  mappingOf,
  missingFields,
  progressToken,
  sameMapping,
  sampleProblems,
  sampleValue,
} from './importForm.js';

const fields: ImportField[] = [
  { key: 'idNumber', header: '身份证号码', required: false, note: '' },
  { key: 'name', header: '姓名', required: true, note: '' },
  { key: 'hukouUnit', header: '户籍村（社区）代码', required: true, note: '' },
];

describe('the import form', () => {
  it('sends kind, options and the progress token before the file, and leaves empty options out', async () => {
    const file = new Blob(['姓名\n张三\n'], { type: 'text/csv' });
    const form = importForm({
      kind: 'persons',
      options: { encoding: 'gbk', mapping: { 编号: '' } },
      file,
      fileName: '花名册.csv',
      progressToken: 'abcdefgh',
    });
    expect([...form.keys()]).toEqual(['kind', 'options', 'progressToken', 'file']);
    expect(JSON.parse(form.get('options') as string)).toEqual({ encoding: 'gbk', mapping: { 编号: '' } });
    expect((form.get('file') as File).name).toBe('花名册.csv');
    const plain = importForm({ kind: 'events', options: { sheet: undefined }, file, fileName: 'a.csv' });
    expect([...plain.keys()]).toEqual(['kind', 'file']);
  });

  it('picks a progress token the server accepts', () => {
    const token = progressToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(progressToken()).not.toBe(token);
  });
});

describe('the column mapping', () => {
  it("starts from the preview's suggestion, and ignores a header no field was found for", () => {
    const mapping = mappingOf({
      headers: [
        { column: 'A', header: '公民身份号码', labels: [], field: 'idNumber' },
        { column: 'B', header: '名字', labels: [], field: null },
        { column: 'C', header: '备注', labels: [], field: null },
      ],
      mapping: { 公民身份号码: 'idNumber', 名字: 'name' },
    });
    expect(mapping).toEqual({ 公民身份号码: 'idNumber', 名字: 'name', 备注: '' });
  });

  it('names the required fields no column feeds, and the fields fed twice', () => {
    expect(missingFields(fields, { 姓名: 'name', 村: '' }).map((f) => f.key)).toEqual(['hukouUnit']);
    expect(doublyMapped({ 姓名: 'name', 名字: 'name', 村: 'hukouUnit' })).toEqual(
      new Map([['name', ['姓名', '名字']]]),
    );
  });

  it('sends only what the user changed in the suggested mapping', () => {
    expect(
      mappingChanges({ 姓名: 'name', 户主及成员: 'name', 备注: '' }, { 姓名: 'name', 户主及成员: '', 备注: '' }),
    ).toEqual({
      户主及成员: 'name',
    });
    expect(mappingChanges({ 姓名: 'name' }, { 姓名: 'name' })).toBeUndefined();
  });

  it('tells a changed mapping from the one previewed', () => {
    expect(sameMapping({ a: 'name', b: '' }, { a: 'name' })).toBe(true);
    expect(sameMapping({ a: 'name' }, { a: '' })).toBe(false);
  });

  it('finds a resolved unit under the field name plus Id', () => {
    expect(sampleValue({ hukouUnitId: '430623101208', name: '张三' }, 'hukouUnit')).toBe('430623101208');
    expect(sampleValue({ name: '张三' }, 'name')).toBe('张三');
  });
});

describe('the problems shown beside each previewed row', () => {
  it("adds the registry's findings to the row's own problems, once", () => {
    const problem = (row: number | null, reason: string) => ({
      file: 'a.csv',
      row,
      column: row === null ? null : 'A',
      header: row === null ? null : '身份证号码',
      field: null,
      message: reason,
      reason,
    });
    const byRow = sampleProblems({
      sample: [
        { row: 2, values: {}, problems: [] },
        { row: 3, values: {}, problems: ['出生日期（D列）：日期无法确定'] },
      ],
      problems: [
        problem(2, '该身份证号码已在登记系统中登记'),
        problem(3, '日期无法确定'),
        problem(null, '缺少必填列'),
        problem(9, '别的行'),
      ],
    });
    expect(byRow.get(2)).toEqual(['身份证号码（A列）：该身份证号码已在登记系统中登记']);
    expect(byRow.get(3)).toEqual(['出生日期（D列）：日期无法确定']);
  });
});
