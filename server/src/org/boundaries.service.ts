/**
 * Township and village boundaries for maps: uploaded by the county administrator as a GeoJSON
 * FeatureCollection, matched to units by division code or exact name, stored all or nothing.
 */
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { checkCollection } from './boundaries.geojson.js';
import { listBoundaries, replaceBoundaries } from './boundaries.repository.js';
import type { BoundaryUpload } from './boundaries.schemas.js';
import { listUnitsUnder } from './org.repository.js';

/**
 * Replaces the boundaries of the caller's area with those of the collection.
 * @throws InvalidInputError naming each bad feature and property; nothing is stored then
 */
export async function uploadBoundaries(
  db: Db,
  user: CurrentUser,
  actor: Actor | null,
  body: BoundaryUpload,
  opts: { property?: string } = {},
) {
  const units = await listUnitsUnder(db, user.unitPath);
  const { features, problems } = checkCollection(body, units, opts.property);
  if (problems.length) {
    throw new InvalidInputError(
      `边界文件有 ${problems.length} 处错误，未保存任何边界：${problems[0]!.message}`,
      problems,
    );
  }
  const countyCode = units[0]!.countyCode;
  const uploadedAt = clock.now();
  return db.transaction().execute(async (tx) => {
    const replaced = await replaceBoundaries(
      tx,
      user.unitPath,
      features.map((f) => ({
        unitId: f.unit.id,
        countyCode,
        geometry: f.geometry,
        schematic: body.schematic ?? false,
        sourceName: body.name ?? null,
        uploadedAt,
        uploadedBy: user.id,
      })),
    );
    const townships = features.filter((f) => f.unit.level === 'township').length;
    const villages = features.length - townships;
    if (actor) {
      await recordAudit(tx, actor, {
        action: 'org.boundaries',
        objectType: 'org_unit',
        objectId: user.unitId,
        detail: { name: body.name ?? null, schematic: body.schematic ?? false, townships, villages, replaced },
      });
    }
    return { townships, villages, replaced, uploadedAt: uploadedAt.toISOString() };
  });
}

/**
 * The boundaries of the units in the caller's area as a GeoJSON FeatureCollection; each feature's
 * properties carry `unitId`, `name`, `level`, `parentId` and `schematic`.
 */
export async function getBoundaries(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, level?: 'township' | 'village') {
  const rows = await listBoundaries(db, user.unitPath, level);
  return {
    type: 'FeatureCollection' as const,
    schematic: rows.some((r) => r.schematic),
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.unitId,
      properties: {
        unitId: r.unitId,
        name: r.name,
        level: r.level,
        parentId: r.parentId,
        schematic: r.schematic,
        sourceName: r.sourceName,
        uploadedAt: new Date(r.uploadedAt).toISOString(),
      },
      geometry: r.geometry,
    })),
  };
}
