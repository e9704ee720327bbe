import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvRecord, safeCell, UTF8_BOM } from '../lib/cells.js';
import type { Column } from './export.columns.js';

/**
 * Writes pages of rows into a stream as XLSX or CSV without holding the file in memory: each
 * page is written (and waits for the reader to catch up) before the next page is read. Every
 * text cell passes through `lib/cells.ts`, which neutralises formulas.
 */
export type CsvEncoding = 'utf8' | 'gb18030';

/** Excel's limit is 1,048,576 rows a sheet; a larger list continues on a second sheet. */
export const ROWS_PER_SHEET = 1_000_000;

export class ExportAbortedError extends Error {
  constructor() {
    super('导出已中断（下载连接已关闭）');
  }
}

/** Resolves when the stream can take more, rejects when its reader went away. */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ExportAbortedError());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', settle);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new ExportAbortedError());
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', settle);
  });
}

export type Progress = (rowsWritten: number) => void;

/**
 * XLSX through exceljs' streaming writer: rows are committed as they are added, strings are
 * written inline (no shared-string table growing with the file), the header row is bold and
 * frozen. Dates are text cells (YYYY-MM-DD), as the office files are.
 * @returns the number of data rows written
 */
export async function writeXlsx<R>(
  out: Writable,
  sheetName: string,
  columns: ReadonlyArray<Column<R>>,
  pages: AsyncIterable<R[]>,
  { onProgress, rowsPerSheet = ROWS_PER_SHEET }: { onProgress?: Progress; rowsPerSheet?: number } = {},
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'renkou';
  let sheetNo = 0;
  const newSheet = () => {
    sheetNo += 1;
    const sheet = workbook.addWorksheet(sheetNo === 1 ? sheetName : `${sheetName}（${sheetNo}）`, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  };
  let sheet = newSheet();
  let inSheet = 0;
  let written = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (inSheet === rowsPerSheet) {
        sheet.commit();
        sheet = newSheet();
        inSheet = 0;
      }
      sheet.addRow(columns.map((c) => safeCell(c.value(row)))).commit();
      inSheet += 1;
    }
    written += page.length;
    onProgress?.(written);
    await drained(out);
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/**
 * CSV (RFC 4180, CRLF). UTF-8 starts with a byte-order mark so that Excel reads it as UTF-8;
 * GB18030 (a superset of GBK, byte-identical for every character GBK has) is for the offices
 * whose tools read only the national encoding, and carries no mark.
 * @returns the number of data rows written
 */
export async function writeCsv<R>(
  out: Writable,
  columns: ReadonlyArray<Column<R>>,
  pages: AsyncIterable<R[]>,
  encoding: CsvEncoding,
  onProgress?: Progress,
): Promise<number> {
  const encode = (text: string) => (encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030'));
  const put = async (text: string) => {
    if (out.destroyed) throw new ExportAbortedError();
    out.write(encode(text));
    await drained(out);
  };
  await put((encoding === 'utf8' ? UTF8_BOM : '') + csvRecord(columns.map((c) => c.header)));
  let written = 0;
  for await (const page of pages) {
    await put(page.map((row) => csvRecord(columns.map((c) => c.value(row)))).join(''));
    written += page.length;
    onProgress?.(written);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return written;
}
