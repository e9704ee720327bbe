import { describe, expect, it } from 'vitest';
import { serviceTiles } from './ServiceTasksCard.js';

describe('the services tiles on the to-do page', () => {
  it('show only what is due, overdue first, each leading to its register', () => {
    const tiles = serviceTiles({
      followups: { total: { open: 5, dueSoon: 2, overdue: 1 } },
      petitions: { counts: { open: 3, overdue: 0, escalatedOpen: 0 } },
      dispensers: { total: 0 },
    });
    expect(tiles.map((t) => [t.key, t.value, t.path, t.alarm])).toEqual([
      ['followupsOverdue', 1, '/health', true],
      ['followupsDueSoon', 2, '/health', false],
      ['petitionsOpen', 3, '/petitions', false],
    ]);
  });

  it('show nothing on a quiet day or for registers the user cannot read', () => {
    expect(serviceTiles({})).toEqual([]);
    expect(
      serviceTiles({
        followups: { total: { open: 4, dueSoon: 0, overdue: 0 } },
        petitions: { counts: { open: 0, overdue: 0, escalatedOpen: 0 } },
        dispensers: { total: 0 },
      }),
    ).toEqual([]);
  });
});
