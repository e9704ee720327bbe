/**
 * Progress of imports running in this process, for the web app to poll while its upload request
 * is being answered. The client names its import with a random token (a form field); only the
 * same user can read it, and entries are forgotten a few minutes after the import ends.
 */
import type { Progress } from './import.persons.js';

export type ImportProgress = Progress | { phase: 'receiving' | 'done' | 'failed'; rows: number; total: number | null };

type Entry = { userId: string | null; progress: ImportProgress; updatedAt: number };

const KEEP_MS = 5 * 60_000;
const entries = new Map<string, Entry>();

export const progressTracker = {
  update(token: string, userId: string | null, progress: ImportProgress): void {
    entries.set(token, { userId, progress, updatedAt: Date.now() });
    if (entries.size > 1000) progressTracker.sweep();
  },
  get(token: string, userId: string | null): ImportProgress | undefined {
    const e = entries.get(token);
    return e && e.userId === userId ? e.progress : undefined;
  },
  sweep(): void {
    const cutoff = Date.now() - KEEP_MS;
    for (const [k, e] of entries) if (e.updatedAt < cutoff) entries.delete(k);
  },
};
