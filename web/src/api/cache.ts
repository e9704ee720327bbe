/**
 * A few answers change rarely during a session (code tables, the caller's org tree): they are
 * fetched once and shared. The cache is cleared whenever the user changes.
 */
const entries = new Map<string, Promise<unknown>>();

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let entry = entries.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    entries.set(key, entry);
    entry.catch(() => entries.delete(key));
  }
  return entry;
}

export function clearCache(): void {
  entries.clear();
}
