import type { DbOrTx } from '../db/database.js';

/** A user joined with the unit it belongs to: everything a request needs to decide scope. */
export function selectUserWithUnit(db: DbOrTx) {
  return db
    .selectFrom('appUser as u')
    .innerJoin('orgUnit as o', 'o.id', 'u.unitId')
    .select([
      'u.id',
      'u.username',
      'u.displayName',
      'u.role',
      'u.unitId',
      'u.passwordHash',
      'u.mustChangePassword',
      'u.isDemo',
      'u.disabled',
      'u.failedLogins',
      'u.lockedUntil',
      'o.name as unitName',
      'o.level as unitLevel',
      'o.path as unitPath',
      'o.countyCode',
    ]);
}

export async function findUserByUsername(db: DbOrTx, username: string) {
  return selectUserWithUnit(db).where('u.username', '=', username).executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: string) {
  return selectUserWithUnit(db).where('u.id', '=', id).executeTakeFirst();
}

export async function findSession(db: DbOrTx, id: string) {
  return db.selectFrom('userSession').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function endSessionsOfUser(db: DbOrTx, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('userSession')
    .set({ endedAt: at })
    .where('userId', '=', userId)
    .where('endedAt', 'is', null)
    .execute();
}
