import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, noContent, requirePermission, SESSION_COOKIE } from '../http/context.js';
import {
  ChangePasswordRequest,
  CreateUserRequest,
  IdParam,
  LoginRequest,
  Me,
  UpdateUserRequest,
  UserListItem,
} from './account.schemas.js';
import { createUser, listUsers, resetPassword, unlockUser, updateUser } from './account.service.js';
import { changePassword, login, logout, type CurrentUser } from './session.service.js';

const toMe = (u: CurrentUser): Me => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unit: { id: u.unitId, name: u.unitName, level: u.unitLevel },
  isDemo: u.isDemo,
  mustChangePassword: u.mustChangePassword,
  permissions: [...u.permissions],
});

export async function accountRoutes(app: App, { db, config }: RouteContext): Promise<void> {
  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: '登录',
        security: [],
        body: LoginRequest,
        response: { 200: z.object({ user: Me }) },
      },
    },
    async (req, reply) => {
      const { token, user } = await login(db, config, { ...req.body, address: req.ip });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: Math.floor(config.sessionMaxMs / 1000),
      });
      return { user: toMe(user) };
    },
  );

  app.post(
    '/auth/logout',
    { config: { allowPasswordChange: true }, schema: { tags: ['accounts'], summary: '退出登录（会话立即失效）' } },
    async (req, reply) => {
      await logout(db, currentUser(req), actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return noContent(reply);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { allowPasswordChange: true },
      schema: { tags: ['accounts'], summary: '当前用户', response: { 200: Me } },
    },
    async (req) => toMe(currentUser(req)),
  );

  app.post(
    '/auth/password',
    {
      config: { allowPasswordChange: true },
      schema: { tags: ['accounts'], summary: '修改本人密码', body: ChangePasswordRequest },
    },
    async (req, reply) => {
      await changePassword(db, currentUser(req), actorOf(req), req.body);
      return noContent(reply);
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        summary: '用户列表（安全管理员）',
        response: { 200: z.object({ items: z.array(UserListItem) }) },
      },
    },
    async (req) => ({ items: await listUsers(db, requirePermission(req, 'user.manage')) }),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        summary: '新建用户（返回一次性临时密码，首次登录须修改）',
        body: CreateUserRequest,
        response: { 201: z.object({ user: z.object({ id: z.string() }), temporaryPassword: z.string() }) },
      },
    },
    async (req, reply) => {
      const admin = requirePermission(req, 'user.manage');
      const { id, temporaryPassword } = await createUser(db, admin, actorOf(req), req.body);
      return reply.code(201).send({ user: { id }, temporaryPassword });
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: '修改用户（姓名、单位、角色、停用）',
        params: IdParam,
        body: UpdateUserRequest,
      },
    },
    async (req, reply) => {
      await updateUser(db, requirePermission(req, 'user.manage'), actorOf(req), req.params.id, req.body);
      return noContent(reply);
    },
  );

  app.post(
    '/users/:id/reset-password',
    {
      schema: {
        tags: ['accounts'],
        summary: '重置密码',
        params: IdParam,
        response: { 200: z.object({ temporaryPassword: z.string() }) },
      },
    },
    async (req) => ({
      temporaryPassword: await resetPassword(db, requirePermission(req, 'user.manage'), actorOf(req), req.params.id),
    }),
  );

  app.post(
    '/users/:id/unlock',
    { schema: { tags: ['accounts'], summary: '解除锁定', params: IdParam } },
    async (req, reply) => {
      await unlockUser(db, requirePermission(req, 'user.manage'), actorOf(req), req.params.id);
      return noContent(reply);
    },
  );
}
