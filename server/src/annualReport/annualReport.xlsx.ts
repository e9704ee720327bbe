import ExcelJS from 'exceljs';
import { safeCell } from '../lib/cells.js';
import { IMPRECISE_MARK, LEVEL_ZH, TABLE_COLUMNS, tableCell, type ReportRow } from './annualReport.layout.js';
import type { AnnualReport } from './annualReport.service.js';

/**
 * The annual report as a workbook: 摘要 (the summary, notes and definitions), 乡镇 and 村（社区）.
 * Cells hold numbers rounded as printed, with number formats (an imprecise figure keeps its
 * number and shows its mark through the format); header rows are frozen and repeat on every
 * printed page; A4, fitted to the page width.
 */
const numFmt = (decimals: number, imprecise = false) => {
  const base = decimals === 0 ? '#,##0' : `0.${'0'.repeat(decimals)}`;
  return imprecise ? `${base}"${IMPRECISE_MARK}"` : base;
};

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };

function pageSetup(sheet: ExcelJS.Worksheet, orientation: 'portrait' | 'landscape', titleRows: string) {
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
  };
  sheet.headerFooter = { oddFooter: '&L&8&A&C&8第 &P 页 共 &N 页&R&8renkou' };
}

function headerRow(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.height = 30;
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = BORDER;
  });
}

function summarySheet(wb: ExcelJS.Workbook, report: AnnualReport, generatedAt: Date) {
  const s = wb.addWorksheet('摘要', { views: [{ state: 'frozen', ySplit: 5 }] });
  s.columns = [{ width: 30 }, { width: 14 }, { width: 14 }, { width: 10 }, { width: 20 }, { width: 60 }];
  s.mergeCells('A1:F1');
  s.getCell('A1').value = report.title;
  s.getCell('A1').font = { bold: true, size: 16 };
  s.getCell('A1').alignment = { horizontal: 'center' };
  s.getRow(1).height = 28;
  s.mergeCells('A2:F2');
  s.getCell('A2').value =
    `填报单位：${report.unit.name}（${LEVEL_ZH[report.unit.level] ?? report.unit.level}，${report.unit.id}）    统计年度：${report.year} 年    生成日期：${generatedAt.toISOString().slice(0, 10)}`;
  s.mergeCells('A3:F3');
  const status = s.getCell('A3');
  status.value =
    report.publication.status === 'published'
      ? `已发布（${report.publication.publishedAt!.slice(0, 10)}），数值已冻结`
      : report.publication.status === 'partial'
        ? '部分指标已发布；未发布的指标仅供参考'
        : '未发布，仅供参考';
  status.font = { bold: true, color: { argb: report.publication.status === 'published' ? 'FF1F6F3F' : 'FFC0392B' } };
  s.addRow([]);
  const header = s.addRow([
    '项目',
    '数值',
    report.previousYear ? `上年（${report.previousYear}）` : '上年',
    '单位',
    '95% 置信区间',
    '说明',
  ]);
  headerRow(header);
  for (const line of report.summaryLines) {
    const r = s.addRow([
      line.indent ? `    ${line.label}` : line.label,
      line.value,
      line.previous,
      line.unit,
      line.interval ?? '',
      line.note ?? '',
    ]);
    r.getCell(2).numFmt = numFmt(line.decimals, line.imprecise);
    r.getCell(2).alignment = { horizontal: 'right' };
    r.getCell(3).numFmt = numFmt(line.decimals, line.previousText.endsWith(IMPRECISE_MARK));
    r.getCell(3).alignment = { horizontal: 'right' };
    r.getCell(5).alignment = { horizontal: 'center' };
    r.getCell(6).alignment = { wrapText: true, vertical: 'top' };
    r.eachCell({ includeEmpty: true }, (c) => (c.border = BORDER));
  }
  s.addRow([]);
  const notesTitle = s.addRow(['说明']);
  notesTitle.font = { bold: true };
  for (const note of report.notes) {
    const r = s.addRow([note]);
    s.mergeCells(`A${r.number}:F${r.number}`);
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    r.height = Math.max(15, Math.ceil(note.length / 70) * 15);
  }
  s.addRow([]);
  const defTitle = s.addRow(['指标定义', '版本', '生效日期', '', '', '公式']);
  headerRow(defTitle);
  for (const d of report.definitions) {
    const r = s.addRow([d.nameZh, `v${d.version}`, d.effectiveFrom, '', '', d.formulaZh]);
    r.getCell(6).alignment = { wrapText: true, vertical: 'top' };
    r.height = Math.max(15, Math.ceil(d.formulaZh.length / 40) * 15);
    r.eachCell({ includeEmpty: true }, (c) => (c.border = BORDER));
  }
  pageSetup(s, 'portrait', '5:5');
}

function tableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  report: AnnualReport,
  groups: Array<{ township: string | null; rows: ReportRow[] }>,
) {
  const withTownship = groups.some((g) => g.township !== null);
  const cols = [
    ...(withTownship ? [{ header: '乡镇', width: 14 }] : []),
    { header: '单位代码', width: 14 },
    ...TABLE_COLUMNS.map((c) => ({
      header: c.key === 'name' ? (withTownship ? '村（社区）' : '乡镇') : c.header,
      width: c.xlsxWidth,
    })),
  ];
  const s = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: withTownship ? 3 : 2 }] });
  s.columns = cols.map((c) => ({ width: c.width }));
  headerRow(s.addRow(cols.map((c) => c.header)));
  const lead = withTownship ? 2 : 1;
  for (const g of groups) {
    for (const row of g.rows) {
      const cells = TABLE_COLUMNS.map((c) => tableCell(row, c));
      const r = s.addRow([
        ...(withTownship ? [safeCell(g.township)] : []),
        row.unit.id,
        ...cells.map((c) => (typeof c.value === 'string' ? safeCell(c.value) : c.value)),
      ]);
      TABLE_COLUMNS.forEach((c, i) => {
        if (c.kind === 'text') return;
        const cell = r.getCell(lead + i + 1);
        cell.numFmt = numFmt(c.decimals, cells[i]!.imprecise);
      });
      r.eachCell({ includeEmpty: true }, (c) => (c.border = BORDER));
    }
  }
  s.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  pageSetup(s, 'landscape', '1:1');
  s.headerFooter.oddHeader = `&L&9${report.title}&R&9${name}`;
}

export async function writeAnnualReportXlsx(report: AnnualReport, generatedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'renkou';
  wb.title = report.title;
  wb.created = generatedAt;
  summarySheet(wb, report, generatedAt);
  if (report.townships.length) tableSheet(wb, '乡镇', report, [{ township: null, rows: report.townships }]);
  if (report.villages.length)
    tableSheet(
      wb,
      '村（社区）',
      report,
      report.villages.map((g) => ({ township: g.township.name, rows: g.rows })),
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
