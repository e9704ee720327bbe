import type { ImportField, ImportKind, ImportOptions, ImportPreview } from '../api/types.js';

/**
 * The multipart form of a preview or an import (docs/import.md): the fields first, the file
 * last, since the server reads them in order while the file streams in.
 */
export function importForm(input: {
  kind: ImportKind;
  options: ImportOptions;
  file: Blob;
  fileName: string;
  progressToken?: string;
}): FormData {
  const form = new FormData();
  form.append('kind', input.kind);
  const options = Object.fromEntries(Object.entries(input.options).filter(([, v]) => v !== undefined && v !== ''));
  if (Object.keys(options).length > 0) form.append('options', JSON.stringify(options));
  if (input.progressToken) form.append('progressToken', input.progressToken);
  form.append('file', input.file, input.fileName);
  return form;
}

/**
 * A token the client picks to poll the import's progress. `crypto.randomUUID` exists only in
 * secure contexts, and a county intranet often serves plain http: random bytes work everywhere.
 */
export function progressToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Header in the file → field (or '' to ignore it), as the preview suggested it. */
export function mappingOf(preview: Pick<ImportPreview, 'headers' | 'mapping'>): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const h of preview.headers) mapping[h.header] = preview.mapping[h.header] ?? h.field ?? '';
  return mapping;
}

/** Required fields no column feeds. */
export function missingFields(fields: ImportField[], mapping: Record<string, string>): ImportField[] {
  const fed = new Set(Object.values(mapping).filter(Boolean));
  return fields.filter((f) => f.required && !fed.has(f.key));
}

/** Fields two or more columns feed (the server refuses that), with those columns' headers. */
export function doublyMapped(mapping: Record<string, string>): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!field) continue;
    byField.set(field, [...(byField.get(field) ?? []), header]);
  }
  return new Map([...byField].filter(([, headers]) => headers.length > 1));
}

/**
 * The user's changes to the suggested mapping, or undefined when there are none: what is sent,
 * so that the batch records what the user decided, not what the server found by itself.
 */
export function mappingChanges(
  mapping: Record<string, string>,
  suggested: Record<string, string>,
): Record<string, string> | undefined {
  const changed = Object.entries(mapping).filter(([header, field]) => (suggested[header] ?? '') !== field);
  return changed.length > 0 ? Object.fromEntries(changed) : undefined;
}

export function sameMapping(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/**
 * A field's value in a previewed row. The sample names resolved units by the field plus `Id`
 * (`hukouUnit` → `hukouUnitId`), so both are looked for.
 */
export function sampleValue(values: Record<string, unknown>, key: string): unknown {
  return key in values ? values[key] : values[`${key}Id`];
}

/**
 * The problems of each previewed row: those the row had when it was read, and those the checks
 * against the registry and the rest of the file found (an ID number already registered, a second
 * head of household), which the preview lists apart.
 */
export function sampleProblems(preview: Pick<ImportPreview, 'sample' | 'problems'>): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  for (const r of preview.sample) byRow.set(r.row, [...r.problems]);
  for (const p of preview.problems) {
    const known = p.row === null ? undefined : byRow.get(p.row);
    if (!known) continue;
    const text = p.header ? `${p.header}${p.column ? `（${p.column}列）` : ''}：${p.reason}` : p.reason;
    if (!known.some((k) => k.includes(p.reason))) known.push(text);
  }
  return byRow;
}
