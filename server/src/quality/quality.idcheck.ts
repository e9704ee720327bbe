/**
 * The ID-number rule: the birth date (digits 7–14) and the sex digit (17: odd male, even female)
 * of each person's ID number against the registered birth date and sex. ID numbers are sealed,
 * so this is the one rule that is not SQL: it reads persons in key order, a batch at a time, and
 * decrypts in memory (AES-GCM, a few microseconds each). Nothing decrypted leaves this function.
 */
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { parseIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { CURRENT, type ViolationRow } from './quality.rules.js';

const BATCH = 5000;

/** Violations of `idNumberMismatch` among living persons of the county (or of the given units). */
export async function idNumberViolations(
  db: DbOrTx,
  sealer: Sealer,
  countyCode: string,
  units: string[] | null,
): Promise<ViolationRow[]> {
  const out: ViolationRow[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<{ id: string; hukouUnitId: string; sex: number; birthDate: string; idNumberSealed: string }>`
      SELECT id, hukou_unit_id, sex, birth_date::text AS birth_date, id_number_sealed
        FROM person
       WHERE county_code = ${countyCode} AND status = 'active' AND id_number_sealed IS NOT NULL AND id > ${after}::uuid
         ${units ? sql`AND hukou_unit_id = ANY(${units}::text[])` : sql``}
       ORDER BY id LIMIT ${BATCH}`.execute(db);
    for (const r of rows.rows) {
      let plain: string;
      try {
        plain = sealer.open(r.idNumberSealed);
      } catch {
        continue; // sealed with another key: not a data error this rule can judge
      }
      const parsed = parseIdNumber(plain);
      if (!parsed.ok) continue;
      const dateWrong = parsed.value.birthDate !== r.birthDate;
      const sexWrong = parsed.value.sex !== Number(r.sex);
      if (!dateWrong && !sexWrong) continue;
      out.push({
        rule: 'idNumberMismatch',
        unitId: r.hukouUnitId,
        personId: r.id,
        eventId: null,
        reportId: null,
        onDate: null,
        period: CURRENT,
        value: dateWrong && sexWrong ? 'both' : dateWrong ? 'birthDate' : 'sex',
      });
    }
    if (rows.rows.length < BATCH) break;
    after = rows.rows[rows.rows.length - 1]!.id;
  }
  return out;
}
