import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { OrgUnitRow } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { isValidDate } from '../lib/idNumber.js';
import type { GroupEndInput, GroupRenameInput, GroupsAddInput } from './org.schemas.js';
import { getUnitInScope } from './org.service.js';

/**
 * Village groups (村民小组, 组) of a real installation. The national division data stops at
 * villages, so a county adds its groups itself. A group's code is its village's 12-digit code
 * followed by two digits (01–99), as the demo numbers them (43062310120801 = 新铺村第1组).
 * Changing groups needs `org.manage` (the route checks it); the scope check here keeps a holder
 * below the county, should one exist, to its own villages.
 */

export type GroupRef = { id: string; name: string };

export const MAX_GROUPS_PER_VILLAGE = 99;

/** The codes the next `count` groups of a village get: after the highest its own code prefix has used. */
export async function nextGroupCodes(db: DbOrTx, villageId: string, count: number): Promise<string[]> {
  const used = await db
    .selectFrom('orgUnit')
    .select('id')
    .where('id', 'like', `${villageId}__`)
    .where('level', '=', 'group')
    .execute();
  // Numbers of ended groups are not reused: a code names one group for all time, so past figures stay unambiguous.
  const highest = Math.max(0, ...used.map((u) => Number(u.id.slice(villageId.length))).filter(Number.isFinite));
  if (highest + count > MAX_GROUPS_PER_VILLAGE)
    throw InvalidInputError.field(
      'names',
      `组代码已用到 ${villageId}${String(highest).padStart(2, '0')}，每个村最多 ${MAX_GROUPS_PER_VILLAGE} 个组代码`,
    );
  return Array.from({ length: count }, (_, i) => `${villageId}${String(highest + i + 1).padStart(2, '0')}`);
}

async function getVillage(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, id: string): Promise<OrgUnitRow> {
  const village = await getUnitInScope(db, user, id);
  if (village.level !== 'village')
    throw InvalidInputError.field('villageId', `${village.name} 不是村（社区），组只能设在村下`);
  if (village.validTo) throw new ConflictError(`${village.name} 已于 ${village.validTo} 撤销，不能再调整它的组`);
  return village;
}

async function getGroup(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, id: string): Promise<OrgUnitRow> {
  const group = await getUnitInScope(db, user, id);
  if (group.level !== 'group') throw new NotFoundError('组');
  if (group.validTo) throw new ConflictError(`${group.name}（${group.id}）已于 ${group.validTo} 撤销`);
  return group;
}

async function currentGroupNames(db: DbOrTx, villageId: string, except?: string): Promise<Set<string>> {
  let q = db
    .selectFrom('orgUnit')
    .select('name')
    .where('parentId', '=', villageId)
    .where('level', '=', 'group')
    .where('validTo', 'is', null);
  if (except) q = q.where('id', '<>', except);
  return new Set((await q.execute()).map((r) => r.name));
}

/**
 * Adds groups to a village, numbered after its highest group code.
 * @throws NotFoundError (village outside the caller's scope or unknown), InvalidInputError (not a
 *   village, date, duplicate name, codes exhausted), ConflictError (village ended)
 */
export async function addGroups(
  db: Db,
  user: Pick<CurrentUser, 'unitPath'>,
  actor: Actor,
  villageId: string,
  input: GroupsAddInput,
): Promise<{ village: GroupRef; groups: GroupRef[] }> {
  const validFrom = input.validFrom ?? clock.today();
  if (!isValidDate(validFrom)) throw InvalidInputError.field('validFrom', `成立日期 ${validFrom} 无效`);
  return db.transaction().execute(async (tx) => {
    const village = await getVillage(tx, user, villageId);
    if (validFrom < village.validFrom)
      throw InvalidInputError.field('validFrom', `成立日期不能早于 ${village.name} 的设立日期 ${village.validFrom}`);
    const taken = await currentGroupNames(tx, village.id);
    const seen = new Set<string>();
    for (const [i, name] of input.names.entries()) {
      if (taken.has(name)) throw InvalidInputError.field(`names.${i}`, `${village.name} 已有名为“${name}”的组`);
      if (seen.has(name)) throw InvalidInputError.field(`names.${i}`, `组名“${name}”重复`);
      seen.add(name);
    }
    const codes = await nextGroupCodes(tx, village.id, input.names.length);
    const groups = input.names.map((name, i) => ({ id: codes[i]!, name }));
    await tx
      .insertInto('orgUnit')
      .values(
        groups.map((g) => ({
          id: g.id,
          countyCode: village.countyCode,
          parentId: village.id,
          level: 'group' as const,
          name: g.name,
          path: `${village.path}${g.id}/`,
          validFrom,
          validTo: null,
        })),
      )
      .execute();
    await recordAudit(tx, actor, {
      action: 'org.group.add',
      objectType: 'org_unit',
      objectId: village.id,
      detail: { groups, validFrom },
    });
    return { village: { id: village.id, name: village.name }, groups };
  });
}

/**
 * Renames a current group; its code stays, so records and past figures keep pointing at it.
 * @throws NotFoundError, InvalidInputError (duplicate name), ConflictError (group ended)
 */
export async function renameGroup(
  db: Db,
  user: Pick<CurrentUser, 'unitPath'>,
  actor: Actor,
  groupId: string,
  input: GroupRenameInput,
): Promise<GroupRef> {
  return db.transaction().execute(async (tx) => {
    const group = await getGroup(tx, user, groupId);
    if ((await currentGroupNames(tx, group.parentId!, group.id)).has(input.name))
      throw InvalidInputError.field('name', `本村已有名为“${input.name}”的组`);
    await tx.updateTable('orgUnit').set({ name: input.name }).where('id', '=', group.id).execute();
    await recordAudit(tx, actor, {
      action: 'org.group.rename',
      objectType: 'org_unit',
      objectId: group.id,
      detail: { from: group.name, to: input.name },
    });
    return { id: group.id, name: input.name };
  });
}

/**
 * Ends a group from a date on (valid_to). A group that households, people or accounts still
 * belong to is refused: they would be left in a unit that no longer exists.
 * @throws NotFoundError, InvalidInputError (date), ConflictError (ended already, still in use)
 */
export async function endGroup(
  db: Db,
  user: Pick<CurrentUser, 'unitPath'>,
  actor: Actor,
  groupId: string,
  input: GroupEndInput,
): Promise<GroupRef & { validTo: string }> {
  if (!isValidDate(input.effectiveDate))
    throw InvalidInputError.field('effectiveDate', `撤销日期 ${input.effectiveDate} 无效`);
  return db.transaction().execute(async (tx) => {
    const group = await getGroup(tx, user, groupId);
    if (input.effectiveDate <= group.validFrom)
      throw InvalidInputError.field('effectiveDate', `撤销日期应晚于该组的成立日期 ${group.validFrom}`);
    // One after another: the queries share the transaction's connection.
    const households = await countWhere(tx, 'household', group.id);
    const persons = await tx
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.or([eb('hukouUnitId', '=', group.id), eb('residenceUnitId', '=', group.id)]))
      .executeTakeFirstOrThrow();
    const users = await countWhere(tx, 'appUser', group.id);
    const inUse = [
      [Number(households.n), '户'],
      [Number(persons.n), '人'],
      [Number(users.n), '个账户'],
    ].filter(([n]) => Number(n) > 0);
    if (inUse.length)
      throw new ConflictError(
        `${group.name}（${group.id}）下还有 ${inUse.map(([n, what]) => `${n} ${what}`).join('、')}，请先迁到其他组或村后再撤销`,
      ).withField('effectiveDate');
    await tx.updateTable('orgUnit').set({ validTo: input.effectiveDate }).where('id', '=', group.id).execute();
    await recordAudit(tx, actor, {
      action: 'org.group.end',
      objectType: 'org_unit',
      objectId: group.id,
      detail: { name: group.name, validTo: input.effectiveDate },
    });
    return { id: group.id, name: group.name, validTo: input.effectiveDate };
  });
}

function countWhere(db: DbOrTx, table: 'household' | 'appUser', unitId: string) {
  return db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unitId', '=', unitId)
    .executeTakeFirstOrThrow();
}
