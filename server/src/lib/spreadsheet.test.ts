import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { gbkCsv, lyingZipBomb, officeXlsx, utf8Csv, zipBomb } from '../imports/fixtures/files.js';
import { cellText } from './messy.js';
import { findHeader } from './sheetHeader.js';
import {
  columnLetter,
  CsvParser,
  detectEncoding,
  inspectZip,
  openSpreadsheet,
  SpreadsheetError,
  type SheetRow,
  type Spreadsheet,
} from './spreadsheet.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-sheet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: Buffer | string): string {
  const p = path.join(dir, `f${++n}`);
  fs.writeFileSync(p, content);
  return p;
}

async function allRows(s: Spreadsheet): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const batch of s.rows({ batchSize: 2 })) out.push(...batch);
  return out;
}
const texts = (rows: SheetRow[]) => rows.map((r) => r.cells.map(cellText));
const known = new Set([
  '身份证号码',
  '姓名',
  '性别',
  '出生日期',
  '父母信息父亲身份证号',
  '父母信息母亲身份证号',
  '户号',
]);

describe('reading spreadsheets from offices', () => {
  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  describe('CSV', () => {
    it('detects UTF-8 with and without BOM, GB18030 and UTF-16 by their bytes', () => {
      expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bom: 3 });
      expect(detectEncoding(Buffer.from('姓名,性别'))).toEqual({ encoding: 'utf-8', bom: 0 });
      expect(detectEncoding(iconv.encode('姓名,性别', 'gbk'))).toEqual({ encoding: 'gb18030', bom: 0 });
      expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toEqual({ encoding: 'utf-16le', bom: 2 });
    });

    it('reads a GBK file as Excel saves it on a Chinese Windows, with row numbers as Excel shows them', async () => {
      const s = await openSpreadsheet(
        file(
          gbkCsv([
            ['姓名', '性别'],
            ['张三', '男'],
            ['李 四', '女'],
          ]),
        ),
        { fileName: 'a.csv' },
      );
      expect(s.format).toBe('csv');
      expect(s.encoding).toBe('gb18030');
      const rows = await allRows(s);
      expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
      expect(texts(rows)).toEqual([
        ['姓名', '性别'],
        ['张三', '男'],
        ['李 四', '女'],
      ]);
    });

    it('reads a UTF-8 file with BOM, and one the caller says is GBK', async () => {
      const s = await openSpreadsheet(file(utf8Csv([['姓名'], ['王五']])), { fileName: 'b.csv' });
      expect(texts(await allRows(s))).toEqual([['姓名'], ['王五']]);
      const g = await openSpreadsheet(
        file(
          gbkCsv([
            ['户号', '姓名'],
            ['001', '赵六'],
          ]),
        ),
        { fileName: 'c.csv', encoding: 'gbk' },
      );
      expect(texts(await allRows(g))[1]).toEqual(['001', '赵六']);
    });

    it('reads Excel’s tab-separated UTF-16 “Unicode text”', async () => {
      const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t性别\r\n张三\t男\r\n', 'utf16le')]);
      const s = await openSpreadsheet(file(body), { fileName: 'u.txt' });
      expect(s.delimiter).toBe('\t');
      expect(texts(await allRows(s))).toEqual([
        ['姓名', '性别'],
        ['张三', '男'],
      ]);
    });

    it('refuses a file that is not valid in the encoding the caller chose, naming the row', async () => {
      const p = file(gbkCsv([['姓名'], ['张三']]));
      const s = await openSpreadsheet(p, { fileName: 'd.csv', encoding: 'utf-8' }).catch((e: unknown) => e);
      if (s instanceof SpreadsheetError) {
        expect(s.message).toContain('UTF-8');
      } else {
        await expect(allRows(s as Spreadsheet)).rejects.toThrow(/UTF-8/);
      }
    });

    it('keeps quoted delimiters, doubled quotes and line breaks inside one cell and one row', () => {
      const p = new CsvParser(',');
      const rows = [...p.push('a,"b,1","say ""hi"""\r\n"multi\nline",x'), ...p.push(',y\nlast'), ...p.end()];
      expect(rows).toEqual([
        { row: 1, cells: ['a', 'b,1', 'say "hi"'] },
        { row: 2, cells: ['multi\nline', 'x', 'y'] },
        { row: 3, cells: ['last'] },
      ]);
    });

    it('refuses an unclosed quote at the end of the file', () => {
      const p = new CsvParser(',');
      p.push('a,"b\n');
      expect(() => p.end()).toThrow(/引号/);
    });
  });

  describe('XLSX', () => {
    it('reads cells as typed: text, numbers, dates; and finds the header under a title over a merged two-row header', async () => {
      const buf = await officeXlsx({
        title: '华容县人口信息登记表',
        labels: ['身份证号码', '姓名', '出生日期', '父亲身份证号', '母亲身份证号', '户号'],
        groups: { 3: ['父母信息', '父亲身份证号'], 4: ['父母信息', '母亲身份证号'] },
        rows: [['430623198804120317', '张 三', new Date(Date.UTC(1988, 3, 12)), null, null, 42]],
        textColumns: [0],
      });
      const s = await openSpreadsheet(file(buf), { fileName: 'e.xlsx' });
      expect(s.format).toBe('xlsx');
      expect(s.sheetName).toBe('人员名单');
      expect(s.merges).toContainEqual({ top: 1, left: 1, bottom: 1, right: 6 });
      const rows = await allRows(s);
      expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
      const data = rows[3]!.cells;
      expect(data[0]).toBe('430623198804120317');
      expect(data[1]).toBe('张 三');
      expect(data[2]).toBeInstanceOf(Date);
      expect((data[2] as Date).toISOString().slice(0, 10)).toBe('1988-04-12');
      expect(data[5]).toBe(42);

      const header = findHeader(rows.slice(0, 3), s.merges, (l) => known.has(l))!;
      expect(header.bottom).toBe(3);
      const byLetter = Object.fromEntries(header.columns.map((c) => [c.letter, c.labels]));
      expect(byLetter.A).toContain('身份证号码'); // merged down over both header rows
      expect(byLetter.D).toEqual(['父亲身份证号', '父母信息父亲身份证号']);
      expect(byLetter.F).toContain('户号');
    });

    it('opens the sheet the caller names, and says which sheets exist otherwise', async () => {
      const buf = await officeXlsx({ labels: ['姓名'], rows: [['张三']] });
      await expect(openSpreadsheet(file(buf), { fileName: 'f.xlsx', sheet: '说明' })).rejects.toThrow(/人员名单/);
    });

    it('refuses a zip bomb from its central directory, before inflating anything', async () => {
      const bomb = zipBomb(64);
      expect(bomb.length).toBeLessThan(200 * 1024);
      expect(() => inspectZip(bomb)).toThrow(/压缩比.*压缩炸弹/);
      await expect(openSpreadsheet(file(bomb), { fileName: 'bomb.xlsx' })).rejects.toThrow(/压缩炸弹/);
      expect(() =>
        inspectZip(bomb, {
          maxBytes: 1e9,
          maxUncompressedBytes: 10 * 1024 * 1024,
          maxCompressionRatio: 1e9,
          maxEntries: 100,
        }),
      ).toThrow(/解压后大小超过上限/);
    });

    it('stops an archive that declares a small size and inflates beyond it', async () => {
      await expect(openSpreadsheet(file(lyingZipBomb(16)), { fileName: 'liar.xlsx' })).rejects.toThrow(/比声明的更大/);
    });

    it('refuses old .xls files and oversized files with a remedy', async () => {
      await expect(
        openSpreadsheet(file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0])), { fileName: 'old.xls' }),
      ).rejects.toThrow(/另存为/);
      await expect(
        openSpreadsheet(file('x'.repeat(2000)), { fileName: 'big.csv', limits: { maxBytes: 1000 } }),
      ).rejects.toThrow(/超过上限/);
    });
  });

  it('finds the header after title rows, ignoring decoration such as * and （必填）', () => {
    const rows: SheetRow[] = [
      { row: 1, cells: ['2016年人口登记', null, null] },
      { row: 2, cells: ['填报单位：新铺村', null, null] },
      { row: 3, cells: ['*姓名（必填）', '性 别', '出生日期'] },
      { row: 4, cells: ['张三', '男', '2016-03-05'] },
    ];
    const h = findHeader(rows, [], (l) => known.has(l))!;
    expect(h.bottom).toBe(3);
    expect(h.columns.map((c) => c.labels[0])).toEqual(['姓名', '性别', '出生日期']);
    expect(findHeader(rows.slice(0, 2), [], (l) => known.has(l))).toBeUndefined();
  });
});
