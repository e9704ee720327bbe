import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { PASSWORD, setupTestCase, type TestCase } from '../testing/setup.js';

let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase({
    RENKOU_LOCKOUT_ATTEMPTS: '3',
    RENKOU_SESSION_IDLE_MINUTES: '30',
    RENKOU_SESSION_MAX_HOURS: '8',
  });
});
afterAll(() => t.close());
afterEach(() => clock.reset());

const login = (username: string, password: string) => t.anonymous.post('/api/auth/login', { username, password });

describe('accounts and sessions', () => {
  it('a wrong password and an unknown user get the same answer', async () => {
    const a = await login('county', 'wrong-pass-1');
    const b = await login('nobody', 'wrong-pass-1');
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.message).toBe('用户名或密码错误');
  });

  it('repeated failures lock the account, even for the right password', async () => {
    for (let i = 0; i < 2; i++) expect((await login('village2', 'bad-password-1')).status).toBe(401);
    const third = await login('village2', 'bad-password-1');
    expect(third.status).toBe(423);
    expect(third.body.message).toContain('已锁定');
    expect((await login('village2', PASSWORD)).status).toBe(423);
    const security = await t.as('security');
    expect((await security.post(`/api/users/${t.users.village2}/unlock`)).status).toBe(204);
    expect((await login('village2', PASSWORD)).status).toBe(200);
  });

  it('an idle session ends after the idle timeout; a busy one at the absolute timeout', async () => {
    const c = await t.as('village');
    clock.advance(29 * 60_000);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    const idle = await c.get('/api/auth/me');
    expect(idle.status).toBe(401);
    expect(idle.body.message).toContain('超时');

    const busy = await t.as('village');
    for (let i = 0; i < 18; i++) {
      clock.advance(25 * 60_000); // 7.5 hours in steps well inside the idle timeout
      expect((await busy.get('/api/auth/me')).status).toBe(200);
    }
    clock.advance(40 * 60_000);
    expect((await busy.get('/api/auth/me')).status).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const c = await t.as('village');
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('a new account must change its temporary password before doing anything else', async () => {
    const security = await t.as('security');
    const created = await security.post('/api/users', {
      username: 'xinpu.doctor',
      displayName: '新铺村 村医',
      unitId: '430623101208',
      role: 'village_worker',
    });
    expect(created.status).toBe(201);
    const temp = created.body.temporaryPassword as string;
    const c = await t.as('xinpu.doctor', temp);
    const me = await c.get('/api/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/persons');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await c.post('/api/auth/password', { currentPassword: temp, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.problems[0].field).toBe('newPassword');
    expect((await c.post('/api/auth/password', { currentPassword: temp, newPassword: 'Xinpu-2026-ok' })).status).toBe(
      204,
    );
    expect((await c.get('/api/persons')).status).toBe(200);
    expect((await login('xinpu.doctor', temp)).status).toBe(401);
  });

  it('a village worker must belong to a village; usernames are unique', async () => {
    const security = await t.as('security');
    const wrong = await security.post('/api/users', {
      username: 'bad.unit',
      displayName: '某人',
      unitId: '430623101',
      role: 'village_worker',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.problems[0]).toMatchObject({ field: 'unitId' });
    const dup = await security.post('/api/users', {
      username: 'village',
      displayName: '某人',
      unitId: '430623101208',
      role: 'village_worker',
    });
    expect(dup.status).toBe(409);
  });

  it('disabling an account ends its sessions at once', async () => {
    const c = await t.as('township');
    const security = await t.as('security');
    expect((await security.patch(`/api/users/${t.users.township}`, { disabled: true })).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    expect((await login('township', PASSWORD)).status).toBe(401);
    await security.patch(`/api/users/${t.users.township}`, { disabled: false });
  });

  it('only the security administrator manages accounts', async () => {
    const admin = await t.as('admin');
    expect((await admin.get('/api/users')).status).toBe(403);
    expect((await (await t.as('security')).get('/api/users')).body.items.length).toBeGreaterThan(5);
  });
});
