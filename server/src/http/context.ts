import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../accounts/permissions.js';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, API docs). */
    public?: boolean;
    /** Reachable while the user must still change a temporary password. */
    allowPasswordChange?: boolean;
    /**
     * The Chinese name of a body field (a dotted path) for schema errors, where the route knows
     * better than the path (a report's payload.weightGrams is 出生体重（克）).
     */
    fieldLabel?: (body: unknown, field: string) => string | undefined;
  }
}

export const SESSION_COOKIE = 'renkou_session';

/** The signed-in user; the auth hook has already refused requests without one. */
export function currentUser(req: FastifyRequest): CurrentUser {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}

/** @throws ForbiddenError when the caller's role lacks the permission */
export function requirePermission(req: FastifyRequest, permission: Permission): CurrentUser {
  const user = currentUser(req);
  if (!user.permissions.includes(permission)) throw new ForbiddenError();
  return user;
}

/** Who acts, as the audit log records it: from the session and the socket, never the body. */
export function actorOf(req: FastifyRequest): Actor {
  return {
    userId: req.user?.id ?? null,
    username: req.user?.username ?? null,
    unitId: req.user?.unitId ?? null,
    address: req.ip,
  };
}

export function noContent(reply: FastifyReply) {
  return reply.code(204).send();
}
