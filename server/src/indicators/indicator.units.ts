/**
 * Boundaries. Records carry the unit they belonged to at the time (an event's village, a state's
 * hukou or residence unit). On past boundaries a record counts for the units above it then; on
 * present boundaries it first follows the lineage of merges and renames to today's unit (as
 * org.service presentUnitOf does, for all units at once). Split-off villages keep no share of
 * their parent's past: the lineage does not say which records went where.
 */
import { InvalidInputError } from '../lib/errors.js';
import type { UnitRow } from './indicator.repository.js';

export type Boundaries = 'present' | 'past';
export type Breakdown = 'none' | 'children' | 'all';

export type UnitModel = {
  units: Map<string, UnitRow>;
  /** Today's unit for a unit of any date (itself when it still exists or was split). */
  presentOf(id: string): string;
};

export function buildUnitModel(
  rows: UnitRow[],
  lineage: Array<{ fromUnitId: string; toUnitId: string; changeType: string }>,
): UnitModel {
  const units = new Map(rows.map((r) => [r.id, r]));
  // The latest merge or rename of each unit (lineage arrives ordered by date).
  const next = new Map<string, string>();
  for (const l of lineage)
    if (l.changeType === 'merge' || l.changeType === 'rename') next.set(l.fromUnitId, l.toUnitId);
  const memo = new Map<string, string>();
  const presentOf = (id: string): string => {
    const known = memo.get(id);
    if (known) return known;
    let current = id;
    for (let i = 0; i < 20 && next.has(current); i++) current = next.get(current)!;
    memo.set(id, current);
    return current;
  };
  return { units, presentOf };
}

/** The span a request covers: its periods' first and last days. */
export type Span = { start: string; end: string };

const existedDuring = (u: UnitRow, periods: Span[]) =>
  periods.some((p) => u.validFrom <= p.end && (u.validTo === null || u.validTo > p.start));

/**
 * The units a request reports on: the unit itself and, by breakdown, its children or all units
 * below it down to villages. On present boundaries only units that exist today; on past
 * boundaries the units that existed in the period.
 * @throws InvalidInputError for a unit that no longer exists asked on present boundaries
 */
export function targetUnits(
  model: UnitModel,
  unit: UnitRow,
  breakdown: Breakdown,
  boundaries: Boundaries,
  periods: Span[],
): UnitRow[] {
  if (boundaries === 'present' && unit.validTo !== null) {
    const now = model.units.get(model.presentOf(unit.id));
    throw InvalidInputError.field(
      'unitId',
      `${unit.name} 已于 ${unit.validTo} 撤销${now && now.id !== unit.id ? `（并入 ${now.name}）` : ''}，请按原区划（boundaries=past）查询`,
    );
  }
  if (breakdown === 'none') return [unit];
  const keep = (u: UnitRow) => (boundaries === 'present' ? u.validTo === null : existedDuring(u, periods));
  const below = [...model.units.values()].filter(
    (u) =>
      u.id !== unit.id &&
      keep(u) &&
      (breakdown === 'children' ? u.parentId === unit.id : u.path.startsWith(unit.path) && u.level !== 'group'),
  );
  below.sort((a, b) => a.path.localeCompare(b.path));
  return [unit, ...below];
}

/**
 * For every unit records may carry, the target units it counts for (by path prefix, after the
 * lineage on present boundaries), and the list of those source units for the SQL filter (null
 * when it is every unit of the county, so the query needs no filter).
 */
export function rollupMap(model: UnitModel, targets: UnitRow[], boundaries: Boundaries) {
  const targetIds = new Set(targets.map((t) => t.id));
  const into = new Map<string, string[]>();
  for (const u of model.units.values()) {
    const at = boundaries === 'present' ? (model.units.get(model.presentOf(u.id)) ?? u) : u;
    const hits = at.path.split('/').filter((id) => id && targetIds.has(id));
    if (hits.length) into.set(u.id, hits);
  }
  const all = into.size === model.units.size;
  return { into, sourceUnits: all ? null : [...into.keys()] };
}
