import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Column } from './export.columns.js';
import { contentDisposition, exportFilenames } from './export.files.js';
import { ExportAbortedError, writeCsv, writeXlsx } from './export.writers.js';

type Row = { name: string; n: number };
const COLUMNS: Array<Column<Row>> = [
  { header: '姓名', width: 10, value: (r) => r.name },
  { header: '数量', width: 6, value: (r) => r.n },
];

async function* pagesOf(...pages: Row[][]) {
  for (const p of pages) yield p;
}

function collect(): { out: PassThrough; done: Promise<Buffer> } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, done: new Promise((resolve) => out.on('end', () => resolve(Buffer.concat(chunks)))) };
}

describe('writers', () => {
  it('CSV: header, every page in order, formulas neutralised, progress per page', async () => {
    const { out, done } = collect();
    const progress: number[] = [];
    const n = await writeCsv(out, COLUMNS, pagesOf([{ name: '李明', n: 1 }], [{ name: '=1+1', n: -2 }]), 'utf8', (r) =>
      progress.push(r),
    );
    expect(n).toBe(2);
    expect(progress).toEqual([1, 2]);
    expect((await done).toString('utf8')).toBe("\uFEFF姓名,数量\r\n李明,1\r\n'=1+1,-2\r\n");
  });

  it('XLSX: a list longer than a sheet continues on the next sheet, header on each', async () => {
    const { out, done } = collect();
    const rows = Array.from({ length: 5 }, (_, i) => ({ name: i === 4 ? '@x' : `人${i}`, n: i }));
    await writeXlsx(out, '人员', COLUMNS, pagesOf(rows.slice(0, 2), rows.slice(2)), { rowsPerSheet: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员', '人员（2）']);
    const values = wb.worksheets.map((w) =>
      w
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1)),
    );
    expect(values[0]).toEqual([
      ['姓名', '数量'],
      ['人0', 0],
      ['人1', 1],
      ['人2', 2],
    ]);
    expect(values[1]).toEqual([
      ['姓名', '数量'],
      ['人3', 3],
      ["'@x", 4],
    ]);
  });

  it('stops reading the database when the reader went away', async () => {
    const out = new Writable({ write: (_c, _e, cb) => cb() });
    let pagesRead = 0;
    async function* pages() {
      for (;;) {
        pagesRead += 1;
        if (pagesRead === 2) out.destroy();
        yield [{ name: 'x', n: pagesRead }];
      }
    }
    await expect(writeCsv(out, COLUMNS, pages(), 'gb18030')).rejects.toBeInstanceOf(ExportAbortedError);
    expect(pagesRead).toBe(2);
  });
});

describe('file names', () => {
  it('Chinese name in filename* (RFC 5987), ASCII fallback in filename', () => {
    const names = exportFilenames('persons', { id: '430623101208', name: '新铺村' }, '2026-03-05', 'xlsx');
    expect(names).toEqual({
      filename: '人员名单_新铺村_2026-03-05.xlsx',
      asciiFilename: 'persons_430623101208_2026-03-05.xlsx',
    });
    const header = contentDisposition(names.filename, names.asciiFilename);
    expect(header).toBe(
      `attachment; filename="persons_430623101208_2026-03-05.xlsx"; filename*=UTF-8''${encodeURIComponent('人员名单_新铺村_2026-03-05.xlsx')}`,
    );
  });

  it('characters a file system or the header would choke on are replaced or escaped', () => {
    const { filename } = exportFilenames('households', { id: 'x', name: '城关/社区 "一"' }, '2026-03-05', 'csv');
    expect(filename).toBe('家庭户名单_城关_社区_一__2026-03-05.csv');
    expect(contentDisposition("a'(b)*.csv", 'a.csv')).toBe(
      `attachment; filename="a.csv"; filename*=UTF-8''a%27%28b%29%2A.csv`,
    );
  });
});
