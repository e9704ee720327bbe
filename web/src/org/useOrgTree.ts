import { api } from '../api/api.js';
import { cached } from '../api/cache.js';
import type { Unit } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';

/** The caller's unit and every unit below it (the server never sends more). */
export function useOrgTree() {
  return useQuery(() => cached('org-tree', async () => (await api.orgTree()).root), []);
}

export function findUnit(root: Unit | undefined, id: string): Unit | undefined {
  if (!root) return undefined;
  if (root.id === id) return root;
  for (const child of root.children ?? []) {
    const hit = findUnit(child, id);
    if (hit) return hit;
  }
  return undefined;
}
