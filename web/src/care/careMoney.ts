/**
 * Money in the care forms: typed in yuan with at most two decimals, sent in integer fen. The
 * conversion reads the digits as text, so no floating-point rounding ever touches an amount
 * (0.1 + 0.2 yuan is 30 fen, 1.15 yuan is 115 fen, never 114).
 */

/** The most one grant may be, in fen (the server refuses more: 1,000,000 yuan). */
export const MAX_GRANT_FEN = 100_000_000;

/**
 * '123.45' (or 123.45, '1,234.5') → 12345 fen; undefined for anything else: empty, negative,
 * zero, more than two decimals, exponent forms, or more than the largest grant.
 */
export function yuanToFen(yuan: string | number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined) return undefined;
  const text = (typeof yuan === 'number' ? String(yuan) : yuan).trim().replaceAll(',', '').replaceAll('，', '');
  const m = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 && fen <= MAX_GRANT_FEN ? fen : undefined;
}

/** 1234567 fen → '12,345.67'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
