import { describe, expect, it } from 'vitest';
import {
  canListRecords,
  isServiceKind,
  serviceColumns,
  serviceRowKey,
  SERVICE_RECORD_PERMISSIONS,
} from './serviceRecords.js';

describe('records of health, care, petitions and cases', () => {
  const as =
    (...permissions: string[]) =>
    (p: string) =>
      permissions.includes(p);

  it('open only for the roles that keep them; the registry’s records for every reader', () => {
    expect(canListRecords('cases', as('person.read', 'case.handle'))).toBe(true);
    expect(canListRecords('cases', as('person.read', 'health.read', 'petition.register'))).toBe(false);
    expect(canListRecords('screening', as('person.read', 'health.read'))).toBe(true);
    expect(canListRecords('positiveFindings', as('person.read', 'case.handle'))).toBe(false);
    expect(canListRecords('petitions', as('petition.handle'))).toBe(true);
    expect(canListRecords('care', as('person.read', 'petition.register'))).toBe(false);
    expect(canListRecords('events', as('person.read'))).toBe(true);
    expect(canListRecords(undefined, as())).toBe(true);
    expect(isServiceKind('followups') && !isServiceKind('payments')).toBe(true);
  });

  it('rows are keyed by their record, a mother once per birth', () => {
    expect(serviceRowKey({ serviceId: 's1', followupId: 'f1' } as never)).toBe('s1');
    expect(serviceRowKey({ followupId: 'f1', serviceId: undefined } as never)).toBe('f1');
    expect(serviceRowKey({ personId: 'p', eventDate: '2025-07-01' } as never)).toBe('p2025-07-01');
  });

  it('each kind has its columns; health records have no column for findings', () => {
    const t = ((key: string) => key) as never;
    for (const kind of Object.keys(SERVICE_RECORD_PERMISSIONS) as Array<keyof typeof SERVICE_RECORD_PERMISSIONS>) {
      const columns = serviceColumns(kind, t, [], { title: 'unit', dataIndex: 'unitName' });
      expect(columns.length, kind).toBeGreaterThan(3);
      const fields = columns.map((c) => String((c as { dataIndex?: string }).dataIndex));
      expect(
        fields.some((f) => /finding|note/i.test(f)),
        kind,
      ).toBe(false);
    }
    const petitions = serviceColumns('petitions', ((k: string) => k) as never, [], { title: 'unit' });
    expect(petitions.map((c) => (c as { dataIndex?: string }).dataIndex)).not.toContain('content');
  });
});
