import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onAuthProblem, withQuery } from './api.js';

function answer(status: number, body?: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('leaves empty filters out of the query string', () => {
    expect(withQuery('/api/persons', { q: 'zxh', unitId: undefined, status: '', page: 2 })).toBe(
      '/api/persons?q=zxh&page=2',
    );
    expect(withQuery('/api/persons', {})).toBe('/api/persons');
  });

  it("turns a refusal into an ApiError carrying the server's message and field problems", async () => {
    answer(400, {
      code: 'INVALID_INPUT',
      message: '报告内容有误',
      problems: [{ field: 'payload.weightGrams', message: '出生体重不少于300克' }],
    });
    const error = await api
      .createReport({ type: 'birth', unitId: 'v', eventDate: '2026-01-01', payload: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_INPUT',
      message: '报告内容有误',
      problems: [{ field: 'payload.weightGrams', message: '出生体重不少于300克' }],
    });
  });

  it('tells the shell when the session has expired or a password change is due', async () => {
    const heard: string[] = [];
    const stop = onAuthProblem((p) => heard.push(p));
    answer(401, { code: 'UNAUTHORIZED', message: '请先登录' });
    await api.todo().catch(() => undefined);
    answer(403, { code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改密码' });
    await api.todo().catch(() => undefined);
    answer(403, { code: 'FORBIDDEN', message: '没有权限' });
    await api.todo().catch(() => undefined);
    stop();
    expect(heard).toEqual(['UNAUTHORIZED', 'PASSWORD_CHANGE_REQUIRED']);
  });

  it('does not send a wrong password at login to the session-expired handler', async () => {
    const heard: string[] = [];
    const stop = onAuthProblem((p) => heard.push(p));
    answer(401, { code: 'UNAUTHORIZED', message: '用户名或密码错误' });
    await expect(api.login('village', 'x')).rejects.toMatchObject({ message: '用户名或密码错误' });
    stop();
    expect(heard).toEqual([]);
  });

  it('accepts an empty 204 answer', async () => {
    answer(204);
    await expect(api.logout()).resolves.toBeUndefined();
  });
});
