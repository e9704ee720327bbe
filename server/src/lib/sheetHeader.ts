import { cellText } from './messy.js';
import { columnLetter, type MergeRange, type SheetRow } from './spreadsheet.js';

/**
 * Finding the header row of an office file: title rows above it, headers merged across two
 * rows, decorations such as 必填 or (单位) around the labels.
 */
export type HeaderColumn = {
  index: number;
  letter: string;
  /** Labels to try, best first: the header row's own text, then with the group title above it. */
  labels: string[];
  /** What to call the column in messages. */
  display: string;
};

export type Header = { top: number; bottom: number; columns: HeaderColumn[] };

/**
 * Finds the header among the first rows, past title rows and over merged header rows: the row
 * whose labels `isKnown` recognises most often. A cell merged across rows or columns counts in
 * every row and column of its range; an empty header cell under a label takes the label above;
 * a label under a group title ("母亲" over "身份证号") may also be read together with it.
 * Returns undefined when no row has at least `minKnown` known labels.
 */
export function findHeader(
  rows: SheetRow[],
  merges: MergeRange[],
  isKnown: (label: string) => boolean,
  minKnown = 2,
): Header | undefined {
  const grid = new Map<number, string[]>();
  // Labels keep the characters the file has (full-width brackets stay): they are shown to users.
  for (const r of rows)
    grid.set(
      r.row,
      r.cells.map((c) => normalizeLabel(typeof c === 'string' ? c : cellText(c))),
    );
  for (const m of merges) {
    const top = grid.get(m.top);
    const v = top?.[m.left - 1];
    if (!v) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const cells = grid.get(r);
      if (!cells) continue;
      for (let c = m.left - 1; c <= m.right - 1; c++) cells[c] = v;
    }
  }
  let best: Header | undefined;
  let bestScore = minKnown - 1;
  for (const r of rows) {
    const cells = grid.get(r.row)!;
    const above = grid.get(r.row - 1);
    const above2 = grid.get(r.row - 2);
    const columns: HeaderColumn[] = [];
    let score = 0;
    const width = Math.max(cells.length, above?.length ?? 0);
    for (let i = 0; i < width; i++) {
      const own = cells[i] ?? '';
      const up = above?.[i] ?? '';
      const labels: string[] = [];
      if (own) {
        labels.push(own);
        if (up && up !== own) labels.push(up + own);
      } else if (up) {
        labels.push(up);
        const up2 = above2?.[i] ?? '';
        if (up2 && up2 !== up) labels.push(up2 + up);
      }
      if (labels.length === 0) continue;
      if (labels.some(isKnown)) score++;
      columns.push({ index: i, letter: columnLetter(i), labels, display: own || up });
    }
    if (score > bestScore) {
      bestScore = score;
      best = {
        top: columns.some((c) => !cells[c.index]) || above?.some((v) => v) ? r.row - 1 : r.row,
        bottom: r.row,
        columns,
      };
    }
  }
  return best;
}

/** Header text without the decoration people add: spaces, line breaks, 必填 marks, (单位). */
export function normalizeLabel(s: string): string {
  return s
    .replace(/[\s\u3000]+/g, '')
    .replace(/^[*＊※]+|[*＊※]+$/g, '')
    .replace(/[（(]\s*(必填|选填|可选|必须填写)\s*[)）]/g, '')
    .trim();
}
