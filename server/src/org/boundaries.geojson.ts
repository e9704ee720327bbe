/**
 * Checking an uploaded GeoJSON FeatureCollection of township and village boundaries and matching
 * its features to units. Pure functions: the service reads the units and writes the result.
 * Every problem names the feature (its index, counted from 1 as users count, with the JSON path)
 * and the property, in Chinese; the service stores nothing when there is any.
 */
import type { FieldProblem } from '../lib/errors.js';

export type Geometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type MatchUnit = { id: string; name: string; level: string };

export type MatchedFeature = { index: number; unit: MatchUnit; geometry: Geometry; property: string };

/** Most positions one upload may hold: a township map of a county needs tens of thousands. */
export const MAX_POSITIONS = 400_000;
export const MAX_FEATURES = 2_000;

const CODE = /^(\d{9}|\d{12})$/;

const where = (index: number) => `第 ${index + 1} 个要素（features[${index}]）`;

const problem = (index: number, field: string, message: string): FieldProblem => ({
  field: `features[${index}]${field ? `.${field}` : ''}`,
  row: index + 1,
  message: `${where(index)}：${message}`,
});

function isPosition(p: unknown): p is number[] {
  return (
    Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/** Checks one polygon's rings; returns the number of positions, or a message. */
function checkPolygon(rings: unknown, label: string): number | string {
  if (!Array.isArray(rings) || rings.length === 0) return `${label}应为线环数组`;
  let n = 0;
  for (const [r, ring] of rings.entries()) {
    if (!Array.isArray(ring) || ring.length < 4) return `${label}第 ${r + 1} 个线环至少要有 4 个坐标点（首尾相同）`;
    for (const p of ring) {
      if (!isPosition(p)) return `${label}第 ${r + 1} 个线环含有不是 [经度, 纬度] 数字对的坐标`;
      const [lon, lat] = p as [number, number];
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        return `${label}坐标 [${lon}, ${lat}] 超出经纬度范围：应为 WGS84 经纬度（不是投影坐标）`;
      }
    }
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) return `${label}第 ${r + 1} 个线环未闭合（首尾坐标应相同）`;
    n += ring.length;
  }
  return n;
}

/** The geometry if it is a valid Polygon or MultiPolygon, with its position count; otherwise a message. */
export function checkGeometry(
  geometry: unknown,
): { geometry: Geometry; positions: number } | { message: string; field: string } {
  if (!geometry || typeof geometry !== 'object') return { field: 'geometry', message: '缺少 geometry（几何图形）' };
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon') {
    const n = checkPolygon(g.coordinates, '多边形');
    return typeof n === 'string'
      ? { field: 'geometry.coordinates', message: n }
      : { geometry: g as Geometry, positions: n };
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
      return { field: 'geometry.coordinates', message: '多多边形应为多边形数组' };
    let total = 0;
    for (const [i, polygon] of g.coordinates.entries()) {
      const n = checkPolygon(polygon, `第 ${i + 1} 个多边形`);
      if (typeof n === 'string') return { field: 'geometry.coordinates', message: n };
      total += n;
    }
    return { geometry: g as Geometry, positions: total };
  }
  return {
    field: 'geometry.type',
    message: `几何类型应为 Polygon 或 MultiPolygon，不是 ${JSON.stringify(g.type ?? null)}`,
  };
}

/**
 * The unit a feature stands for. With `property` named, only that property is read; otherwise
 * the first property (or the feature's id) holding a 9- or 12-digit division code of a unit in
 * the area, else one holding the exact name of exactly one township or village there.
 */
export function matchFeature(
  feature: { id?: unknown; properties?: unknown },
  units: { byId: Map<string, MatchUnit>; byName: Map<string, MatchUnit[]> },
  property?: string,
): { unit: MatchUnit; property: string } | { message: string; field: string } {
  const props =
    feature.properties && typeof feature.properties === 'object' ? (feature.properties as Record<string, unknown>) : {};
  const candidates: Array<[string, unknown]> = property
    ? [[property, property === 'id' && !(property in props) ? feature.id : props[property]]]
    : [...Object.entries(props), ['id', feature.id]];
  if (property && (candidates[0]![1] === undefined || candidates[0]![1] === null || candidates[0]![1] === '')) {
    return { field: `properties.${property}`, message: `缺少属性 ${property}` };
  }
  for (const [key, raw] of candidates) {
    const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
    if (value && CODE.test(value)) {
      const unit = units.byId.get(value);
      if (unit) return { unit, property: key };
      if (property)
        return { field: `properties.${key}`, message: `属性 ${key} 的值 ${value} 不是本辖区现有的乡镇或村的区划代码` };
    }
  }
  for (const [key, raw] of candidates) {
    if (typeof raw !== 'string') continue;
    const named = units.byName.get(raw.trim());
    if (named?.length === 1) return { unit: named[0]!, property: key };
    if (named && named.length > 1) {
      return {
        field: `properties.${key}`,
        message: `属性 ${key} 的名称“${raw.trim()}”对应多个单位（${named.map((u) => u.id).join('、')}），请用 9 位或 12 位区划代码`,
      };
    }
  }
  if (property) {
    return {
      field: `properties.${property}`,
      message: `属性 ${property} 的值 ${JSON.stringify(candidates[0]![1])} 既不是本辖区乡镇或村的区划代码，也不是其名称`,
    };
  }
  // A code of no unit here is the likeliest mistake (a typo, another county's file): name it.
  const stray = candidates.find(
    ([, raw]) => (typeof raw === 'string' || typeof raw === 'number') && CODE.test(String(raw).trim()),
  );
  if (stray)
    return {
      field: `properties.${stray[0]}`,
      message: `属性 ${stray[0]} 的值 ${String(stray[1]).trim()} 不是本辖区现有的乡镇或村的区划代码`,
    };
  return { field: 'properties', message: '没有属性含本辖区乡镇或村的 9 位或 12 位区划代码或准确名称' };
}

/**
 * Checks a whole collection against the units of the area. Either every feature is matched and
 * valid (`features`), or `problems` lists each bad feature (up to 50) and nothing is to be stored.
 */
export function checkCollection(
  body: { features: unknown[] },
  units: MatchUnit[],
  property?: string,
): { features: MatchedFeature[]; problems: FieldProblem[] } {
  const mappable = units.filter((u) => u.level === 'township' || u.level === 'village');
  const byId = new Map(mappable.map((u) => [u.id, u]));
  const byName = new Map<string, MatchUnit[]>();
  for (const u of mappable) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const problems: FieldProblem[] = [];
  const features: MatchedFeature[] = [];
  const seen = new Map<string, number>();
  let positions = 0;
  for (const [index, raw] of body.features.entries()) {
    if (problems.length >= 50) break;
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'Feature') {
      problems.push(problem(index, 'type', '不是 GeoJSON 要素（type 应为 "Feature"）'));
      continue;
    }
    const feature = raw as { id?: unknown; properties?: unknown; geometry?: unknown };
    const match = matchFeature(feature, { byId, byName }, property);
    if ('message' in match) {
      problems.push(problem(index, match.field, match.message));
      continue;
    }
    const earlier = seen.get(match.unit.id);
    if (earlier !== undefined) {
      problems.push(
        problem(
          index,
          `properties.${match.property}`,
          `${match.unit.name}（${match.unit.id}）与第 ${earlier + 1} 个要素重复`,
        ),
      );
      continue;
    }
    seen.set(match.unit.id, index);
    const geometry = checkGeometry(feature.geometry);
    if ('message' in geometry) {
      problems.push(problem(index, geometry.field, `${match.unit.name}：${geometry.message}`));
      continue;
    }
    positions += geometry.positions;
    features.push({ index, unit: match.unit, geometry: geometry.geometry, property: match.property });
  }
  if (positions > MAX_POSITIONS) {
    problems.push({
      field: 'features',
      message: `边界文件共有 ${positions} 个坐标点，超过上限 ${MAX_POSITIONS}；请先简化图形（如 mapshaper 简化到 10%）`,
    });
  }
  return { features, problems };
}
