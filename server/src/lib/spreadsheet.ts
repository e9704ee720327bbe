/**
 * Reading the spreadsheets government offices exchange: XLSX, and CSV in UTF-8, GBK/GB18030 or
 * UTF-16 (Excel's "Unicode text"). Rows stream out in batches with the row number a person sees
 * in Excel, so that every message can name file, row and column. Nothing here knows what the
 * columns mean: imports and department feeds decide that.
 *
 * Limits are checked before anything is unpacked: the file size, and for XLSX (a ZIP archive) the
 * sizes its central directory declares, their compression ratios and the number of entries.
 * The declared sizes are then verified while inflating, so an archive that lies about them is
 * stopped at the first byte over.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { CellValue } from './messy.js';

export type { CellValue } from './messy.js';

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
/** What a caller may ask for: GBK files are read as GB18030, its superset. */
export type EncodingChoice = Encoding | 'gbk' | 'auto';
export type SheetFormat = 'xlsx' | 'csv';

/** One row as Excel shows it: `row` is 1-based, counting every line above, titles included. */
export type SheetRow = { row: number; cells: CellValue[] };
/** A merged range, 1-based and inclusive. */
export type MergeRange = { top: number; left: number; bottom: number; right: number };

export type SheetLimits = {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest total uncompressed size of an XLSX archive. */
  maxUncompressedBytes: number;
  /** Largest ratio uncompressed/compressed, for the archive and for any entry over 1 MB. */
  maxCompressionRatio: number;
  maxEntries: number;
};

export const DEFAULT_LIMITS: SheetLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxEntries: 10_000,
};

/** A file-level problem (not a row's): unreadable, too large, a bomb, a wrong encoding. */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
  ) {
    super(message);
  }
}

export type Spreadsheet = {
  fileName: string;
  format: SheetFormat;
  encoding: Encoding | null;
  delimiter: string | null;
  sheetName: string | null;
  sheetNames: string[];
  merges: MergeRange[];
  /** Streams the rows (again on every call), in batches. */
  rows(opts?: { batchSize?: number }): AsyncGenerator<SheetRow[]>;
};

/** A column's letter as Excel shows it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Opens a spreadsheet file: recognises the format by its first bytes, checks the limits, and for
 * CSV detects the encoding (byte-order mark, else UTF-8 if the start is valid UTF-8, else
 * GB18030) and the delimiter (comma, tab or semicolon).
 * @throws SpreadsheetError
 */
export async function openSpreadsheet(
  filePath: string,
  opts: { fileName: string; encoding?: EncodingChoice; sheet?: string; limits?: Partial<SheetLimits> },
): Promise<Spreadsheet> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const size = (await fs.promises.stat(filePath)).size;
  if (size > limits.maxBytes) {
    throw new SpreadsheetError(`文件大小 ${mb(size)} 超过上限 ${mb(limits.maxBytes)}`);
  }
  if (size === 0) throw new SpreadsheetError('文件是空的');
  const head = await readHead(filePath, 1 << 20);
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new SpreadsheetError('这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 CSV 后再上传');
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return openXlsx(filePath, opts.fileName, opts.sheet, limits);
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-')
    throw new SpreadsheetError('这是 PDF 文件，请上传 Excel（.xlsx）或 CSV 文件');
  return openCsv(filePath, opts.fileName, head, opts.encoding ?? 'auto');
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

async function readHead(filePath: string, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

// ------------------------------------------------------------------------------------------ CSV

/** Byte-order mark first, then: valid UTF-8 at the start means UTF-8, anything else GB18030. */
export function detectEncoding(head: Buffer): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

type Decoder = { write(buf: Buffer): string; end(): string };

function decoderFor(encoding: Encoding): Decoder {
  if (encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  if (encoding === 'utf-16be') {
    const d = iconv.getDecoder('utf-16be');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  const td = new TextDecoder(encoding, { fatal: true });
  return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
}

const ENCODING_NAMES: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

function openCsv(filePath: string, fileName: string, head: Buffer, choice: EncodingChoice): Spreadsheet {
  const detected = detectEncoding(head);
  const encoding: Encoding = choice === 'auto' ? detected.encoding : choice === 'gbk' ? 'gb18030' : choice;
  // Skip a BOM only when it belongs to the encoding used.
  const bom = encoding === detected.encoding ? detected.bom : 0;
  let sample: string;
  try {
    sample = decoderFor(encoding).write(head.subarray(bom, Math.min(head.length, 64 * 1024)));
  } catch {
    throw new SpreadsheetError(`文件不是有效的 ${ENCODING_NAMES[encoding]} 文本，请选择正确的编码（如 GBK）`);
  }
  const delimiter = detectDelimiter(sample);
  return {
    fileName,
    format: 'csv',
    encoding,
    delimiter,
    sheetName: null,
    sheetNames: [],
    merges: [],
    rows: (o) => csvRows(filePath, encoding, bom, delimiter, o?.batchSize ?? 1000),
  };
}

function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 10);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const count = lines.reduce((n, l) => n + l.split(d).length - 1, 0);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

async function* csvRows(
  filePath: string,
  encoding: Encoding,
  bom: number,
  delimiter: string,
  batchSize: number,
): AsyncGenerator<SheetRow[]> {
  const stream = fs.createReadStream(filePath, { start: bom, highWaterMark: 1 << 20 });
  const decoder = decoderFor(encoding);
  const parser = new CsvParser(delimiter);
  let batch: SheetRow[] = [];
  const replacement = encoding !== 'utf-8' && encoding !== 'utf-16le';
  const check = (rows: SheetRow[]) => {
    if (!replacement) return;
    for (const r of rows) {
      for (const c of r.cells) {
        if (typeof c === 'string' && c.includes('\uFFFD')) {
          throw new SpreadsheetError(
            `第 ${r.row} 行含有无法按 ${ENCODING_NAMES[encoding]} 解码的字节，请确认文件编码`,
            r.row,
          );
        }
      }
    }
  };
  try {
    for await (const chunk of stream) {
      let text: string;
      try {
        text = decoder.write(chunk as Buffer);
      } catch {
        throw new SpreadsheetError(
          `第 ${parser.rowsDone + 1} 行附近不是有效的 ${ENCODING_NAMES[encoding]} 文本，请选择正确的编码（如 GBK）`,
          parser.rowsDone + 1,
        );
      }
      const rows = parser.push(text);
      check(rows);
      for (const r of rows) {
        batch.push(r);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    let tail: string;
    try {
      tail = decoder.end();
    } catch {
      throw new SpreadsheetError(`文件末尾不是有效的 ${ENCODING_NAMES[encoding]} 文本`, parser.rowsDone + 1);
    }
    const rows = [...parser.push(tail), ...parser.end()];
    check(rows);
    batch.push(...rows);
    if (batch.length) yield batch;
  } finally {
    stream.destroy();
  }
}

/**
 * RFC 4180 CSV, forgiving the way Excel is: quoted fields may hold delimiters, doubled quotes and
 * line breaks (one record is still one Excel row); a quote inside an unquoted field is text.
 * Lines without quotes take a fast path (split), which is most lines of most files.
 */
export class CsvParser {
  private buf = '';
  rowsDone = 0;
  constructor(private readonly delimiter = ',') {}

  push(text: string): SheetRow[] {
    const out: SheetRow[] = [];
    const buf = this.buf + text;
    let pos = 0;
    const n = buf.length;
    // The next quote, looked up again only once passed: searching from every line would
    // rescan the rest of the chunk per line.
    let quote = -2;
    while (pos < n) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      if (quote !== -1 && quote < pos) quote = buf.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        out.push({ row: ++this.rowsDone, cells: buf.slice(pos, end).split(this.delimiter) });
        pos = nl + 1;
        continue;
      }
      const rec = this.quoted(buf, pos, false);
      if (!rec) break;
      out.push({ row: ++this.rowsDone, cells: rec.cells });
      pos = rec.next;
    }
    this.buf = buf.slice(pos);
    return out;
  }

  end(): SheetRow[] {
    const buf = this.buf;
    this.buf = '';
    if (!buf) return [];
    const rec = this.quoted(buf, 0, true);
    if (!rec) throw new SpreadsheetError(`第 ${this.rowsDone + 1} 行的引号没有闭合`, this.rowsDone + 1);
    return [{ row: ++this.rowsDone, cells: rec.cells }];
  }

  /** One record starting at `pos`; undefined when it needs more text (unless `final`). */
  private quoted(buf: string, pos: number, final: boolean): { cells: string[]; next: number } | undefined {
    const cells: string[] = [];
    let cell = '';
    let i = pos;
    const n = buf.length;
    const d = this.delimiter;
    for (;;) {
      if (i < n && buf[i] === '"' && cell === '') {
        // Quoted field.
        i++;
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0) return undefined;
          cell += buf.slice(i, q);
          if (buf[q + 1] === '"') {
            cell += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return undefined;
          i = q + 1;
          break;
        }
        // Text after the closing quote up to the delimiter is kept, as Excel does.
      }
      while (i < n) {
        const c = buf[i]!;
        if (c === d || c === '\n' || c === '\r') break;
        cell += c;
        i++;
      }
      if (i >= n) {
        if (!final) return undefined;
        cells.push(cell);
        return { cells, next: n };
      }
      const c = buf[i]!;
      cells.push(cell);
      cell = '';
      if (c === d) {
        i++;
        continue;
      }
      if (c === '\r') {
        if (i + 1 >= n && !final) return undefined;
        i += buf[i + 1] === '\n' ? 2 : 1;
      } else i++;
      return { cells, next: i };
    }
  }
}

// ----------------------------------------------------------------------------------------- XLSX

type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localOffset: number };

/**
 * The archive's central directory, checked against the limits before anything is inflated.
 * @throws SpreadsheetError
 */
export function inspectZip(zip: Buffer, limits: SheetLimits = DEFAULT_LIMITS): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, zip.length - 22));
  if (eocd < 0 || eocd < zip.length - 22 - 65535)
    throw new SpreadsheetError('文件不是有效的 Excel（.xlsx）文件：压缩结构损坏');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new SpreadsheetError('文件过大（ZIP64 格式），不予处理');
  if (count > limits.maxEntries) throw new SpreadsheetError(`压缩包内文件数 ${count} 过多，疑似压缩炸弹，拒绝处理`);
  if (cdOffset + cdSize > zip.length) throw new SpreadsheetError('文件不是有效的 Excel（.xlsx）文件：压缩结构损坏');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new SpreadsheetError('文件不是有效的 Excel（.xlsx）文件：目录损坏');
    const e: ZipEntry = {
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      name: zip.toString('utf8', p + 46, p + 46 + zip.readUInt16LE(p + 28)),
      localOffset: zip.readUInt32LE(p + 42),
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff)
      throw new SpreadsheetError('文件过大（ZIP64 格式），不予处理');
    if (e.method !== 0 && e.method !== 8) throw new SpreadsheetError(`压缩包内 ${e.name} 使用了不支持的压缩方式`);
    total += e.size;
    if (total > limits.maxUncompressedBytes) {
      throw new SpreadsheetError(`解压后大小超过上限 ${mb(limits.maxUncompressedBytes)}，疑似压缩炸弹，拒绝处理`);
    }
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > limits.maxCompressionRatio) {
      throw new SpreadsheetError(
        `压缩包内 ${e.name} 的压缩比 ${Math.round(e.size / Math.max(1, e.compressedSize))}:1 异常，疑似压缩炸弹，拒绝处理`,
      );
    }
    entries.push(e);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  if (total > 1024 * 1024 && total / zip.length > limits.maxCompressionRatio) {
    throw new SpreadsheetError(`文件压缩比 ${Math.round(total / zip.length)}:1 异常，疑似压缩炸弹，拒绝处理`);
  }
  return entries;
}

/**
 * Inflates one entry as a stream, stopping at the first byte beyond its declared size (an
 * archive that lies about its sizes gets no further). `onText` receives the content in latin1
 * pieces for the entries whose text we need.
 */
async function verifyEntry(zip: Buffer, e: ZipEntry, onText?: (s: string) => void): Promise<void> {
  if (zip.readUInt32LE(e.localOffset) !== 0x04034b50)
    throw new SpreadsheetError('文件不是有效的 Excel（.xlsx）文件：条目损坏');
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (data.length !== e.size) throw new SpreadsheetError(`压缩包内 ${e.name} 的大小与目录不符，拒绝处理`);
    onText?.(data.toString('latin1'));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let produced = 0;
    let settled = false;
    const stop = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        inflate.destroy();
        reject(err);
      } else resolve();
    };
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > e.size)
        return stop(new SpreadsheetError(`压缩包内 ${e.name} 解压后比声明的更大，疑似压缩炸弹，拒绝处理`));
      onText?.(chunk.toString('latin1'));
    });
    inflate.on('error', () => stop(new SpreadsheetError(`压缩包内 ${e.name} 已损坏，无法解压`)));
    inflate.on('end', () => {
      if (produced !== e.size) stop(new SpreadsheetError(`压缩包内 ${e.name} 解压后的大小与目录不符，拒绝处理`));
      else stop();
    });
    inflate.end(data);
  });
}

/** Collects `<mergeCell ref=…>` from XML arriving in pieces (a tag may straddle two pieces). */
function mergeCollector(): { push(s: string): void; ranges(): MergeRange[] } {
  const refs = new Set<string>();
  let carry = '';
  return {
    push(piece) {
      const text = carry + piece;
      if (text.includes('mergeCell')) {
        for (const m of text.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/g)) refs.add(m[1]!);
      }
      carry = text.slice(-200);
    },
    ranges() {
      return [...refs].map((ref) => {
        const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref)!;
        return { left: columnIndex(m[1]!) + 1, top: Number(m[2]), right: columnIndex(m[3]!) + 1, bottom: Number(m[4]) };
      });
    },
  };
}

type SheetRef = { name: string; sheetNo: string };

async function openXlsx(
  filePath: string,
  fileName: string,
  sheet: string | undefined,
  limits: SheetLimits,
): Promise<Spreadsheet> {
  const zip = await fs.promises.readFile(filePath);
  const entries = inspectZip(zip, limits);
  const texts = new Map<string, string>();
  const wanted = (name: string) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels';
  const mergesBySheet = new Map<string, MergeRange[]>();
  for (const e of entries) {
    const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name)?.[1];
    if (sheetNo) {
      // Merged ranges sit after the rows; the streaming reader below does not report them.
      const merges = mergeCollector();
      await verifyEntry(zip, e, (t) => merges.push(t));
      mergesBySheet.set(sheetNo, merges.ranges());
    } else if (wanted(e.name)) {
      let text = '';
      await verifyEntry(zip, e, (t) => (text += t));
      texts.set(e.name, text);
    } else {
      await verifyEntry(zip, e);
    }
  }
  const sheets = sheetList(texts.get('xl/workbook.xml'), texts.get('xl/_rels/workbook.xml.rels'));
  if (sheets.length === 0) throw new SpreadsheetError('文件中没有工作表');
  const chosen = sheet ? sheets.find((s) => s.name === sheet) : sheets[0];
  if (!chosen)
    throw new SpreadsheetError(`文件中没有名为“${sheet}”的工作表（有：${sheets.map((s) => s.name).join('、')}）`);
  return {
    fileName,
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheetName: chosen.name,
    sheetNames: sheets.map((s) => s.name),
    merges: mergesBySheet.get(chosen.sheetNo) ?? [],
    rows: (o) => xlsxRows(filePath, chosen.sheetNo, o?.batchSize ?? 1000),
  };
}

function sheetList(workbookXml: string | undefined, relsXml: string | undefined): SheetRef[] {
  if (!workbookXml) return [{ name: 'Sheet1', sheetNo: '1' }];
  const targets = new Map<string, string>();
  for (const m of (relsXml ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target);
  }
  const out: SheetRef[] = [];
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const sheetNo = /sheet(\d+)\.xml$/.exec(targets.get(rid ?? '') ?? '')?.[1];
    // Names were read as latin1 bytes: decode them as the UTF-8 they are.
    if (name !== undefined && sheetNo)
      out.push({ name: xmlDecode(Buffer.from(name, 'latin1').toString('utf8')), sheetNo });
  }
  return out;
}

function xmlDecode(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!,
  );
}

async function* xlsxRows(filePath: string, sheetNo: string, batchSize: number): AsyncGenerator<SheetRow[]> {
  const input = fs.createReadStream(filePath);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  try {
    for await (const ws of reader) {
      const isChosen = String((ws as unknown as { id: string | number }).id) === sheetNo;
      let batch: SheetRow[] = [];
      for await (const row of ws) {
        if (!isChosen) continue;
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
        batch.push({ row: row.number, cells });
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (isChosen) {
        if (batch.length) yield batch;
        return;
      }
    }
  } finally {
    input.destroy();
  }
}

/** ExcelJS cell values (rich text, formulas, hyperlinks, errors) as what the cell shows. */
function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as {
      richText?: Array<{ text: string }>;
      result?: unknown;
      text?: unknown;
      error?: string;
      formula?: string;
    };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return toCell(o.result);
    if (o.formula !== undefined || 'sharedFormula' in o) return null;
    if (o.error) return o.error;
    if (o.text !== undefined) return toCell(o.text);
  }
  return String(v);
}

// --------------------------------------------------------------------------------------- header
