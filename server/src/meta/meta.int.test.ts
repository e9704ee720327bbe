import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, type TestCase } from '../testing/setup.js';

describe('GET /api/health', () => {
  let t: TestCase;
  beforeAll(async () => {
    t = await setupTestCase();
  });
  afterAll(() => t.close());

  it('says whether demo accounts exist, so the login page names them only on a demo installation', async () => {
    // The test accounts are ordinary accounts: a real installation has no demo account.
    expect((await t.anonymous.get('/api/health')).body).toMatchObject({ status: 'ok', demo: false });
    await t.db.updateTable('appUser').set({ isDemo: true }).where('id', '=', t.users.village!).execute();
    expect((await t.anonymous.get('/api/health')).body.demo).toBe(true);
    // A disabled demo account cannot log in, so it is not advertised either.
    await t.db.updateTable('appUser').set({ disabled: true }).where('id', '=', t.users.village!).execute();
    expect((await t.anonymous.get('/api/health')).body.demo).toBe(false);
  });
});
