import PDFDocument from 'pdfkit';
import { reportFonts } from './annualReport.fonts.js';
import {
  LEVEL_ZH,
  paginate,
  TABLE_COLUMNS,
  tableCell,
  type LayoutItem,
  type ReportRow,
} from './annualReport.layout.js';
import type { AnnualReport } from './annualReport.service.js';

/**
 * The annual report as a PDF: A4, the summary on a portrait page (with the notes and the
 * definitions), the townships' and villages' tables on landscape pages, tables breaking across
 * pages with their header repeated, a running header (title, unit, date generated) and
 * "第 i 页 共 N 页" on every page. The Chinese font is embedded as a subset of the glyphs used.
 */
type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 64, bottom: 48, left: 40, right: 40 };
const LANDSCAPE_MARGIN = { top: 64, bottom: 48, left: 36, right: 36 };
const REGULAR = 'NotoSansSC';
const BOLD = 'NotoSansSC-Bold';
const INK = '#1a1a1a';
const MUTED = '#666666';
const RULE = '#999999';
const SHADE = '#e8eef7';
const GROUP_SHADE = '#f3f3f3';

type Cell = { text: string; align?: 'left' | 'center' | 'right'; bold?: boolean; color?: string };
type Column = { header: string; width: number; align: 'left' | 'center' | 'right' };
type Row = { cells: Cell[]; group?: boolean; height?: number };

const contentBottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Row heights: wrapped text in any cell makes its row taller. */
function measure(doc: Doc, columns: Column[], rows: Row[], fontSize: number, minHeight: number): LayoutItem[] {
  doc.font(REGULAR).fontSize(fontSize);
  return rows.map((r) => {
    if (r.group) return { height: minHeight + 2, keepWithNext: true };
    const h = Math.max(...r.cells.map((c, i) => doc.heightOfString(c.text || ' ', { width: columns[i]!.width - 6 })));
    return { height: Math.max(minHeight, h + 5) };
  });
}

function drawHeader(doc: Doc, columns: Column[], y: number, height: number, fontSize: number) {
  const x0 = doc.page.margins.left;
  const width = columns.reduce((s, c) => s + c.width, 0);
  doc.rect(x0, y, width, height).fill(SHADE);
  doc.font(BOLD).fontSize(fontSize).fillColor(INK);
  let x = x0;
  for (const c of columns) {
    const h = doc.heightOfString(c.header, { width: c.width - 4 });
    doc.text(c.header, x + 2, y + (height - h) / 2, { width: c.width - 4, align: 'center', lineBreak: true });
    x += c.width;
  }
  doc.rect(x0, y, width, height).lineWidth(0.6).stroke(RULE);
}

function drawRow(doc: Doc, columns: Column[], row: Row, y: number, height: number, fontSize: number) {
  const x0 = doc.page.margins.left;
  const width = columns.reduce((s, c) => s + c.width, 0);
  if (row.group) {
    doc.rect(x0, y, width, height).fill(GROUP_SHADE);
    doc
      .font(BOLD)
      .fontSize(fontSize)
      .fillColor(INK)
      .text(row.cells[0]!.text, x0 + 3, y + (height - fontSize * 1.3) / 2, { width: width - 6, lineBreak: false });
  } else {
    let x = x0;
    row.cells.forEach((c, i) => {
      const col = columns[i]!;
      doc
        .font(c.bold ? BOLD : REGULAR)
        .fontSize(fontSize)
        .fillColor(c.color ?? INK);
      const h = doc.heightOfString(c.text || ' ', { width: col.width - 6 });
      doc.text(c.text, x + 3, y + Math.max(2, (height - h) / 2), { width: col.width - 6, align: c.align ?? col.align });
      x += col.width;
    });
  }
  doc
    .moveTo(x0, y + height)
    .lineTo(x0 + width, y + height)
    .lineWidth(0.3)
    .stroke(RULE);
}

/**
 * Draws a table from the current position, adding pages (of the same orientation) as needed and
 * repeating the header on each.
 */
function drawTable(
  doc: Doc,
  columns: Column[],
  rows: Row[],
  opts: { fontSize: number; rowHeight: number; headerHeight: number; layout: 'portrait' | 'landscape' },
) {
  const items = measure(doc, columns, rows, opts.fontSize, opts.rowHeight);
  const margins = opts.layout === 'portrait' ? MARGIN : LANDSCAPE_MARGIN;
  const pageHeight = opts.layout === 'portrait' ? 841.89 : 595.28;
  // A page that starts inside a group repeats the group's heading (续): keep room for it.
  const grouped = rows.some((r) => r.group);
  const groupHeight = opts.rowHeight + 2;
  const pages = paginate(items, {
    firstSpace: contentBottom(doc) - doc.y,
    pageSpace: pageHeight - margins.top - margins.bottom,
    headerHeight: opts.headerHeight + (grouped ? groupHeight : 0),
  });
  pages.forEach((indexes, p) => {
    if (p > 0) doc.addPage({ size: 'A4', layout: opts.layout, margins });
    if (indexes.length === 0) return;
    let y = doc.y;
    drawHeader(doc, columns, y, opts.headerHeight, opts.fontSize);
    y += opts.headerHeight;
    if (grouped && !rows[indexes[0]!]!.group) {
      const heading = rows
        .slice(0, indexes[0])
        .reverse()
        .find((r) => r.group);
      if (heading) {
        drawRow(
          doc,
          columns,
          { group: true, cells: [{ text: `${heading.cells[0]!.text}（续）` }] },
          y,
          groupHeight,
          opts.fontSize,
        );
        y += groupHeight;
      }
    }
    for (const i of indexes) {
      drawRow(doc, columns, rows[i]!, y, items[i]!.height, opts.fontSize);
      y += items[i]!.height;
    }
    doc.x = doc.page.margins.left;
    doc.y = y + 6;
  });
}

function heading(doc: Doc, text: string) {
  doc.x = doc.page.margins.left;
  doc
    .font(BOLD)
    .fontSize(12)
    .fillColor(INK)
    .text(text, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

/** Under a table, on the same page when there is room (else on a new landscape page). */
function footnote(doc: Doc) {
  if (doc.y + 14 > contentBottom(doc)) doc.addPage({ size: 'A4', layout: 'landscape', margins: LANDSCAPE_MARGIN });
  doc.x = doc.page.margins.left;
  doc
    .font(REGULAR)
    .fontSize(7.5)
    .fillColor(MUTED)
    .text('数值后标“*”者 95% 置信区间半宽超过数值的一半（人数少，偶然波动大），仅供参考。', {
      width: contentWidth(doc),
    });
}

const statusText = (r: AnnualReport) =>
  r.publication.status === 'published'
    ? `已发布（${r.publication.publishedAt!.slice(0, 10)}），数值已冻结`
    : r.publication.status === 'partial'
      ? '部分指标已发布；未发布的指标仅供参考'
      : '未发布，仅供参考';

function tableRows(rows: ReportRow[]): Row[] {
  return rows.map((row) => ({
    cells: TABLE_COLUMNS.map((c, i) => {
      const cell = tableCell(row, c);
      return {
        text: cell.text,
        color: cell.imprecise ? MUTED : undefined,
        align: i === 0 ? 'left' : c.kind === 'text' ? 'center' : 'right',
      };
    }),
  }));
}

const TABLE_FONT = 7.5;
const tableColumns = (first: string): Column[] =>
  TABLE_COLUMNS.map((c, i) => ({
    header: i === 0 ? first : c.header,
    width: c.pdfWidth,
    align: i === 0 ? 'left' : c.kind === 'text' ? 'center' : 'right',
  }));

/** Running header and page numbers, drawn once every page exists (so the total is known). */
function decoratePages(doc: Doc, report: AnnualReport, generatedAt: string) {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    const { left, right } = doc.page.margins;
    const width = doc.page.width - left - right;
    const bottom = doc.page.margins.bottom;
    // Writing in the margins must not start a new page.
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    doc.text(report.title, left, 30, { width: width * 0.6, lineBreak: false });
    doc.text(`${report.unit.name}（${report.unit.id}）\u3000生成日期 ${generatedAt}`, left + width * 0.4, 30, {
      width: width * 0.6,
      align: 'right',
      lineBreak: false,
    });
    doc
      .moveTo(left, 44)
      .lineTo(left + width, 44)
      .lineWidth(0.5)
      .stroke(RULE);
    const footerY = doc.page.height - 32;
    doc.text(statusText(report), left, footerY, { width: width / 3, lineBreak: false });
    doc.text(`第 ${i - range.start + 1} 页 共 ${total} 页`, left + width / 3, footerY, {
      width: width / 3,
      align: 'center',
      lineBreak: false,
    });
    doc.text('renkou', left + (2 * width) / 3, footerY, { width: width / 3, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

export function writeAnnualReportPdf(report: AnnualReport, generatedAt: Date): Promise<Buffer> {
  const fonts = reportFonts();
  const generated = generatedAt.toISOString().slice(0, 10);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: report.title,
      Author: 'renkou',
      Subject: `${report.unit.name} ${report.year} 年统计年报`,
      Creator: 'renkou',
      CreationDate: generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);

  // Title block.
  const width = contentWidth(doc);
  doc.font(BOLD).fontSize(17).fillColor(INK).text(report.title, { align: 'center', width });
  doc.moveDown(0.5);
  const basis = report.population === 'registered' ? '户籍人口' : '常住人口';
  const bounds = report.boundaries === 'present' ? '现行区划' : '当年区划';
  doc
    .font(REGULAR)
    .fontSize(9.5)
    .fillColor(INK)
    .text(
      `填报单位：${report.unit.name}（${LEVEL_ZH[report.unit.level] ?? report.unit.level}，${report.unit.id}）\u3000统计年度：${report.year} 年\u3000口径：${basis}\u3000区划：${bounds}`,
      { align: 'center', width },
    );
  doc.moveDown(0.4);
  doc
    .font(BOLD)
    .fontSize(10.5)
    .fillColor(report.publication.status === 'published' ? '#1f6f3f' : '#c0392b')
    .text(statusText(report), { align: 'center', width });
  doc.moveDown(0.8);

  // Summary.
  heading(doc, '一、主要指标');
  const summaryColumns: Column[] = [
    { header: '项目', width: 128, align: 'left' },
    { header: '数值', width: 58, align: 'right' },
    { header: report.previousYear ? `上年（${report.previousYear}）` : '上年', width: 58, align: 'right' },
    { header: '单位', width: 44, align: 'center' },
    { header: '95% 置信区间', width: 80, align: 'center' },
    { header: '说明', width: width - 368, align: 'left' },
  ];
  drawTable(
    doc,
    summaryColumns,
    report.summaryLines.map((l) => ({
      cells: [
        { text: l.indent ? `\u3000\u3000${l.label}` : l.label, bold: !l.indent && l.source !== 'count' },
        { text: l.text, color: l.imprecise ? MUTED : undefined },
        { text: l.previousText, color: MUTED },
        { text: l.unit },
        { text: l.interval ?? '' },
        { text: l.note ?? '', color: MUTED },
      ],
    })),
    { fontSize: 8.5, rowHeight: 17, headerHeight: 26, layout: 'portrait' },
  );

  doc.moveDown(0.6);
  heading(doc, '说明');
  doc.font(REGULAR).fontSize(8.5).fillColor(INK);
  report.notes.forEach((note, i) => doc.text(`${i + 1}. ${note}`, { width, paragraphGap: 2 }));
  doc.moveDown(0.6);
  heading(doc, '指标定义（公式与版本）');
  drawTable(
    doc,
    [
      { header: '指标', width: 90, align: 'left' },
      { header: '版本', width: 34, align: 'center' },
      { header: '生效日期', width: 60, align: 'center' },
      { header: '公式', width: width - 184, align: 'left' },
    ],
    report.definitions.map((d) => ({
      cells: [{ text: d.nameZh }, { text: `v${d.version}` }, { text: d.effectiveFrom }, { text: d.formulaZh }],
    })),
    { fontSize: 8, rowHeight: 15, headerHeight: 16, layout: 'portrait' },
  );

  if (report.townships.length) {
    doc.addPage({ size: 'A4', layout: 'landscape', margins: LANDSCAPE_MARGIN });
    heading(doc, '二、各乡镇主要指标');
    drawTable(doc, tableColumns('乡镇'), tableRows(report.townships), {
      fontSize: TABLE_FONT,
      rowHeight: 14,
      headerHeight: 24,
      layout: 'landscape',
    });
    footnote(doc);
  }
  if (report.villages.length) {
    doc.addPage({ size: 'A4', layout: 'landscape', margins: LANDSCAPE_MARGIN });
    heading(doc, `${report.townships.length ? '三' : '二'}、各村（社区）主要指标（按乡镇分组）`);
    const rows: Row[] = report.villages.flatMap((g) => [
      { group: true, cells: [{ text: `${g.township.name}（${g.township.id}）` }] },
      ...tableRows(g.rows),
    ]);
    drawTable(doc, tableColumns('村（社区）'), rows, {
      fontSize: TABLE_FONT,
      rowHeight: 14,
      headerHeight: 24,
      layout: 'landscape',
    });
    footnote(doc);
  }

  decoratePages(doc, report, generated);
  doc.end();
  return done;
}
