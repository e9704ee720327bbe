import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { PASSWORD, setupTestCase, type TestCase } from '../testing/setup.js';

/**
 * The largest import file is a setting (RENKOU_IMPORT_MAX_MB): the server refuses a larger file
 * while it streams in, says the limit in Chinese, and tells the web page the limit beforehand.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase({ RENKOU_IMPORT_MAX_MB: '1' });
});
afterAll(async () => t?.close());

async function postFile(username: string, data: Buffer) {
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  const cookie = `renkou_session=${login.cookies.find((c) => c.name === 'renkou_session')!.value}`;
  const boundary = `----renkou${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npersons\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="大文件.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/imports/preview',
    payload,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

describe('the import size limit', () => {
  it('is told to those who may import, and not to a village worker', async () => {
    const county = await t.as('county');
    expect((await county.get('/api/imports/limits')).body).toEqual({ maxUploadBytes: 1024 * 1024 });
    const village = await t.as('village');
    expect((await village.get('/api/imports/limits')).status).toBe(403);
  });

  it('refuses a larger file with the limit in the message, and writes nothing', async () => {
    const before = await t.db
      .selectFrom('importBatch')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const big = Buffer.alloc(1024 * 1024 + 4096, 'a');
    const res = await postFile('county', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(res.body.message).toContain('1 MB');
    const after = await t.db
      .selectFrom('importBatch')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Just under the limit is read (and refused for its content, not its size).
    expect((await postFile('county', Buffer.from('姓名,性别\n张三,男\n'))).status).not.toBe(413);
  });

  it('is checked at start-up', () => {
    expect(loadConfig({ RENKOU_DATA: '/tmp' }).importMaxBytes).toBe(100 * 1024 * 1024);
    expect(() => loadConfig({ RENKOU_IMPORT_MAX_MB: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ RENKOU_IMPORT_MAX_MB: 'lots' })).toThrow(/RENKOU_IMPORT_MAX_MB/);
  });
});
