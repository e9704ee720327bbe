/**
 * ID numbers (GB 11643) in the browser. The algorithm is the server's own module
 * (`server/src/lib/idNumber.ts`, plain TypeScript without Node imports), bundled as it is, so the
 * form and the server can never disagree about a number. What lives here is only what the
 * browser needs on top of it: a reason a form can put into the user's language, and what a
 * search box sends.
 */
import { checkDigit, normalizeIdNumber, parseIdNumber } from '../../../server/src/lib/idNumber.js';

export { makeIdNumber, maskIdNumber, normalizeIdNumber, parseIdNumber } from '../../../server/src/lib/idNumber.js';
export type { IdNumberInfo } from '../../../server/src/lib/idNumber.js';

/** Why a number was rejected; the form turns the reason into a message from the catalog. */
export type IdNumberProblem = 'format' | 'birthDate' | 'checkDigit';

/**
 * The server's parser explains a rejection in Chinese; this names the reason instead, in the
 * parser's own order (format, then birth date, then check digit).
 */
export function idNumberProblem(raw: string): IdNumberProblem | undefined {
  if (parseIdNumber(raw).ok) return undefined;
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  // With the right check digit the only thing left to fail is the birth date.
  const first17 = id.slice(0, 17);
  return parseIdNumber(first17 + checkDigit(first17)).ok ? 'checkDigit' : 'birthDate';
}

/**
 * What a person search box sends: digits (full-width too) and x are (part of) an ID number and
 * go normalised, so 43062319900101001x finds 43062319900101001X; anything else is a name or
 * pinyin initials and goes as typed, trimmed.
 */
export function personSearchText(raw: string): string {
  const text = raw.trim();
  return /^[\d０-９xXｘＸ]+$/.test(text) ? normalizeIdNumber(text) : text;
}
