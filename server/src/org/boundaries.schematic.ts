/**
 * Schematic boundaries (示意, NOT surveyed) for the demo county, so that its dashboard has a map:
 * each township is the Voronoi cell of a hand-placed point roughly where the township lies in
 * 华容县, clipped to a rough outline of the county; each village is a cell of random points
 * inside its township. The shapes say where a unit is relative to the others, nothing more.
 *
 * The shipped file `data/430623.boundaries.schematic.geojson` is this module's output:
 *   npx tsx server/src/org/boundaries.schematic.ts > server/src/org/data/430623.boundaries.schematic.geojson
 * The demo seeding loads that file (loadShippedBoundaries).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { shippedCountyTree } from './divisions.js';
import type { DivisionTree } from './org.service.js';

type Pt = [number, number];

/** A small seeded generator (mulberry32): the same file every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rough outline of 华容县 (lon, lat), clockwise: convex, so every cell is convex. */
const OUTLINE: Pt[] = [
  [112.32, 29.55],
  [112.38, 29.66],
  [112.5, 29.72],
  [112.62, 29.71],
  [112.75, 29.67],
  [112.86, 29.6],
  [112.95, 29.48],
  [112.97, 29.33],
  [112.91, 29.24],
  [112.78, 29.25],
  [112.52, 29.3],
  [112.4, 29.35],
  [112.33, 29.45],
];

/** Where each township lies, roughly (a hand-placed point each). */
const TOWNSHIP_SEEDS: Record<string, Pt> = {
  '430623120': [112.56, 29.53], // 章华镇 (county seat)
  '430623101': [112.7, 29.45], // 三封寺镇
  '430623102': [112.78, 29.39], // 治河渡镇
  '430623103': [112.87, 29.48], // 北景港镇
  '430623104': [112.62, 29.36], // 鲇鱼须镇
  '430623106': [112.48, 29.38], // 万庾镇
  '430623110': [112.4, 29.45], // 插旗镇
  '430623111': [112.84, 29.3], // 注滋口镇
  '430623112': [112.47, 29.63], // 操军镇
  '430623114': [112.63, 29.64], // 东山镇
  '430623119': [112.37, 29.55], // 梅田湖镇
  '430623121': [112.77, 29.57], // 禹山镇
  '430623201': [112.58, 29.45], // 新河乡
  '430623207': [112.93, 29.37], // 团洲乡
};

/** Keeps the part of a polygon on a's side of the perpendicular bisector of a and b (Sutherland–Hodgman). */
function clipCloser(poly: Pt[], a: Pt, b: Pt): Pt[] {
  const n: Pt = [b[0] - a[0], b[1] - a[1]];
  const c = (n[0] * (a[0] + b[0])) / 2 + (n[1] * (a[1] + b[1])) / 2;
  const side = (p: Pt) => c - (n[0] * p[0] + n[1] * p[1]);
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

function voronoi(region: Pt[], seeds: Pt[]): Pt[][] {
  return seeds.map((s, i) =>
    seeds.reduce((cell, o, j) => (i === j || cell.length === 0 ? cell : clipCloser(cell, s, o)), region),
  );
}

function centroid(poly: Pt[]): Pt {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i]!;
    const [x1, y1] = poly[(i + 1) % poly.length]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  return a === 0 ? poly[0]! : [x / (3 * a), y / (3 * a)];
}

function inside(poly: Pt[], p: Pt): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

const ring = (poly: Pt[]): number[][] => {
  const r = poly.map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]);
  return [...r, r[0]!];
};

/** The schematic FeatureCollection of a county's townships and villages (deterministic). */
export function schematicBoundaries(tree: DivisionTree) {
  const random = seeded(2017);
  const townships = tree.townships.filter((t) => TOWNSHIP_SEEDS[t.code]);
  const cells = voronoi(
    OUTLINE,
    townships.map((t) => TOWNSHIP_SEEDS[t.code]!),
  );
  const features: unknown[] = [];
  townships.forEach((t, i) => {
    const cell = cells[i]!;
    features.push({
      type: 'Feature',
      properties: { code: t.code, name: t.name, level: 'township', 示意: true },
      geometry: { type: 'Polygon', coordinates: [ring(cell)] },
    });
    const xs = cell.map((p) => p[0]);
    const ys = cell.map((p) => p[1]);
    let seeds: Pt[] = t.villages.map(() => {
      for (;;) {
        const p: Pt = [
          Math.min(...xs) + random() * (Math.max(...xs) - Math.min(...xs)),
          Math.min(...ys) + random() * (Math.max(...ys) - Math.min(...ys)),
        ];
        if (inside(cell, p)) return p;
      }
    });
    // Two Lloyd steps make the village cells evenly sized.
    for (let k = 0; k < 2; k++) seeds = voronoi(cell, seeds).map((c, j) => (c.length >= 3 ? centroid(c) : seeds[j]!));
    voronoi(cell, seeds).forEach((v, j) => {
      if (v.length < 3) return;
      const village = t.villages[j]!;
      features.push({
        type: 'Feature',
        properties: { code: village.code, name: village.name, level: 'village', 示意: true },
        geometry: { type: 'Polygon', coordinates: [ring(v)] },
      });
    });
  });
  return {
    type: 'FeatureCollection' as const,
    name: `${tree.county.name}乡镇与村示意边界（示意图，非测绘边界，仅供演示）`,
    schematic: true,
    features,
  };
}

const dataFile = (countyCode: string) => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const name = `${countyCode}.boundaries.schematic.geojson`;
  return [path.join(here, 'data', name), path.resolve(here, '../../../server/src/org/data', name)].find((f) =>
    fs.existsSync(f),
  );
};

/**
 * Loads the shipped schematic boundaries of a county, if there are any (the demo county's).
 * Every feature names its unit by code; units missing from the database are skipped.
 */
export async function loadShippedBoundaries(db: DbOrTx, countyCode: string): Promise<number> {
  const file = dataFile(countyCode);
  if (!file) return 0;
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    name?: string;
    features: Array<{ properties: { code: string }; geometry: unknown }>;
  };
  const known = new Set(
    (await db.selectFrom('orgUnit').select('id').where('countyCode', '=', countyCode).execute()).map((u) => u.id),
  );
  const rows = collection.features
    .filter((f) => known.has(f.properties.code))
    .map((f) => ({
      unitId: f.properties.code,
      countyCode,
      geometry: JSON.stringify(f.geometry),
      schematic: true,
      sourceName: collection.name ?? null,
      uploadedAt: clock.now(),
      uploadedBy: null,
    }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('unitBoundary')
      .values(rows.slice(i, i + 200))
      .execute();
  return rows.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${JSON.stringify(schematicBoundaries(shippedCountyTree(process.argv[2] ?? '430623')!))}\n`);
}
