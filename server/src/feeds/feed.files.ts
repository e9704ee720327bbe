/**
 * Blank templates a department can fill: the header row with the Chinese column names
 * (required ones in red, a note on each), text format on ID-number and code columns (so Excel
 * keeps all 18 digits), drop-downs for 业务类型 and 性别, and a 填写说明 sheet.
 */
import ExcelJS from 'exceljs';
import { FEED_TYPES, type FeedTypeCode } from './feed.types.js';

const TEMPLATE_ROWS = 5000;

export async function feedTemplate(
  type: FeedTypeCode,
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const t = FEED_TYPES[type];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.nameZh, { views: [{ state: 'frozen', ySplit: 1 }] });
  t.columns.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, f.header.length * 2 + 4, f.text ? 22 : 0);
    if (f.text) col.numFmt = '@';
    const cell = ws.getCell(1, i + 1);
    cell.value = f.header;
    cell.font = { bold: true, color: { argb: f.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    if (f.note) cell.note = f.note;
    if (f.choices) {
      const letter = col.letter;
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
    { header: '说明', width: 70 },
    { header: '也可写作', width: 50 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of t.columns)
    help.addRow([f.header, f.required ? '必填' : '', f.note, f.synonyms.slice(0, 5).join('、')]);
  help.addRow([]);
  help.addRow(['', '', '可以上传 XLSX 或 CSV（UTF-8 或 GBK）。表头可以在标题行之下，列的顺序不限。']);
  help.addRow([
    '',
    '',
    '文件中只要有一行有错，整个文件都不会写入记录（原文件会保存），系统会列出每一处错误的行号和列名。',
  ]);
  return {
    fileName: `${t.nameZh}模板.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
