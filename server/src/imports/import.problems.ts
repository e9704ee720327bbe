/**
 * What is wrong with a file, row by row, in words a village worker understands: every problem
 * names the file, the row as Excel numbers it, the column by letter and header, and the reason.
 * The refused rows are kept with their original cells for the error report (错误说明).
 */
import { cellText, type CellValue } from '../lib/messy.js';
import type { MappedColumn } from './import.fields.js';
import type { RowProblem } from './import.rows.js';

export type ImportProblem = {
  file: string;
  /** Row as Excel shows it (1-based, header and title rows counted); null for the whole file. */
  row: number | null;
  /** Column letter (A, B, …, AA); null for the whole row or file. */
  column: string | null;
  /** The column's header text in the file. */
  header: string | null;
  /** The field the column feeds (idNumber, birthDate, …). */
  field: string | null;
  /** The full sentence: where and why. */
  message: string;
  /** Why, without the where. */
  reason: string;
};

/** Problems returned in an answer and kept on the batch; the error report has every bad row. */
export const MAX_LISTED_PROBLEMS = 1000;
/** Bad rows kept for the error report; beyond this the report says how many more there were. */
export const MAX_REPORTED_ROWS = 100_000;

export type ErrorReportData = {
  fileName: string;
  headers: string[];
  rows: Array<{ row: number; cells: string[]; reasons: string[] }>;
  fileProblems: string[];
  omittedRows: number;
};

export function where(
  file: string,
  row: number | null,
  column: MappedColumn | { letter: string; header: string } | null,
): string {
  const parts = [file];
  if (row !== null) parts.push(`第 ${row} 行`);
  if (column) parts.push(`${column.letter} 列（${column.header}）`);
  return parts.join(' ');
}

export class ProblemLog {
  readonly listed: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  count = 0;
  private readonly badRows = new Map<number, { cells: string[]; reasons: string[] }>();
  private omitted = 0;
  private readonly fileProblems: string[] = [];

  constructor(
    readonly file: string,
    private headers: string[] = [],
  ) {}

  setHeaders(headers: string[]): void {
    this.headers = headers;
  }

  get ok(): boolean {
    return this.count === 0;
  }

  get badRowCount(): number {
    return this.badRows.size + this.omitted;
  }

  /** A problem with the whole file (unreadable, no header, missing columns). */
  fileProblem(reason: string): void {
    this.count++;
    this.fileProblems.push(reason);
    if (this.listed.length < MAX_LISTED_PROBLEMS) {
      this.listed.push({
        file: this.file,
        row: null,
        column: null,
        header: null,
        field: null,
        message: `${this.file}：${reason}`,
        reason,
      });
    }
  }

  row(row: number, cells: CellValue[] | null, p: RowProblem): void {
    this.count++;
    const col = p.column;
    if (this.listed.length < MAX_LISTED_PROBLEMS) {
      this.listed.push({
        file: this.file,
        row,
        column: col?.letter ?? null,
        header: col?.header ?? null,
        field: col?.field ?? null,
        message: `${where(this.file, row, col)}：${p.message}`,
        reason: p.message,
      });
    }
    const reason = col ? `${col.header}（${col.letter}列）：${p.message}` : p.message;
    const bad = this.badRows.get(row);
    if (bad) {
      bad.reasons.push(reason);
    } else if (this.badRows.size < MAX_REPORTED_ROWS) {
      this.badRows.set(row, { cells: (cells ?? []).map((c) => cellText(c)), reasons: [reason] });
    } else {
      this.omitted++;
    }
  }

  /** Adds the original cells of a row whose problem was found after the row was read. */
  rowCells(row: number, cells: CellValue[]): void {
    const bad = this.badRows.get(row);
    if (bad && bad.cells.length === 0) bad.cells = cells.map((c) => cellText(c));
  }

  hasBadRow(row: number): boolean {
    return this.badRows.has(row);
  }

  warn(row: number | null, column: MappedColumn | null, reason: string): void {
    if (this.warnings.length >= MAX_LISTED_PROBLEMS) return;
    this.warnings.push({
      file: this.file,
      row,
      column: column?.letter ?? null,
      header: column?.header ?? null,
      field: column?.field ?? null,
      message: `${where(this.file, row, column)}：${reason}`,
      reason,
    });
  }

  /** Rows that lack their cells (problems found in a later pass) and must be re-read. */
  rowsMissingCells(): Set<number> {
    return new Set([...this.badRows].filter(([, b]) => b.cells.length === 0).map(([r]) => r));
  }

  report(): ErrorReportData {
    return {
      fileName: this.file,
      headers: this.headers,
      rows: [...this.badRows].sort(([a], [b]) => a - b).map(([row, b]) => ({ row, ...b })),
      fileProblems: this.fileProblems,
      omittedRows: this.omitted,
    };
  }

  summary(): string {
    if (this.ok) return '';
    const rows = this.badRowCount;
    return rows > 0
      ? `文件 ${this.file} 有 ${rows} 行错误（共 ${this.count} 处），未导入任何数据`
      : `文件 ${this.file} 无法导入：${this.fileProblems.join('；')}`;
  }
}
