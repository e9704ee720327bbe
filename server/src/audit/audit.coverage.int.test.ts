import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthReport, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { verifyChain } from './audit.repository.js';

/**
 * Every action that matters writes an audit row naming who did it: the report workflow, an ID
 * number shown in full, an export and a failed login. The chain still verifies afterwards.
 */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(() => t.close());

/** The audit rows written while `work` ran. */
const auditedDuring = async (work: () => Promise<unknown>) => {
  const last = await t.db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  await work();
  return t.db
    .selectFrom('auditLog')
    .selectAll()
    .where('id', '>', last.id ?? '0')
    .orderBy('id')
    .execute();
};

describe('what the audit log covers', () => {
  it('a report submitted, returned, resubmitted, approved and confirmed: one row per action, by its actor', async () => {
    const village = await t.as('village');
    const township = await t.as('township');
    const county = await t.as('county');
    let id = '';
    const rows = await auditedDuring(async () => {
      const created = await village.post('/api/reports', birthReport(t.people));
      expect(created.status).toBe(201);
      id = created.body.id;
      const returned = await township.post(`/api/reports/${id}/return`, {
        version: created.body.version,
        reason: '请核实体重',
      });
      const resubmitted = await village.put(`/api/reports/${id}`, {
        version: returned.body.version,
        eventDate: '2026-10-20',
        payload: birthReport(t.people).payload,
      });
      const approved = await township.post(`/api/reports/${id}/approve`, { version: resubmitted.body.version });
      const confirmed = await county.post(`/api/reports/${id}/confirm`, { version: approved.body.version });
      expect(confirmed.body.status).toBe('confirmed');
    });
    const onReport = rows.filter((r) => r.objectType === 'report' && r.objectId === id);
    expect(onReport.map((r) => [r.action, r.username, r.outcome])).toEqual([
      ['report.submit', 'village', 'success'],
      ['report.return', 'township', 'success'],
      ['report.resubmit', 'village', 'success'],
      ['report.approve', 'township', 'success'],
      ['report.confirm', 'county', 'success'],
    ]);
    expect(onReport.map((r) => r.userId)).toEqual([
      t.users.village,
      t.users.township,
      t.users.village,
      t.users.township,
      t.users.county,
    ]);
    expect(onReport[0]).toMatchObject({ unitId: XINPU, address: '127.0.0.1' });
    expect(onReport[1]!.unitId).toBe('430623101');
  });

  it('a refused submission writes no report row and no audit row of a submission', async () => {
    const village = await t.as('village');
    const rows = await auditedDuring(async () => {
      const r = await village.post('/api/reports', { ...birthReport(t.people), eventDate: '1991-01-01' });
      expect(r.status).toBe(400);
    });
    expect(rows.filter((r) => r.action === 'report.submit')).toEqual([]);
  });

  it('revealing an ID number, by whom and whose', async () => {
    const village = await t.as('village');
    const rows = await auditedDuring(async () => {
      const r = await village.post(`/api/persons/${t.people.wife}/reveal-id`);
      expect(r.body.idNumber).toBe(t.people.ids.wife);
    });
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'person.reveal_id',
        objectType: 'person',
        objectId: t.people.wife,
        userId: t.users.village,
        username: 'village',
        outcome: 'success',
      }),
    ]);
  });

  it('exports of persons, households and reports, with the format', async () => {
    const county = await t.as('county');
    const rows = await auditedDuring(async () => {
      expect((await county.get('/api/exports/persons.csv')).status).toBe(200);
      expect((await county.get('/api/exports/households.xlsx')).status).toBe(200);
      expect((await county.get('/api/exports/reports.csv')).status).toBe(200);
    });
    expect(rows.map((r) => [r.action, r.username, (r.detail as { format: string }).format])).toEqual([
      ['person.export', 'county', 'csv'],
      ['household.export', 'county', 'xlsx'],
      ['report.export', 'county', 'csv'],
    ]);
    expect(rows.every((r) => r.userId === t.users.county)).toBe(true);
  });

  it('a failed login names the account tried, without a password', async () => {
    const rows = await auditedDuring(async () => {
      const r = await t.anonymous.post('/api/auth/login', { username: 'township', password: 'wrong-pass-99' });
      expect(r.status).toBe(401);
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'auth.login', outcome: 'failure', username: 'township' });
    expect(JSON.stringify(rows[0])).not.toContain('wrong-pass-99');
  });

  it('after all of it the chain verifies', async () => {
    const result = await verifyChain(t.db);
    expect(result.ok).toBe(true);
    const total = await t.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(result.checked).toBe(Number(total.n));
  });
});
