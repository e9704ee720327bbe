import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Chinese font the PDF embeds: Noto Sans Hans (Noto Sans CJK SC, Adobe and Google, SIL Open
 * Font License 1.1), Regular and Bold, from the npm package @embedpdf/fonts-sc (OpenType/CFF,
 * about 30,800 characters: GB 2312, GBK and more). The reader's machine needs no font: the PDF
 * embeds a subset holding only the glyphs the report uses (pdfkit subsets it). The files are read
 * once per process and kept (2 × 8 MB).
 */
export type ReportFonts = { regular: Buffer; bold: Buffer };

const FILES = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;

let cached: ReportFonts | undefined;

/** The folder of the package's fonts (its exports name only its script, so go from there). */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(entry), '..', 'fonts');
}

/** @throws Error naming the missing file (the package is not installed) */
export function reportFonts(): ReportFonts {
  if (cached) return cached;
  const dir = fontDirectory();
  const read = (file: string) => {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) throw new Error(`找不到 PDF 所需的中文字体 ${p}（请执行 npm ci 安装 @embedpdf/fonts-sc）`);
    return fs.readFileSync(p);
  };
  cached = { regular: read(FILES.regular), bold: read(FILES.bold) };
  return cached;
}
