import { randomUUID } from 'node:crypto';
import { hashPassword } from '../accounts/password.js';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import type { Sealer } from '../lib/sealing.js';
import { shippedCountyTree } from '../org/divisions.js';
import { loadDivisionTree } from '../org/org.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.accounts.js';
import { seedDemoRegistry } from './demo.seed.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

/** Small villages get 3 groups, larger ones up to 8: deterministic from the code. */
const groupsFor = (code: string) => 3 + (Number(code.slice(-3)) % 6);

/**
 * The demo county: 华容县's real division tree, demo accounts at every level (one village
 * worker per village, one officer per township), and a few thousand people with households
 * and ten years of events, so a newcomer can click through every screen at once.
 */
export type DemoProgress = { stage: string; fraction: number };

export async function seedDemoCounty(
  db: Db,
  sealer: Sealer,
  opts: { size?: 'county' | 'small'; persons?: number; seed?: number; onProgress?: (p: DemoProgress) => void } = {},
) {
  const tree = shippedCountyTree('430623')!;
  await loadDivisionTree(db, tree, { groupsPerVillage: groupsFor });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Array<{ username: string; displayName: string; role: Role; unitId: string }> = [...DEMO_ACCOUNTS];
  const named = new Set(DEMO_ACCOUNTS.map((a) => a.unitId));
  for (const t of tree.townships) {
    if (!named.has(t.code)) users.push({ username: `t${t.code}`, displayName: `${t.name} 审核员`, role: 'township_officer', unitId: t.code });
    for (const v of t.villages) {
      if (!named.has(v.code)) users.push({ username: `v${v.code}`, displayName: `${v.name} 计生专干`, role: 'village_worker', unitId: v.code });
    }
  }
  const rows = users.map((u) => ({ id: randomUUID(), ...u, passwordHash, isDemo: true, mustChangePassword: false }));
  await db.insertInto('appUser').values(rows).execute();
  const reporterIds: Record<string, string> = {};
  const reviewerByTownship: Record<string, string> = {};
  for (const r of rows) {
    if (r.role === 'village_worker') reporterIds[r.unitId] = r.id;
    if (r.role === 'township_officer') reviewerByTownship[r.unitId] = r.id;
  }
  const counts = await seedDemoRegistry(db, sealer, {
    seed: opts.seed ?? 20260214,
    persons: opts.persons ?? 4000,
    reporterIds,
    reviewerIds: reviewerByTownship,
    confirmerId: rows.find((r) => r.username === 'county')!.id,
  });
  return { users: rows.length, ...counts };
}
