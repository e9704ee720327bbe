import type { FieldProblem } from '../api/types.js';

/**
 * The server names a field in a 400 answer by its path in the request body, e.g.
 * `payload.child.sex`, `eventDate` or `child.sex`. Forms use paths inside their own values;
 * this maps one onto the other so the message lands under the right input.
 */
export function problemPath(field: string, known: string[][]): string[] | undefined {
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p.length > 0);
  const candidates = [parts, parts[0] === 'payload' ? parts.slice(1) : undefined, ['payload', ...parts]];
  for (const candidate of candidates) {
    if (!candidate || candidate.length === 0) continue;
    const hit = known.find((k) => k.join('.') === candidate.join('.'));
    if (hit) return hit;
  }
  // Fall back to the deepest known field the problem path ends with (e.g. `motherId`).
  const last = parts[parts.length - 1];
  return known.find((k) => k[k.length - 1] === last);
}

export type FormFieldError = { name: string[]; errors: string[] };

/** Groups problems per form field; problems that match no field are returned apart. */
export function problemsToFieldErrors(
  problems: FieldProblem[],
  known: string[][],
): { fields: FormFieldError[]; unmatched: FieldProblem[] } {
  const byField = new Map<string, FormFieldError>();
  const unmatched: FieldProblem[] = [];
  for (const problem of problems) {
    const path = problemPath(problem.field, known);
    if (!path) {
      unmatched.push(problem);
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { name: path, errors: [] };
    entry.errors.push(problem.message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], unmatched };
}
