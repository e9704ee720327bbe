/**
 * Publishing freezes a unit's figures for a period as they are now, with the definition version
 * each was computed by. A later computation (new records, a new definition version) is shown
 * beside the published figure, flagged when it differs, and never replaces it.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError } from '../lib/errors.js';
import { getUnitInScope } from '../org/org.service.js';
import { listPublished } from './indicator.repository.js';
import type { PublishRequest, PublishedQuery } from './indicator.schemas.js';
import { computeIndicators } from './indicator.service.js';

/**
 * Publishes the figures of one unit and period.
 * @throws NotFoundError (unit outside the scope), InvalidInputError (period, codes),
 *   ConflictError (the period is still running, or a figure is already published)
 */
export async function publishIndicators(db: Db, user: CurrentUser, actor: Actor, q: PublishRequest) {
  return db.transaction().execute(async (tx) => {
    const result = await computeIndicators(tx, user, { ...q, breakdown: 'none' });
    if (result.period.running) throw new ConflictError('统计期尚未结束，不能发布').withField('period');
    const already = result.figures.filter((f) => f.published);
    if (already.length) {
      throw new ConflictError(`以下指标已发布，发布后不再更改：${already.map((f) => f.nameZh).join('、')}`).withField(
        'codes',
      );
    }
    const publishedAt = clock.now();
    await tx
      .insertInto('publishedIndicator')
      .values(
        result.figures.map((f) => ({
          id: randomUUID(),
          countyCode: user.countyCode,
          code: f.code,
          version: f.version,
          unitId: result.unit.id,
          period: result.period.code,
          population: q.population,
          boundaries: q.boundaries,
          value: f.value,
          lower: f.lower,
          upper: f.upper,
          numerator: f.numerator,
          denominator: f.denominator,
          figure: JSON.stringify({ ...f, published: null, computedAt: result.computedAt }),
          publishedAt,
          publishedBy: user.id,
        })),
      )
      .execute();
    await recordAudit(tx, actor, {
      action: 'indicator.publish',
      objectType: 'org_unit',
      objectId: result.unit.id,
      detail: {
        period: result.period.code,
        population: q.population,
        boundaries: q.boundaries,
        codes: result.figures.map((f) => `${f.code}@${f.version}`),
      },
    });
    return {
      unit: result.unit,
      period: result.period,
      publishedAt: publishedAt.toISOString(),
      figures: result.figures.map((f) => ({ code: f.code, version: f.version, value: f.value })),
    };
  });
}

/** Published figures of a unit in the caller's scope. @throws NotFoundError */
export async function getPublished(db: Db, user: CurrentUser, q: PublishedQuery) {
  const unit = await getUnitInScope(db, user, q.unitId);
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    items: await listPublished(db, unit.id, q.period),
  };
}
