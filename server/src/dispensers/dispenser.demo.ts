import type { Db } from '../db/database.js';
import type { Sealer } from '../lib/sealing.js';

/** Demo records of the dispensing machines register for the demo county, made after its population (issue 7). */
export async function seedDemoDispensers(_db: Db, _sealer: Sealer, _countyCode: string, _seed: number): Promise<void> {}
