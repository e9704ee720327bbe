/**
 * An uploaded file made ready for an import: opened (limits checked), its header found, its
 * columns mapped to fields. Rows then stream past the header, blank rows skipped.
 */
import { isBlank } from '../lib/messy.js';
import { findHeader, type Header } from '../lib/sheetHeader.js';
import {
  openSpreadsheet,
  SpreadsheetError,
  type EncodingChoice,
  type SheetLimits,
  type SheetRow,
  type Spreadsheet,
} from '../lib/spreadsheet.js';
import { isKnownLabel, mapColumns, type ColumnMapping, type ImportKind, type MappedColumn } from './import.fields.js';
import type { ProblemLog } from './import.problems.js';
import { columnsByField } from './import.rows.js';

/** Titles and notes above the header: how far down to look for it. */
const HEADER_SCAN_ROWS = 30;

export type ImportOptions = {
  mapping?: ColumnMapping;
  encoding?: EncodingChoice;
  sheet?: string;
};

export type ImportSource = {
  sheet: Spreadsheet;
  header: Header;
  columns: MappedColumn[];
  byField: Map<string, MappedColumn>;
  suggested: ColumnMapping;
  unmapped: string[];
  /** Header text per column position, for the error report. */
  headerLabels: string[];
  dataRows(): AsyncGenerator<SheetRow[]>;
};

/**
 * Opens the file and maps its columns. File-level problems (unreadable, a bomb, no header,
 * missing required columns) go to `log`; the source is still returned when a header was found,
 * so that a preview can show what was detected.
 */
export async function openImportSource(
  filePath: string,
  fileName: string,
  kind: ImportKind,
  options: ImportOptions,
  log: ProblemLog,
  limits?: Partial<SheetLimits>,
): Promise<ImportSource | undefined> {
  let sheet: Spreadsheet;
  const top: SheetRow[] = [];
  try {
    sheet = await openSpreadsheet(filePath, { fileName, encoding: options.encoding, sheet: options.sheet, limits });
    for await (const batch of sheet.rows({ batchSize: HEADER_SCAN_ROWS })) {
      top.push(...batch);
      break;
    }
  } catch (err) {
    if (err instanceof SpreadsheetError) {
      log.fileProblem(err.message);
      return undefined;
    }
    throw err;
  }
  const known = isKnownLabel(kind);
  // Labels named in the importer's mapping count as known too: that is how odd headers are found.
  const mapped = new Set(Object.keys(options.mapping ?? {}));
  const header = findHeader(top, sheet.merges, (l) => known(l) || mapped.has(l), 2);
  if (!header) {
    log.fileProblem(
      top.length === 0
        ? '文件中没有数据'
        : `在前 ${HEADER_SCAN_ROWS} 行中找不到表头（至少应有“姓名”“身份证号码”等两个可识别的列名）；请使用导入模板，或在列对应关系中指定各列`,
    );
    return undefined;
  }
  const m = mapColumns(kind, header, options.mapping);
  for (const p of m.problems) log.fileProblem(p);
  const width = Math.max(0, ...header.columns.map((c) => c.index + 1));
  const headerLabels = Array.from(
    { length: width },
    (_, i) => header.columns.find((c) => c.index === i)?.display ?? '',
  );
  log.setHeaders(headerLabels);
  return {
    sheet,
    header,
    columns: m.columns,
    byField: columnsByField(m.columns),
    suggested: m.suggested,
    unmapped: m.unmapped,
    headerLabels,
    async *dataRows() {
      for await (const batch of sheet.rows()) {
        const rows = batch.filter((r) => r.row > header.bottom && !r.cells.every(isBlank));
        if (rows.length) yield rows;
      }
    },
  };
}
