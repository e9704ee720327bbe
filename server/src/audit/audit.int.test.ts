import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, type TestCase } from '../testing/setup.js';
import { verifyChain } from './audit.repository.js';

let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(() => t.close());

describe('the audit log', () => {
  it('records logins, searches and views with user, unit, address and outcome', async () => {
    await t.anonymous.post('/api/auth/login', { username: 'village', password: 'nope-1234' });
    const v = await t.as('village');
    await v.get('/api/persons?q=王');
    await v.get(`/api/persons/${t.people.wife}`);
    const rows = await t.db.selectFrom('auditLog').selectAll().orderBy('id').execute();
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login:failure',
        'auth.login:success',
        'person.search:success',
        'person.view:success',
      ]),
    );
    const view = rows.find((r) => r.action === 'person.view')!;
    expect(view).toMatchObject({
      username: 'village',
      unitId: '430623101208',
      objectId: t.people.wife,
      address: '127.0.0.1',
    });
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('the audit administrator reads it and verifies the chain; tampering is detected', async () => {
    const auditor = await t.as('auditor');
    const list = await auditor.get('/api/audit?username=village');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(2);
    expect((await auditor.get('/api/audit/verify')).body.ok).toBe(true);
    expect((await (await t.as('county')).get('/api/audit')).status).toBe(403);

    // Someone with database access bypasses the trigger and rewrites history.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(t.db);
    const victim = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'person.view')
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET username = 'someone-else' WHERE id = ${victim.id}`.execute(t.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(t.db);
    const result = await verifyChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(String(victim.id));
  });
});
