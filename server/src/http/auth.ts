import type { FastifyInstance } from 'fastify';
import { authenticate } from '../accounts/session.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import { SESSION_COOKIE } from './context.js';

/** Every /api route needs a live session unless it says `config: { public: true }`. */
export function registerAuth(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs') || req.routeOptions.config?.public) return;
    if (!req.routeOptions.url) return; // 404s answer as such, without revealing anything
    const token = req.cookies[SESSION_COOKIE];
    if (!token) throw new UnauthorizedError();
    req.user = await authenticate(db, config, token);
    if (req.user.mustChangePassword && !req.routeOptions.config?.allowPasswordChange) {
      throw new ForbiddenError('请先修改初始密码', 'PASSWORD_CHANGE_REQUIRED');
    }
  });
}
