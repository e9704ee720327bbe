import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { escapeLike } from '../org/org.repository.js';
import { getUnitInScope } from '../org/org.service.js';
import { endSessionsOfUser } from './account.repository.js';
import { hashPassword, temporaryPassword } from './password.js';
import { ROLE_LEVEL, ROLE_NAMES } from './permissions.js';
import type { CurrentUser } from './session.service.js';

export async function listUsers(db: Db, admin: CurrentUser) {
  const now = clock.now();
  const rows = await db
    .selectFrom('appUser as u')
    .innerJoin('orgUnit as o', 'o.id', 'u.unitId')
    .select([
      'u.id',
      'u.username',
      'u.displayName',
      'u.role',
      'u.unitId',
      'o.name as unitName',
      'u.disabled',
      'u.lockedUntil',
      'u.isDemo',
      'u.mustChangePassword',
    ])
    .where('o.path', 'like', `${escapeLike(admin.unitPath)}%`)
    .orderBy('o.path')
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role,
    unit: { id: r.unitId, name: r.unitName },
    disabled: r.disabled,
    locked: !!r.lockedUntil && r.lockedUntil > now,
    isDemo: r.isDemo,
    mustChangePassword: r.mustChangePassword,
  }));
}

async function checkRoleUnit(db: Db, admin: CurrentUser, role: Role, unitId: string) {
  const unit = await getUnitInScope(db, admin, unitId).catch(() => {
    throw InvalidInputError.field('unitId', `单位 ${unitId} 不存在或不在管理范围内`);
  });
  if (unit.level !== ROLE_LEVEL[role]) {
    const levelName = { county: '县', township: '乡镇', village: '村（社区）' }[ROLE_LEVEL[role]];
    throw InvalidInputError.field('unitId', `${ROLE_NAMES[role]}必须属于${levelName}级单位`);
  }
  if (unit.validTo) throw InvalidInputError.field('unitId', `单位 ${unit.name} 已撤销`);
}

/**
 * Creates an account with a temporary password that must be changed at first login.
 * @throws InvalidInputError, ConflictError (username taken)
 */
export async function createUser(
  db: Db,
  admin: CurrentUser,
  actor: Actor,
  input: { username: string; displayName: string; unitId: string; role: Role },
): Promise<{ id: string; temporaryPassword: string }> {
  await checkRoleUnit(db, admin, input.role, input.unitId);
  const password = temporaryPassword();
  const id = randomUUID();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('appUser').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new ConflictError(`用户名 ${input.username} 已被使用`);
    await tx
      .insertInto('appUser')
      .values({ id, ...input, passwordHash, mustChangePassword: true })
      .execute();
    await recordAudit(tx, actor, {
      action: 'user.create',
      objectType: 'user',
      objectId: id,
      detail: { username: input.username, role: input.role, unitId: input.unitId },
    });
  });
  return { id, temporaryPassword: password };
}

async function getManagedUser(db: Db, admin: CurrentUser, id: string) {
  const row = await db
    .selectFrom('appUser as u')
    .innerJoin('orgUnit as o', 'o.id', 'u.unitId')
    .select(['u.id', 'u.role', 'u.unitId', 'o.path'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.path.startsWith(admin.unitPath)) throw new NotFoundError('用户');
  return row;
}

/**
 * Changes name, unit, role or disables an account; disabling ends its sessions at once.
 * @throws NotFoundError, InvalidInputError
 */
export async function updateUser(
  db: Db,
  admin: CurrentUser,
  actor: Actor,
  id: string,
  input: { displayName?: string; unitId?: string; role?: Role; disabled?: boolean },
): Promise<void> {
  const user = await getManagedUser(db, admin, id);
  if (id === admin.id && (input.disabled || (input.role && input.role !== admin.role))) {
    throw InvalidInputError.field('role', '不能停用自己的账户或修改自己的角色');
  }
  if (input.role || input.unitId) await checkRoleUnit(db, admin, input.role ?? user.role, input.unitId ?? user.unitId);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('appUser')
      .set({ ...input, updatedAt: clock.now() })
      .where('id', '=', id)
      .execute();
    if (input.disabled || input.role || input.unitId) await endSessionsOfUser(tx, id, clock.now());
    await recordAudit(tx, actor, {
      action: input.role ? 'user.permission' : 'user.update',
      objectType: 'user',
      objectId: id,
      detail: input,
    });
  });
}

export async function resetPassword(db: Db, admin: CurrentUser, actor: Actor, id: string): Promise<string> {
  await getManagedUser(db, admin, id);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('appUser')
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, updatedAt: clock.now() })
      .where('id', '=', id)
      .execute();
    await endSessionsOfUser(tx, id, clock.now());
    await recordAudit(tx, actor, { action: 'user.reset_password', objectType: 'user', objectId: id });
  });
  return password;
}

export async function unlockUser(db: Db, admin: CurrentUser, actor: Actor, id: string): Promise<void> {
  await getManagedUser(db, admin, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('appUser').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'user.unlock', objectType: 'user', objectId: id });
  });
}

/** For the CLI and the first start of a real installation: no session, no scope. */
export async function createUserUnchecked(
  db: Db,
  input: {
    username: string;
    displayName: string;
    unitId: string;
    role: Role;
    password?: string;
    isDemo?: boolean;
    mustChangePassword?: boolean;
  },
): Promise<{ id: string; password: string }> {
  const password = input.password ?? temporaryPassword();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('appUser')
      .values({
        id,
        username: input.username,
        displayName: input.displayName,
        unitId: input.unitId,
        role: input.role,
        passwordHash: await hashPassword(password),
        isDemo: input.isDemo ?? false,
        mustChangePassword: input.mustChangePassword ?? true,
      })
      .execute();
    await recordAudit(
      tx,
      { userId: null, username: 'system', unitId: null, address: null },
      {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        detail: { username: input.username, role: input.role, unitId: input.unitId, via: 'cli' },
      },
    );
  });
  return { id, password };
}
