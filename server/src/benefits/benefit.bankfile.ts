/**
 * The one-card payment file (一卡通代发文件) and the bank's result file (回盘文件), as documented
 * in docs/benefits-payments.md. Plain text: GBK (written as GB18030, which is GBK for every
 * character GBK has and still encodes the rare characters of some names), `|` between fields,
 * CRLF line ends; line 1 is the header (batch number, count, total in yuan), then one line per
 * payment. The XLSX form has the same header row and lines. Amounts are yuan with two decimals in
 * the files and integer fen everywhere else; conversion is on strings, never floats.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { safeCell } from '../lib/cells.js';
import type { FieldProblem } from '../lib/errors.js';
import { cellText, parseDate, type CellValue } from '../lib/messy.js';
import { detectEncoding, openSpreadsheet, SpreadsheetError } from '../lib/spreadsheet.js';

export type BankFileHeader = { batchNo: string; count: number; totalFen: number };
export type BankFileLine = {
  lineNo: number;
  name: string;
  idNumber: string;
  account: string;
  amountFen: number;
  memo: string;
};

export const HEADER_TITLES = ['批次号', '笔数', '总金额'] as const;
export const LINE_TITLES = ['序号', '姓名', '身份证号', '账号', '金额', '摘要'] as const;
export const RESULT_TITLES = [...LINE_TITLES, '结果', '失败原因', '银行流水号', '日期'] as const;

/** 110000 → '1100.00'. */
export function yuanOf(fen: number): string {
  if (!Number.isInteger(fen) || fen < 0) throw new Error(`amount must be non-negative integer fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** '1100.00', '1100', '1,100.5' → fen; undefined when not an amount with at most two decimals. */
export function parseYuan(text: string): number | undefined {
  const t = text.replace(/[,\s]/g, '');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A field may not hold the separator or a line break: they would shift every field after it. */
const field = (s: string) => s.replace(/[|\r\n]+/g, ' ').trim();

export function bankTextOf(header: BankFileHeader, lines: readonly BankFileLine[]): string {
  const out = [[header.batchNo, String(header.count), yuanOf(header.totalFen)].map(field).join('|')];
  for (const l of lines)
    out.push([String(l.lineNo), l.name, l.idNumber, l.account, yuanOf(l.amountFen), l.memo].map(field).join('|'));
  return out.join('\r\n') + '\r\n';
}

/** The text file as the bank takes it: GBK bytes (GB18030). */
export const bankTextFile = (header: BankFileHeader, lines: readonly BankFileLine[]): Buffer =>
  iconv.encode(bankTextOf(header, lines), 'gb18030');

/** The XLSX form: row 1 the header, row 2 the column titles, then the lines; numbers kept as text. */
export async function bankXlsxFile(header: BankFileHeader, lines: readonly BankFileLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代发');
  ws.addRow([safeCell(header.batchNo), String(header.count), yuanOf(header.totalFen)]);
  ws.addRow([...LINE_TITLES]);
  for (const l of lines)
    ws.addRow([String(l.lineNo), safeCell(l.name), l.idNumber, l.account, yuanOf(l.amountFen), safeCell(l.memo)]);
  // Text format on every cell: Excel would show an 18-digit ID or 19-digit card in exponent form.
  ws.columns.forEach((c) => {
    c.numFmt = '@';
    c.width = 22;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- the result file --------------------------------------------------------------------------

export type ResultLine = {
  row: number;
  lineNo: number;
  name: string;
  idNumber: string;
  account: string;
  amountFen: number;
  result: 'paid' | 'failed';
  reason: string | null;
  bankRef: string | null;
  date: string | null;
};

export type ResultFile = { header: BankFileHeader & { row: number }; lines: ResultLine[]; problems: FieldProblem[] };

type RawRow = { row: number; cells: CellValue[] };

/** The rows of a result file in any of its forms: `|` text (GBK or UTF-8), CSV, or XLSX. */
async function rawRows(filePath: string, fileName: string): Promise<RawRow[]> {
  const head = await fs.promises.readFile(filePath);
  const isZip = head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (!isZip) {
    const { encoding, bom } = detectEncoding(head.subarray(0, 1 << 20));
    const text = iconv.decode(head.subarray(bom), encoding === 'utf-8' ? 'utf-8' : encoding);
    const firstLine = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
    if (firstLine.includes('|')) return text.split(/\r?\n/).map((l, i) => ({ row: i + 1, cells: l.split('|') }));
  }
  const sheet = await openSpreadsheet(filePath, { fileName });
  const out: RawRow[] = [];
  for await (const batch of sheet.rows()) out.push(...batch);
  return out;
}

const blank = (cells: CellValue[]) => cells.every((c) => cellText(c) === '');

/**
 * Reads a result file: the header, and every line with its result. Problems name the file, the
 * row and the field (column title); a file with any problem is refused whole by the caller.
 * @throws SpreadsheetError when the file cannot be read at all
 */
export async function readResultFile(filePath: string, fileName: string): Promise<ResultFile> {
  const rows = (await rawRows(filePath, fileName)).filter((r) => !blank(r.cells));
  const problems: FieldProblem[] = [];
  const bad = (row: number, fieldName: string, message: string) =>
    problems.push({
      file: fileName,
      row,
      field: fieldName,
      message: `${fileName} 第${row}行「${fieldName}」：${message}`,
    });
  const first = rows[0];
  if (!first) throw new SpreadsheetError('文件中没有内容');
  const hc = first.cells.map(cellText);
  const count = Number(hc[1]);
  const totalFen = parseYuan(hc[2] ?? '');
  if (!hc[0]) bad(first.row, '批次号', '不能为空');
  if (!/^\d+$/.test(hc[1] ?? '')) bad(first.row, '笔数', `应为整数：${hc[1] ?? ''}`);
  if (totalFen === undefined) bad(first.row, '总金额', `应为金额（元，最多两位小数）：${hc[2] ?? ''}`);
  const header = { row: first.row, batchNo: hc[0] ?? '', count, totalFen: totalFen ?? 0 };

  const lines: ResultLine[] = [];
  for (const r of rows.slice(1)) {
    const c = r.cells.map(cellText);
    // The column titles (XLSX form) are not a line.
    if (c[0] === LINE_TITLES[0]) continue;
    const before = problems.length;
    const lineNo = /^\d+$/.test(c[0] ?? '') ? Number(c[0]) : NaN;
    if (Number.isNaN(lineNo)) bad(r.row, '序号', `应为整数：${c[0] ?? ''}`);
    const amountFen = parseYuan(c[4] ?? '');
    if (amountFen === undefined) bad(r.row, '金额', `应为金额（元，最多两位小数）：${c[4] ?? ''}`);
    const resultText = (c[6] ?? '').trim();
    const result = resultText === '成功' ? 'paid' : resultText === '失败' ? 'failed' : undefined;
    if (!result) bad(r.row, '结果', `应为“成功”或“失败”：${resultText || '（空）'}`);
    const reason = (c[7] ?? '').trim() || null;
    const bankRef = (c[8] ?? '').trim() || null;
    let date: string | null = null;
    const rawDate = r.cells[9];
    if (cellText(rawDate) !== '') {
      const d = parseDate(rawDate);
      if (d.ok) date = d.value;
      else bad(r.row, '日期', d.message);
    }
    if (result === 'failed' && !reason) bad(r.row, '失败原因', '失败的记录须写明原因');
    if (result === 'paid' && !bankRef) bad(r.row, '银行流水号', '成功的记录须有银行流水号');
    if (result === 'paid' && !date && cellText(rawDate) === '') bad(r.row, '日期', '成功的记录须有入账日期');
    if (problems.length > before) continue;
    lines.push({
      row: r.row,
      lineNo,
      name: (c[1] ?? '').trim(),
      idNumber: (c[2] ?? '').trim(),
      account: (c[3] ?? '').replace(/\s+/g, ''),
      amountFen: amountFen!,
      result: result!,
      reason,
      bankRef,
      date,
    });
  }
  return { header, lines, problems };
}
