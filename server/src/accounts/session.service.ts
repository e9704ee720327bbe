import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { OrgLevel, Role } from '../db/schema.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { clock } from '../lib/clock.js';
import { AppError, InvalidInputError, UnauthorizedError } from '../lib/errors.js';
import { findSession, findUserById, findUserByUsername } from './account.repository.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { ROLE_PERMISSIONS, type Permission } from './permissions.js';

export type CurrentUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitLevel: OrgLevel;
  /** Scope: the caller sees records whose owning unit's path starts with this. */
  unitPath: string;
  countyCode: string;
  isDemo: boolean;
  mustChangePassword: boolean;
  permissions: readonly Permission[];
  sessionId: string;
};

export class AccountLockedError extends AppError {
  readonly status = 423;
  readonly code = 'ACCOUNT_LOCKED';
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');
const LOGIN_FAILED = '用户名或密码错误';

/**
 * Checks a password and opens a session. Unknown users and wrong passwords get the same
 * answer; repeated failures lock the account for a while.
 * @throws UnauthorizedError, AccountLockedError
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string; address: string | null },
): Promise<{ token: string; user: CurrentUser }> {
  const now = clock.now();
  const user = await findUserByUsername(db, input.username.trim());
  const actor: Actor = {
    userId: user?.id ?? null,
    username: input.username.trim().slice(0, 64),
    unitId: user?.unitId ?? null,
    address: input.address,
  };
  if (!user) {
    await recordAudit(db, actor, { action: 'auth.login', outcome: 'failure', detail: { reason: 'unknown user' } });
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(db, actor, { action: 'auth.login', outcome: 'denied', detail: { reason: 'locked' } });
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AccountLockedError(`登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试或联系安全管理员`);
  }
  if (user.disabled) {
    await recordAudit(db, actor, { action: 'auth.login', outcome: 'denied', detail: { reason: 'disabled' } });
    throw new UnauthorizedError('账户已停用，请联系安全管理员');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= config.lockoutAttempts;
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('appUser')
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + config.lockoutMs) : null,
        })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(tx, actor, {
        action: 'auth.login',
        outcome: 'failure',
        detail: { reason: 'wrong password', failures, locked: lock },
      });
    });
    if (lock) {
      throw new AccountLockedError(
        `连续 ${config.lockoutAttempts} 次密码错误，账户已锁定 ${Math.round(config.lockoutMs / 60_000)} 分钟`,
      );
    }
    throw new UnauthorizedError(LOGIN_FAILED);
  }
  const token = randomBytes(32).toString('base64url');
  const id = sessionId(token);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('appUser').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', user.id).execute();
    await tx
      .insertInto('userSession')
      .values({
        id,
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + config.sessionMaxMs),
        endedAt: null,
        address: input.address,
      })
      .execute();
    await recordAudit(tx, actor, { action: 'auth.login', objectType: 'session', objectId: id.slice(0, 16) });
  });
  return { token, user: toCurrentUser(user, id) };
}

/**
 * Resolves a session cookie to the current user, enforcing idle and absolute timeouts.
 * @throws UnauthorizedError when the session is unknown, ended, expired or the user disabled
 */
export async function authenticate(db: Db, config: Config, token: string): Promise<CurrentUser> {
  const now = clock.now();
  const id = sessionId(token);
  const s = await findSession(db, id);
  if (!s || s.endedAt) throw new UnauthorizedError('会话已结束，请重新登录');
  if (s.expiresAt <= now || s.lastSeenAt.getTime() + config.sessionIdleMs <= now.getTime()) {
    await db.updateTable('userSession').set({ endedAt: now }).where('id', '=', id).execute();
    throw new UnauthorizedError('会话已超时，请重新登录');
  }
  const user = await findUserById(db, s.userId);
  if (!user || user.disabled) throw new UnauthorizedError('账户已停用，请联系安全管理员');
  // One write a minute is enough to keep the idle clock honest without a write per request.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await db.updateTable('userSession').set({ lastSeenAt: now }).where('id', '=', id).execute();
  }
  return toCurrentUser(user, id);
}

export async function logout(db: Db, user: CurrentUser, actor: Actor): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('userSession').set({ endedAt: clock.now() }).where('id', '=', user.sessionId).execute();
    await recordAudit(tx, actor, {
      action: 'auth.logout',
      objectType: 'session',
      objectId: user.sessionId.slice(0, 16),
    });
  });
}

/**
 * Changes one's own password. Other sessions of the user end; this one stays.
 * @throws UnauthorizedError (wrong current password), InvalidInputError (policy)
 */
export async function changePassword(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const row = await findUserById(db, user.id);
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    await recordAudit(db, actor, {
      action: 'auth.password',
      outcome: 'failure',
      objectType: 'user',
      objectId: user.id,
    });
    throw new UnauthorizedError('当前密码不正确');
  }
  checkPasswordPolicy(input.newPassword);
  if (input.newPassword === input.currentPassword) {
    throw InvalidInputError.field('newPassword', '新密码不能与当前密码相同');
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('appUser')
      .set({ passwordHash: hash, mustChangePassword: false, updatedAt: clock.now() })
      .where('id', '=', user.id)
      .execute();
    await tx
      .updateTable('userSession')
      .set({ endedAt: clock.now() })
      .where('userId', '=', user.id)
      .where('id', '!=', user.sessionId)
      .where('endedAt', 'is', null)
      .execute();
    await recordAudit(tx, actor, { action: 'auth.password', objectType: 'user', objectId: user.id });
  });
}

function toCurrentUser(u: NonNullable<Awaited<ReturnType<typeof findUserById>>>, sessionIdValue: string): CurrentUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitName: u.unitName,
    unitLevel: u.unitLevel,
    unitPath: u.unitPath,
    countyCode: u.countyCode,
    isDemo: u.isDemo,
    mustChangePassword: u.mustChangePassword,
    permissions: ROLE_PERMISSIONS[u.role],
    sessionId: sessionIdValue,
  };
}
