/**
 * Departments' API credentials (docs/feeds.md): created by the county with the secret shown once
 * and only its hash kept, listed, revoked, and checked on each call of /api/dept/feeds. A
 * credential allows sending its feed types and nothing else.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError, NotFoundError, UnauthorizedError } from '../lib/errors.js';
import {
  findCredential,
  findCredentialBySecretHash,
  insertCredential,
  listCredentials,
  revokeCredential,
} from './feed.repository.js';
import type { FeedCredentialInfo, NewFeedCredential } from './feed.schemas.js';
import { assertMayManageFeeds, type FeedUser } from './feed.service.js';
import type { FeedCredentialRow } from './feed.tables.js';
import { isFeedType } from './feed.types.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Who acts in the audit log: the user, or the department credential. */
export function credentialActor(c: FeedCredentialRow, address: string | null): Actor {
  return { userId: null, username: `dept:${c.departmentCode}`, unitId: c.countyCode, address };
}

/**
 * Receives one feed: kept as received and parsed, in one transaction. The same file of the same
 * type sent again answers with the batch already kept.
 * @throws ForbiddenError (user without feed.manage, credential without this type), FileTooLargeError
 */

// ----------------------------------------------------------------------------------- credentials

const SECRET_PREFIX = 'rkf_';

function credentialOf(
  c: Omit<FeedCredentialRow, 'secretHash'> & { createdByName?: string | null },
): FeedCredentialInfo {
  return {
    id: c.id,
    departmentCode: c.departmentCode,
    departmentName: c.departmentName,
    feedTypes: c.feedTypes.filter(isFeedType),
    secretPrefix: c.secretPrefix,
    note: c.note,
    createdByName: c.createdByName ?? null,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listFeedCredentials(db: Db, user: FeedUser): Promise<FeedCredentialInfo[]> {
  assertMayManageFeeds(user);
  return (await listCredentials(db, user.countyCode)).map(credentialOf);
}

/**
 * A new credential for a department's system. The secret is returned once and only its SHA-256
 * is kept (the secret is random, 192 bits: a plain hash is enough).
 * @throws ForbiddenError
 */
export async function createFeedCredential(
  db: Db,
  user: FeedUser,
  actor: Actor,
  input: NewFeedCredential,
): Promise<{ credential: FeedCredentialInfo; secret: string }> {
  assertMayManageFeeds(user);
  const secret = SECRET_PREFIX + randomBytes(24).toString('base64url');
  const row = {
    id: randomUUID(),
    countyCode: user.countyCode,
    departmentCode: input.departmentCode,
    departmentName: input.departmentName,
    feedTypes: [...new Set(input.feedTypes)],
    secretHash: sha256(secret),
    secretPrefix: secret.slice(0, SECRET_PREFIX.length + 6),
    note: input.note || null,
    createdBy: user.userId,
    createdAt: clock.now(),
  };
  await db.transaction().execute(async (tx) => {
    await insertCredential(tx, row);
    await recordAudit(tx, actor, {
      action: 'feed.credential.create',
      objectType: 'feed_credential',
      objectId: row.id,
      detail: {
        departmentCode: row.departmentCode,
        departmentName: row.departmentName,
        feedTypes: row.feedTypes,
        secretPrefix: row.secretPrefix,
      },
    });
  });
  return {
    credential: credentialOf({
      ...row,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
      createdByName: user.displayName,
    }),
    secret,
  };
}

/** @throws NotFoundError, ConflictError-like 409 when already revoked */
export async function revokeFeedCredential(
  db: Db,
  user: FeedUser,
  actor: Actor,
  id: string,
): Promise<FeedCredentialInfo> {
  assertMayManageFeeds(user);
  const c = await findCredential(db, user.countyCode, id);
  if (!c) throw new NotFoundError('接口凭据');
  await db.transaction().execute(async (tx) => {
    const done = await revokeCredential(tx, c.id, user.userId, clock.now());
    if (!done) throw InvalidInputError.field('id', '该接口凭据已吊销');
    await recordAudit(tx, actor, {
      action: 'feed.credential.revoke',
      objectType: 'feed_credential',
      objectId: c.id,
      detail: { departmentCode: c.departmentCode, secretPrefix: c.secretPrefix },
    });
  });
  const after = (await listCredentials(db, user.countyCode)).find((x) => x.id === c.id)!;
  return credentialOf(after);
}

/**
 * The credential an `Authorization: Bearer …` header names. Only the department API accepts
 * these; the session check of every other route never looks at the header.
 * @throws UnauthorizedError for a missing, unknown or revoked credential
 */
export async function authenticateCredential(
  db: Db,
  authorization: string | undefined,
  address: string | null,
): Promise<FeedCredentialRow> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw new UnauthorizedError('请在 Authorization 头中提供部门接口凭据（Bearer 密钥）');
  const c = await findCredentialBySecretHash(db, sha256(m[1]!));
  if (!c || c.revokedAt) {
    await recordAudit(
      db,
      { userId: null, username: c ? `dept:${c.departmentCode}` : null, unitId: c?.countyCode ?? null, address },
      {
        action: 'feed.auth',
        objectType: 'feed_credential',
        objectId: c?.id,
        outcome: 'denied',
        detail: { reason: c ? 'revoked' : 'unknown credential' },
      },
    );
    throw new UnauthorizedError(c ? '该部门接口凭据已吊销' : '部门接口凭据无效');
  }
  return c;
}
