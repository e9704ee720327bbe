/**
 * The vendor's file of daily dispensing counts (docs/dispensers.md): one row per machine and day,
 * Excel or CSV (UTF-8 or GBK), title rows above the header allowed. Columns are found by their
 * labels; every row's problems are reported with its row number and field, and nothing is
 * written unless the whole file passes (the counts then go through recordEvents like the page's).
 */
import type { Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { InvalidInputError, type FieldProblem } from '../lib/errors.js';
import { cellText, isBlank, parseDate, type CellValue } from '../lib/messy.js';
import { findHeader, normalizeLabel } from '../lib/sheetHeader.js';
import { openSpreadsheet, SpreadsheetError, type SheetRow } from '../lib/spreadsheet.js';
import { recordEvents, type Caller, type EventInput } from './dispenser.service.js';

const COLUMNS = {
  code: ['设备编号', '机器编号', '终端编号', '设备号', '编号'],
  onDate: ['日期', '发放日期', '统计日期'],
  quantity: ['发放数量', '发放数', '数量', '出货数量', '出货数'],
} as const;
type Column = keyof typeof COLUMNS;
const NAMES: Record<Column, string> = { code: '设备编号', onDate: '日期', quantity: '发放数量' };

const columnOf = (label: string): Column | undefined =>
  (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(normalizeLabel(label)));

/**
 * Reads the file and records its counts, all or nothing.
 * @throws InvalidInputError naming the file, the row and the field of every problem
 */
export async function importDispensingCounts(
  db: Db,
  user: Caller,
  actor: Actor,
  file: { path: string; fileName: string },
): Promise<{ events: number; machines: number; rows: number }> {
  const where = (row?: number) => `${file.fileName}${row ? ` 第${row}行` : ''}`;
  let rows: SheetRow[] = [];
  let merges: Parameters<typeof findHeader>[1] = [];
  try {
    const sheet = await openSpreadsheet(file.path, { fileName: file.fileName });
    merges = sheet.merges;
    for await (const batch of sheet.rows()) rows = rows.concat(batch);
  } catch (e) {
    if (e instanceof SpreadsheetError)
      throw InvalidInputError.field('file', `${where(e.row ?? undefined)}：${e.message}`);
    throw e;
  }
  const header = findHeader(rows.slice(0, 10), merges, (l) => columnOf(l) !== undefined, 2);
  const index = new Map<Column, number>();
  for (const c of header?.columns ?? []) {
    const col = c.labels.map(columnOf).find((x) => x !== undefined);
    if (col && !index.has(col)) index.set(col, c.index);
  }
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => !index.has(c));
  if (!header || missing.length)
    throw InvalidInputError.field(
      'file',
      `${where()}：找不到${missing.map((c) => `“${NAMES[c]}”`).join('、')}列（表头应含 设备编号、日期、发放数量）`,
    );

  const problems: FieldProblem[] = [];
  const events: EventInput[] = [];
  const cell = (r: SheetRow, c: Column): CellValue => r.cells[index.get(c)!];
  for (const r of rows.filter((x) => x.row > header.bottom)) {
    if ((Object.keys(COLUMNS) as Column[]).every((c) => isBlank(cell(r, c)))) continue;
    const bad = (field: Column, message: string) =>
      problems.push({
        field,
        row: r.row,
        file: file.fileName,
        message: `${where(r.row)}「${NAMES[field]}」${message}`,
      });
    const code = cellText(cell(r, 'code')).trim();
    if (!code) bad('code', '不能为空');
    const date = parseDate(cell(r, 'onDate'));
    if (!date.ok) bad('onDate', date.message);
    const q = cellText(cell(r, 'quantity')).trim();
    const quantity = Number(q);
    if (!/^\d+$/.test(q) || quantity > 100_000) bad('quantity', `应为0至100000的整数（现为“${q}”）`);
    if (code && date.ok && /^\d+$/.test(q))
      events.push({ code, kind: 'dispense', onDate: date.value, quantity, row: r.row });
  }
  if (!problems.length && !events.length) throw InvalidInputError.field('file', `${where()}：没有数据行`);
  if (problems.length) throw refusal(problems);
  try {
    const r = await recordEvents(db, user, actor, events, `file:${file.fileName}`);
    return { events: r.events, machines: r.machines, rows: events.length };
  } catch (e) {
    // The service names rows as 第N行: add the file and keep the row numbers.
    if (e instanceof InvalidInputError && e.problems.length)
      throw refusal(e.problems.map((p) => ({ ...p, file: file.fileName, message: `${file.fileName} ${p.message}` })));
    throw e;
  }
}

function refusal(problems: FieldProblem[]): InvalidInputError {
  return new InvalidInputError(
    `${problems.length}处错误，未导入任何一行：${problems
      .slice(0, 5)
      .map((p) => p.message)
      .join('；')}${problems.length > 5 ? '……' : ''}`,
    problems,
  );
}
