/**
 * Files the import hands out: blank templates with Chinese headers, and error reports (the
 * refused rows as the importer sent them, with a 错误说明 column). Every cell that came from an
 * uploaded file is neutralised before it goes into a spreadsheet again.
 */
import ExcelJS from 'exceljs';
import { csvRecord, neutralizeFormula } from '../lib/cells.js';
import { FIELDS, KIND_NAMES, type ImportKind } from './import.fields.js';
import type { ErrorReportData } from './import.problems.js';

export type FileFormat = 'xlsx' | 'csv';
export type DownloadFile = { fileName: string; contentType: string; body: Buffer };

export const CONTENT_TYPES: Record<FileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TEMPLATE_ROWS = 5000;
const SHEET_NAMES: Record<ImportKind, string> = { persons: '人员', events: '事件' };

/** A blank template: the header row, text-formatted code columns, drop-downs, and instructions. */
export async function templateFile(kind: ImportKind, format: FileFormat): Promise<DownloadFile> {
  const fields = FIELDS[kind];
  const fileName = `${KIND_NAMES[kind]}导入模板.${format}`;
  if (format === 'csv') {
    // UTF-8 with BOM: Excel on a Chinese Windows opens it without garbling the headers.
    return {
      fileName,
      contentType: CONTENT_TYPES.csv,
      body: Buffer.concat([BOM, Buffer.from(csvRecord(fields.map((f) => f.header)))]),
    };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, f.header.length * 2 + 4, f.text ? 22 : 0);
    // Long digit strings typed into a General cell lose their last digits: make them text.
    if (f.text) col.numFmt = '@';
    const cell = ws.getCell(1, i + 1);
    cell.value = f.header;
    cell.font = { bold: true, color: { argb: f.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.note = f.note;
    if ('choices' in f && f.choices) {
      const letter = ws.getColumn(i + 1).letter;
      // A range validation (one rule for the column) exists at run time but not in ExcelJS's types.
      (
        ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
      ).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${f.choices.join(',')}"`],
        showErrorMessage: false,
      });
    }
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 22 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 80 },
    { header: '示例', width: 24 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of fields) help.addRow([f.header, f.required ? '必填' : '', f.note, f.example]);
  help.addRow([]);
  help.addRow([
    '',
    '',
    '表头可以在标题行之下；列的顺序不限，列名也可以用常见写法（如“公民身份号码”），导入时会自动识别，或在页面上指定对应关系。',
  ]);
  help.addRow(['', '', '一个文件中只要有一行有错，整个文件都不会导入；请下载错误报告，按“错误说明”修改后重新上传。']);
  return { fileName, contentType: CONTENT_TYPES.xlsx, body: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** The refused rows with their original cells and what is wrong with each (错误说明). */
export async function errorReportFile(data: ErrorReportData, format: FileFormat): Promise<DownloadFile> {
  const base = data.fileName.replace(/\.[^.]+$/, '');
  const fileName = `${base}-错误报告.${format}`;
  const headers = ['行号', ...data.headers, '错误说明'];
  const lines: Array<Array<string | number>> = [];
  for (const p of data.fileProblems) lines.push(['', ...data.headers.map(() => ''), p]);
  for (const r of data.rows) {
    const cells = data.headers.map((_, i) => r.cells[i] ?? '');
    // Cells beyond the header (a stray value) are kept too.
    for (let i = data.headers.length; i < r.cells.length; i++) if (r.cells[i]) cells.push(r.cells[i]!);
    lines.push([r.row, ...cells.slice(0, data.headers.length), r.reasons.join('；')]);
  }
  if (data.omittedRows > 0)
    lines.push(['', ...data.headers.map(() => ''), `另有 ${data.omittedRows} 行错误未列出，请先修改以上各行`]);

  if (format === 'csv') {
    const body = [csvRecord(headers), ...lines.map((l) => csvRecord(l))].join('');
    return { fileName, contentType: CONTENT_TYPES.csv, body: Buffer.concat([BOM, Buffer.from(body)]) };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('错误报告', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(headers).font = { bold: true };
  ws.getCell(1, headers.length).font = { bold: true, color: { argb: 'FFC00000' } };
  for (const l of lines) {
    // Everything the importer sent stays text (ID numbers keep their digits), never a formula.
    ws.addRow(l.map((v) => (typeof v === 'number' ? v : neutralizeFormula(v))));
  }
  headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = i === headers.length - 1 ? 60 : Math.max(8, Math.min(24, h.length * 2 + 4));
    if (i > 0 && i < headers.length - 1) col.numFmt = '@';
  });
  return { fileName, contentType: CONTENT_TYPES.xlsx, body: Buffer.from(await wb.xlsx.writeBuffer()) };
}
