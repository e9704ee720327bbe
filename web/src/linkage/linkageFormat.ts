/** Number and text formats of the record-linkage pages. */
import type { TFunction } from 'i18next';
import type { FindingKind, RecordType } from './linkageApi.js';

/** A finding's tag colour: what needs the village's attention stands out. */
export const KIND_COLOR: Record<FindingKind, string> = {
  consistent: 'green',
  different: 'orange',
  missing: 'volcano',
  contradicted: 'red',
  unmatched: 'default',
  pending: 'blue',
};

const MINUS = '\u2212';

/** A rate as a percentage: 0.9234 → "92.3%"; a dash when there is nothing to divide. */
export function formatRate(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** A probability the way a reviewer reads it: 99.97%, never a rounded 100% unless it is 1. */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  if (p >= 1) return '100%';
  if (p > 0.999) return `${(p * 100).toFixed(2)}%`;
  if (p > 0 && p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/** Bits a field added, signed: "+9.9", "−6.6" (a true minus sign), "0". */
export function formatWeight(w: number | null | undefined): string {
  if (w === null || w === undefined || Number.isNaN(w)) return '—';
  const r = Math.round(w * 10) / 10;
  if (r === 0) return '0';
  return r > 0 ? `+${r.toFixed(1)}` : `${MINUS}${Math.abs(r).toFixed(1)}`;
}

/** Whether a weight speaks for (+), against (−) or neither. */
export function weightTone(w: number | null | undefined): 'for' | 'against' | 'neutral' {
  if (w === null || w === undefined || Math.abs(w) < 0.05) return 'neutral';
  return w > 0 ? 'for' : 'against';
}

/** An m or u probability: 0.95, 0.002, 1.0e-5. */
export function formatMU(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === 0) return '0';
  if (v >= 0.001) return Number(v.toPrecision(2)).toString();
  return v.toExponential(1);
}

/** A whole count of people, estimated: 1,234 (rounded). */
export function formatCount(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : Math.round(v).toLocaleString('en-US');
}

/**
 * The engine writes labels and verdicts in Chinese with an English gloss in the last brackets
 * ("出生日期相同 (same birth date)"): the Chinese part, or the gloss in English.
 */
export function bilingual(text: string | null | undefined, english: boolean): string {
  if (!text) return '';
  const m = /^(.*\S)\s+\(([^()]*)\)\s*$/s.exec(text);
  if (!m) return text;
  if (!english) return m[1]!;
  const gloss = m[2]!;
  return gloss.charAt(0).toUpperCase() + gloss.slice(1);
}

/** The report form that reports a finding's missing event, by the feed record's type. */
export function reportPathFor(recordType: RecordType): string {
  const types: Partial<Record<RecordType, string>> = {
    birth: 'birth',
    death: 'death',
    cremation: 'death',
    marriage: 'marriage',
    divorce: 'divorce',
    move_in: 'move_in',
    move_out: 'move_out',
    // A housing registration elsewhere: the village reports the new residence as a correction.
    residence: 'correction',
  };
  const type = types[recordType];
  return type ? `/reports/new/${type}` : '/reports/new';
}

/** Report numbers are UUIDs; people paste them with spaces or from a link. */
export function reportIdFrom(input: string): string | undefined {
  const m = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(input.trim());
  return m ? m[0].toLowerCase() : undefined;
}

/**
 * What a finding says, in the reader's language. The server words its summaries in Chinese with
 * the names in them; an English reader gets the gist from the kind, the record and its date, and
 * the Chinese summary beside it for the names (`detail`).
 */
export function findingText(
  t: TFunction,
  language: string,
  f: { kind: FindingKind; recordType: string; eventDate: string; summary: string },
): { text: string; detail: string | null } {
  if (!language.startsWith('en')) return { text: f.summary, detail: null };
  // A record type the web app does not know yet (a newer server) shows as its code.
  const record = t(`linkage.recordType.${f.recordType as RecordType}`, { defaultValue: f.recordType });
  return { text: t(`linkage.gist.${f.kind}`, { record, date: f.eventDate }), detail: f.summary };
}
