import { request } from '../api/api.js';
import type { UnitLevel } from '../api/types.js';

/** The org API as the org page uses it (server/src/org/org.routes.ts). */

export type OrgUnit = {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  validFrom: string;
  /** The first day the unit no longer exists; null while current. */
  validTo: string | null;
};

export type LineageRow = {
  fromUnitId: string;
  toUnitId: string;
  changeType: 'merge' | 'split' | 'rename' | 'move';
  effectiveDate: string;
  note: string | null;
};

export type OrgStructure = { units: OrgUnit[]; lineage: LineageRow[] };

export type MergeInput = {
  fromIds: string[];
  intoId: string;
  newName?: string;
  effectiveDate: string;
  note?: string;
};
export type SplitPart = { id: string; name: string; groupIds?: string[]; householdIds?: string[] };
export type SplitInput = { unitId: string; effectiveDate: string; parts: SplitPart[] };
export type UnitRef = { id: string; name: string };

const at = (id: string) => encodeURIComponent(id);

export const orgApi = {
  structure: () => request<OrgStructure>('GET', '/api/org/structure'),
  merge: (input: MergeInput) =>
    request<{ intoId: string; created: boolean; movedPersons: number; movedHouseholds: number }>(
      'POST',
      '/api/org/merge',
      input,
    ),
  split: (input: SplitInput) => request<{ created: string[]; movedPersons: number }>('POST', '/api/org/split', input),
  addGroups: (villageId: string, input: { names: string[]; validFrom?: string }) =>
    request<{ village: UnitRef; groups: UnitRef[] }>('POST', `/api/org/villages/${at(villageId)}/groups`, input),
  renameGroup: (groupId: string, name: string) => request<UnitRef>('PATCH', `/api/org/groups/${at(groupId)}`, { name }),
  endGroup: (groupId: string, effectiveDate: string) =>
    request<UnitRef & { validTo: string }>('POST', `/api/org/groups/${at(groupId)}/end`, { effectiveDate }),
};

/** The date units loaded from the national data carry: they have no founding date of their own. */
export const LOADED_DATE = '1900-01-01';

export type LineageEvent =
  | { kind: 'mergedFrom'; date: string; units: UnitRef[] }
  | { kind: 'mergedInto'; date: string; unit: UnitRef }
  | { kind: 'splitFrom'; date: string; unit: UnitRef }
  | { kind: 'splitInto'; date: string; units: UnitRef[] };

export type OrgNode = OrgUnit & { lineage: LineageEvent[]; children?: OrgNode[] };

/**
 * A unit's history in words the page can print: what merged into it (grouped by date), what it
 * merged into, what it split off from and what split off it.
 */
export function lineageOf(unitId: string, structure: OrgStructure): LineageEvent[] {
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  const ref = (id: string): UnitRef => ({ id, name: byId.get(id)?.name ?? id });
  const events: LineageEvent[] = [];
  const gather = (kind: 'mergedFrom' | 'splitInto', date: string, unit: UnitRef) => {
    const same = events.find((e) => e.kind === kind && e.date === date);
    if (same && 'units' in same) same.units.push(unit);
    else events.push({ kind, date, units: [unit] });
  };
  for (const row of structure.lineage) {
    if (row.changeType === 'merge' && row.toUnitId === unitId)
      gather('mergedFrom', row.effectiveDate, ref(row.fromUnitId));
    if (row.changeType === 'merge' && row.fromUnitId === unitId)
      events.push({ kind: 'mergedInto', date: row.effectiveDate, unit: ref(row.toUnitId) });
    if (row.changeType === 'split' && row.toUnitId === unitId)
      events.push({ kind: 'splitFrom', date: row.effectiveDate, unit: ref(row.fromUnitId) });
    if (row.changeType === 'split' && row.fromUnitId === unitId)
      gather('splitInto', row.effectiveDate, ref(row.toUnitId));
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The tree the page shows, ordered by code; ended units only when asked for. A filter keeps the
 * units whose name or code contains it, with the units above them (so the match stays in place).
 */
export function buildOrgTree(
  structure: OrgStructure,
  options: { showEnded?: boolean; filter?: string } = {},
): OrgNode[] {
  const units = structure.units
    .filter((u) => options.showEnded || !u.validTo)
    .slice()
    .sort((a, b) => a.id.localeCompare(b.id));
  const nodes = new Map<string, OrgNode>(units.map((u) => [u.id, { ...u, lineage: lineageOf(u.id, structure) }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const needle = options.filter?.trim();
  if (!needle) return roots;
  const keep = (node: OrgNode): OrgNode | undefined => {
    const children = (node.children ?? []).map(keep).filter((n): n is OrgNode => n !== undefined);
    const hit = node.name.includes(needle) || node.id.includes(needle);
    if (!hit && children.length === 0) return undefined;
    return { ...node, children: children.length ? children : undefined };
  };
  return roots.map(keep).filter((n): n is OrgNode => n !== undefined);
}

/** The ids of every unit in a tree that has children: all rows open while filtering. */
export function openRowKeys(nodes: OrgNode[]): string[] {
  return nodes.flatMap((n) => (n.children?.length ? [n.id, ...openRowKeys(n.children)] : []));
}

/** Current villages, each with its township's name, for the merge form's choices. */
export function currentVillages(structure: OrgStructure): Array<OrgUnit & { townshipName: string }> {
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  return structure.units
    .filter((u) => u.level === 'village' && !u.validTo)
    .map((u) => ({ ...u, townshipName: byId.get(u.parentId ?? '')?.name ?? '' }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A village's current groups, for the split form. */
export function currentGroups(structure: OrgStructure, villageId: string): OrgUnit[] {
  return structure.units
    .filter((u) => u.parentId === villageId && u.level === 'group' && !u.validTo)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The form field a server problem belongs to: `parts.1.groupIds` → ['parts', 1, 'groupIds']
 * (Form.List names use numbers), `fromIds.0` → ['fromIds'] (one select holds the whole list),
 * `names.2` → ['names']. `rename` maps a server field to the form's own name.
 */
export function formFieldOf(
  field: string,
  known: string[],
  rename: Record<string, string> = {},
): Array<string | number> | undefined {
  const parts: Array<string | number> = field
    .split('.')
    .filter((p) => p.length > 0)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (typeof parts[0] === 'string' && rename[parts[0]]) parts[0] = rename[parts[0]]!;
  while (parts.length > 0) {
    const named = parts.filter((p) => typeof p === 'string').join('.');
    if (known.includes(named) && typeof parts[parts.length - 1] === 'string') return parts;
    parts.pop();
  }
  return undefined;
}
