import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { freshDatabase } from '../testing/setup.js';
import type { PersonRow } from '../db/schema.js';
import { maskIdNumber, parseIdNumber } from '../lib/idNumber.js';
import { createSealer } from '../lib/sealing.js';
import { SNAPSHOT_FIELDS, snapshotOf, type PersonSnapshot } from '../registry/person.repository.js';
import { openPayload } from '../reporting/report.payload.js';
import { PAYLOAD_SCHEMAS } from '../reporting/report.schemas.js';
import { shippedCountyTree } from '../org/divisions.js';
import { DEMO_VILLAGES, demoParams, groupsFor, seedDemoCounty, type SeedCounts } from './demo.service.js';
import { simulatePopulation } from './population.simulation.js';
import { fromDay } from './random.js';

/**
 * The small demo county (about 4,000 people) as the first start writes it with COPY: it must
 * hang together like a real registry (valid ID numbers, mothers older than their children, one
 * confirmed report behind every event, history that answers "as of" questions) and come out the
 * same for one seed. The full county is the same code at a larger scale (bench/, not tests).
 */
type County = {
  handle: DatabaseHandle;
  db: Db;
  reporterIds: Record<string, string>;
  result: SeedCounts;
  shapeBefore: unknown;
};

/** Foreign keys and indexes by name: the bulk load drops and recreates them. */
const schemaShape = async (db: Db) =>
  (
    await sql<{ name: string }>`SELECT conname AS name FROM pg_constraint WHERE contype = 'f'
      UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`.execute(db)
  ).rows.map((r) => r.name);

const sealer = createSealer(Buffer.alloc(32, 7));
const SEED = 20260214;
const PERSONS = 4000;
const XINPU = DEMO_VILLAGES.xinpu;
const FUXING = DEMO_VILLAGES.fuxing;

async function seededCounty(seed: number): Promise<County> {
  const handle = await freshDatabase();
  await migrateToLatest(handle.db);
  const shapeBefore = await schemaShape(handle.db);
  const result = await seedDemoCounty(handle, sealer, { size: 'small', seed });
  const workers = await handle.db
    .selectFrom('appUser')
    .select(['id', 'unitId'])
    .where('role', '=', 'village_worker')
    .execute();
  return {
    handle,
    db: handle.db,
    reporterIds: Object.fromEntries(workers.map((w) => [w.unitId, w.id])),
    result,
    shapeBefore,
  };
}

const ageOn = (birth: string, on: string) => {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
};

describe('the demo registry', () => {
  let county: County;
  let persons: PersonRow[];
  /** Those registered here on 2015-01-01 or later: not the base's children who left or died before. */
  let since2015: PersonRow[];
  let byId: Map<string, PersonRow>;

  beforeAll(async () => {
    county = await seededCounty(SEED);
    persons = await county.db.selectFrom('person').selectAll().orderBy('id').execute();
    byId = new Map(persons.map((p) => [p.id, p]));
    since2015 = persons.filter((p) => (p.leftDate ?? '9') >= '2015-01-01' && (p.deathDate ?? '9') >= '2015-01-01');
  });
  afterAll(async () => {
    await county?.handle.close();
  });

  it('has about as many people as asked, in households with one living head each', async () => {
    const { db, result } = county;
    expect(result.persons).toBe(persons.length);
    expect(since2015.length).toBeGreaterThan(PERSONS * 0.9);
    expect(since2015.length).toBeLessThan(PERSONS * 1.1);
    // The children who left or died before 2015 are known too, and not many more than the rest.
    expect(persons.length - since2015.length).toBeGreaterThan(PERSONS * 0.1);
    expect(persons.length - since2015.length).toBeLessThan(PERSONS * 0.5);
    const households = await db
      .selectFrom('household')
      .select(['id', 'householdNumber', 'address', 'hukouType', 'unitId'])
      .execute();
    expect(households.length).toBe(result.households);
    expect(result.households).toBeGreaterThan(PERSONS / 5);
    expect(new Set(households.map((h) => h.householdNumber)).size).toBe(households.length);
    for (const h of households) expect(h.address).toMatch(/^华容县.+(组\d+号|\d+号)$/);
    // Every household with someone still registered in it has exactly one living head.
    const heads = new Map<string, number>();
    const occupied = new Set(persons.filter((p) => p.status === 'active').map((p) => p.householdId));
    for (const p of persons)
      if (p.relationship === '02' && p.status === 'active')
        heads.set(p.householdId!, (heads.get(p.householdId!) ?? 0) + 1);
    for (const h of households.filter((x) => occupied.has(x.id))) expect(heads.get(h.id), h.householdNumber).toBe(1);
    expect(occupied.size).toBeGreaterThan(households.length * 0.9);
    // 社区 households are urban, 村 households rural.
    const units = new Map((await db.selectFrom('orgUnit').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
    for (const h of households)
      expect(h.hukouType).toBe(/(社区|居委会|居民委员会)$/.test(units.get(h.unitId)!) ? 'urban' : 'rural');
    expect(persons.filter((p) => p.status === 'dead').length).toBeGreaterThan(persons.length * 0.04);
    expect(persons.filter((p) => p.ethnicity === '15').length).toBeGreaterThan(0);
    expect(persons.filter((p) => p.residenceUnitId !== p.hukouUnitId).length).toBeGreaterThan(0);
    expect(persons.filter((p) => p.status === 'moved_out').length).toBeGreaterThan(persons.length * 0.02);
  });

  it('loads with COPY and puts every index and foreign key back, and rebuilds what triggers derive', async () => {
    expect(await schemaShape(county.db)).toEqual(county.shapeBefore);
    // The indicators' spans (one per history row) are rebuilt after the load, triggers being off during it.
    const spans = await sql<{ spans: number | null; history: number }>`SELECT
        (SELECT count(*)::int FROM person_history) AS history,
        CASE WHEN to_regclass('person_span') IS NULL THEN NULL ELSE (SELECT count(*)::int FROM person_history) END AS spans`.execute(
      county.db,
    );
    if (spans.rows[0]!.spans !== null) {
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person_span`.execute(county.db);
      expect(n.rows[0]!.n).toBe(spans.rows[0]!.history);
    }
  });

  it('ages like a rural Hunan county: many aged 45–70, fewer aged 20–35', () => {
    const active = persons.filter((p) => p.status === 'active');
    const share = (lo: number, hi: number) =>
      active.filter((p) => ageOn(p.birthDate, '2026-11-01') >= lo && ageOn(p.birthDate, '2026-11-01') < hi).length /
      active.length;
    expect(share(45, 70)).toBeGreaterThan(0.35);
    expect(share(20, 35)).toBeLessThan(0.17);
    expect(share(80, 120)).toBeGreaterThan(0.02);
  });

  it('gives every ID number that decrypts to a valid number matching birth date and sex', () => {
    let withId = 0;
    for (const p of persons) {
      if (!p.idNumberSealed) {
        // Only babies may still be waiting for a number.
        expect(p.birthDate >= '2025-10-01', `${p.name} ${p.birthDate}`).toBe(true);
        continue;
      }
      withId++;
      const id = sealer.open(p.idNumberSealed);
      const parsed = parseIdNumber(id);
      expect(parsed.ok, id).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.idNumber).toBe(id);
      expect(parsed.value.birthDate).toBe(p.birthDate);
      expect(parsed.value.sex).toBe(p.sex);
      expect(p.idNumberHash).toBe(sealer.lookupHash(id));
      expect(p.idNumberMasked).toBe(maskIdNumber(id));
    }
    expect(withId).toBeGreaterThan(persons.length * 0.99);
    expect(new Set(persons.map((p) => p.idNumberHash).filter(Boolean)).size).toBe(withId);
  });

  it('links children to parents who are old enough, and spouses both ways', () => {
    let linked = 0;
    for (const c of persons) {
      if (c.motherId) {
        const m = byId.get(c.motherId)!;
        expect(m, c.name).toBeDefined();
        expect(m.countyCode).toBe(c.countyCode);
        expect(m.sex).toBe(2);
        expect(ageOn(m.birthDate, c.birthDate), `${m.name} → ${c.name}`).toBeGreaterThanOrEqual(15);
        expect(c.birthOrder).toBeGreaterThanOrEqual(1);
        linked++;
      }
      if (c.fatherId) {
        const f = byId.get(c.fatherId)!;
        expect(f.sex).toBe(1);
        expect(ageOn(f.birthDate, c.birthDate)).toBeGreaterThanOrEqual(15);
      }
      if (c.spouseId && c.maritalStatus === '20') {
        const s = byId.get(c.spouseId)!;
        expect(s.sex).not.toBe(c.sex);
        if (s.spouseId !== c.id) {
          // A widow(er) who married again: the dead partner's record still names them.
          expect(c.status, c.name).toBe('dead');
          expect(s.maritalStatus).toBe('20');
          continue;
        }
        expect(s.householdId).toBe(c.householdId);
        if (c.status === 'active' && s.status === 'active') expect(s.maritalStatus).toBe('20');
      }
      if (c.maritalStatus === '20' && c.status === 'active') expect(c.spouseId, c.name).not.toBeNull();
    }
    expect(linked).toBeGreaterThan(persons.length * 0.3);
    // Birth order is 1, 2, 3 … by birth date among each mother's children.
    const children = new Map<string, PersonRow[]>();
    for (const c of persons) if (c.motherId) children.set(c.motherId, [...(children.get(c.motherId) ?? []), c]);
    for (const list of children.values()) {
      list.sort((a, b) => (a.birthDate < b.birthDate ? -1 : 1));
      expect(list.map((c) => c.birthOrder)).toEqual(list.map((_, i) => i + 1));
    }
  });

  it('has exactly one confirmed birth event and report for every birth in the county since 2015', async () => {
    const { db } = county;
    const bornHere = new Set(
      (await db.selectFrom('personHistory').select('personId').where('change', '=', 'birth').execute()).map(
        (h) => h.personId,
      ),
    );
    const born = persons.filter((p) => bornHere.has(p.id));
    expect(born.every((p) => p.birthDate >= '2015-01-01')).toBe(true);
    expect(born.length).toBeGreaterThan(PERSONS * 0.06);
    const events = await db.selectFrom('vitalEvent').selectAll().where('type', '=', 'birth').execute();
    expect(events.length).toBe(born.length);
    const reports = new Map(
      (await db.selectFrom('report').selectAll().where('status', '=', 'confirmed').execute()).map((r) => [r.id, r]),
    );
    const eventsOf = new Map<string, number>();
    for (const e of events) eventsOf.set(e.personId, (eventsOf.get(e.personId) ?? 0) + 1);
    for (const child of born) {
      expect(eventsOf.get(child.id), child.name).toBe(1);
      const e = events.find((x) => x.personId === child.id)!;
      const mother = byId.get(child.motherId!)!;
      expect(e.otherPersonId).toBe(mother.id);
      expect(e.eventDate).toBe(child.birthDate);
      expect(e.childSex).toBe(child.sex);
      expect(e.birthOrder).toBe(child.birthOrder);
      expect(e.motherAge).toBe(ageOn(mother.birthDate, child.birthDate));
      expect(e.unitId).toBe(child.hukouUnitId);
      const r = reports.get(e.reportId!)!;
      expect(r, child.name).toBeDefined();
      expect(r.type).toBe('birth');
      expect(r.resultPersonId).toBe(child.id);
      expect(r.reportedOn).toBe(e.reportedOn);
      expect(r.reportedOn > r.eventDate).toBe(true);
      const payload = r.payload as { motherId: string; child: { name: string; sex: number }; weightGrams: number };
      expect(payload.motherId).toBe(mother.id);
      expect(payload.child).toEqual({ name: child.name, sex: child.sex });
      expect(payload.weightGrams).toBe(e.birthWeightG);
    }
    const weights = events.map((e) => e.birthWeightG!);
    expect(weights.filter((w) => w >= 2500 && w <= 4200).length / weights.length).toBeGreaterThan(0.85);
    const weeks = events.map((e) => e.gestationalWeeks!);
    expect(weeks.filter((w) => w >= 37 && w <= 41).length / weeks.length).toBeGreaterThan(0.85);
  });

  it('has a sex ratio at birth near 106 and births falling after 2017', async () => {
    const births = await county.db
      .selectFrom('vitalEvent')
      .select(['childSex', 'eventDate'])
      .where('type', '=', 'birth')
      .execute();
    const boys = births.filter((b) => b.childSex === 1).length;
    const ratio = (100 * boys) / (births.length - boys);
    expect(ratio).toBeGreaterThan(95);
    expect(ratio).toBeLessThan(120);
    const inYears = (from: number, to: number) =>
      births.filter((b) => Number(b.eventDate.slice(0, 4)) >= from && Number(b.eventDate.slice(0, 4)) <= to).length;
    expect(inYears(2016, 2018)).toBeGreaterThan(inYears(2022, 2024) * 1.4);
    // A crude birth rate of about 6–10‰ over the years.
    const perYear = births.length / 11.83;
    expect((1000 * perYear) / persons.length).toBeGreaterThan(5);
    expect((1000 * perYear) / persons.length).toBeLessThan(11);
  });

  it('backs every confirmed report by one event and a submit, approve and confirm; payloads are valid reports', async () => {
    const { db, reporterIds } = county;
    const reports = await db.selectFrom('report').selectAll().execute();
    const events = await db
      .selectFrom('vitalEvent')
      .select(['id', 'reportId', 'type', 'personId', 'eventDate'])
      .execute();
    const actions = await db.selectFrom('reportAction').selectAll().orderBy('id').execute();
    expect(reports.length).toBe(county.result.reports);
    expect(events.length).toBe(county.result.events);
    const eventOf = new Map<string, number>();
    for (const e of events) eventOf.set(e.reportId!, (eventOf.get(e.reportId!) ?? 0) + 1);
    const actionsOf = new Map<string, typeof actions>();
    for (const a of actions) actionsOf.set(a.reportId, [...(actionsOf.get(a.reportId) ?? []), a]);
    for (const r of reports) {
      // Stored payloads carry ID numbers sealed, as the reporting module stores them.
      const parsed = PAYLOAD_SCHEMAS[r.type].safeParse(openPayload(sealer, r.payload as Record<string, unknown>));
      expect(parsed.success, `${r.summary}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    for (const r of reports.filter((x) => x.status === 'confirmed')) {
      expect(eventOf.get(r.id)).toBe(1);
      expect(r.reporterId).toBe(reporterIds[r.unitId]);
      expect(actionsOf.get(r.id)!.map((a) => a.action)).toEqual(['submit', 'approve', 'confirm']);
      expect(actionsOf.get(r.id)!.map((a) => a.toStatus)).toEqual(['submitted', 'township_approved', 'confirmed']);
      const lag = (Date.parse(r.reportedOn) - Date.parse(r.eventDate)) / 86_400_000;
      expect(lag).toBeGreaterThanOrEqual(1);
      expect(lag).toBeLessThanOrEqual(40);
      expect(r.eventDate >= '2015-01-01' && r.eventDate <= '2026-10-31').toBe(true);
    }
    const timely = reports.filter(
      (r) => r.status === 'confirmed' && Date.parse(r.reportedOn) - Date.parse(r.eventDate) <= 30 * 86_400_000,
    );
    expect(timely.length / reports.filter((r) => r.status === 'confirmed').length).toBeGreaterThan(0.7);
    // Deaths: every dead person has one death event on the date of death, mostly the old.
    const dead = since2015.filter((p) => p.status === 'dead');
    const deaths = events.filter((e) => e.type === 'death');
    expect(deaths.length).toBe(dead.length);
    for (const p of dead) expect(deaths.find((e) => e.personId === p.id)?.eventDate).toBe(p.deathDate);
    expect(dead.filter((p) => ageOn(p.birthDate, p.deathDate!) >= 60).length / dead.length).toBeGreaterThan(0.75);
    for (const t of ['marriage', 'divorce', 'move_in', 'move_out'] as const)
      expect(events.filter((e) => e.type === t).length, t).toBeGreaterThan(0);
    // Moves: every person who left has one move-out event on the day they left; arrivals have a move-in.
    const left = since2015.filter((p) => p.status === 'moved_out');
    const moves = events.filter((e) => e.type === 'move_out');
    expect(moves.length).toBe(left.length);
    for (const p of left) expect(moves.find((e) => e.personId === p.id)?.eventDate).toBe(p.leftDate);
    const arrivals = reports.filter((r) => r.type === 'move_in');
    for (const r of arrivals) {
      const p = byId.get(r.resultPersonId!)!;
      const payload = openPayload(sealer, r.payload as Record<string, unknown>) as {
        person: { idNumber: string; name: string };
      };
      expect(payload.person.name).toBe(p.name);
      expect(sealer.lookupHash(payload.person.idNumber)).toBe(p.idNumberHash);
      expect(r.summary).toMatch(/^迁入：/);
    }
  });

  it('keeps history: from birth (or arrival), a row for each change since 2015, the last one the current state', async () => {
    const history = await county.db
      .selectFrom('personHistory')
      .select(['personId', 'validFrom', 'change', 'snapshot', 'eventId'])
      .orderBy('personId')
      .orderBy('validFrom')
      .orderBy('id')
      .execute();
    const of = new Map<string, typeof history>();
    for (const h of history) of.set(h.personId, [...(of.get(h.personId) ?? []), h]);
    const registered = new Set(since2015.map((p) => p.id));
    const before = new Set(persons.filter((p) => !registered.has(p.id)).map((p) => p.id));
    for (const p of persons) {
      const rows = of.get(p.id)!;
      if (before.has(p.id)) {
        // Left or died before 2015: one state from that day, never counted in a population since.
        expect(rows.length).toBe(1);
        expect(rows[0]!.change).toBe(p.status === 'dead' ? 'death' : 'move_out');
        expect(rows[0]!.validFrom).toBe(p.status === 'dead' ? p.deathDate : p.leftDate);
        expect(rows[0]!.snapshot).toEqual(snapshotOf(p));
        expect(p.motherId ?? p.fatherId).not.toBeNull();
        continue;
      }
      expect(['demo', 'birth', 'move_in']).toContain(rows[0]!.change);
      if (rows[0]!.change === 'birth') expect(rows[0]!.validFrom).toBe(p.birthDate);
      expect(rows[0]!.validFrom >= p.birthDate).toBe(true);
      expect((rows[0]!.snapshot as { status: string }).status).toBe('active');
      expect(rows.length).toBe(p.version);
      const last = rows[rows.length - 1]!.snapshot as PersonSnapshot;
      expect(Object.keys(last).sort()).toEqual([...SNAPSHOT_FIELDS].sort());
      expect(last).toEqual(snapshotOf(p));
      if (p.status === 'dead') expect(rows.some((r) => r.change === 'death' && r.validFrom === p.deathDate)).toBe(true);
      if (p.status === 'moved_out')
        expect(rows.some((r) => r.change === 'move_out' && r.validFrom === p.leftDate)).toBe(true);
    }
  });

  it('gives 新铺村 and 复兴村 100+ people with young married couples', async () => {
    for (const village of [XINPU, FUXING]) {
      const people = persons.filter((p) => p.hukouUnitId === village && p.status === 'active');
      expect(people.length, village).toBeGreaterThanOrEqual(100);
      const wives = people.filter((w) => {
        const age = ageOn(w.birthDate, '2026-11-29');
        const husband = w.spouseId ? byId.get(w.spouseId) : undefined;
        return (
          w.sex === 2 &&
          age >= 20 &&
          age <= 40 &&
          w.maritalStatus === '20' &&
          husband?.status === 'active' &&
          husband.householdId === w.householdId
        );
      });
      expect(wives.length, village).toBeGreaterThanOrEqual(4);
    }
  });

  it('leaves a few reports in the workflow in 新铺村, without events or changes to people', async () => {
    const { db } = county;
    const pending = await db
      .selectFrom('report')
      .selectAll()
      .where('status', '!=', 'confirmed')
      .orderBy('reportedAt')
      .execute();
    expect(pending.map((r) => `${r.type}:${r.status}`).sort()).toEqual([
      'birth:returned',
      'birth:submitted',
      'birth:submitted',
      'death:township_approved',
    ]);
    for (const r of pending) {
      expect(r.unitId).toBe(XINPU);
      expect(r.resultPersonId).toBeNull();
      const subject = byId.get(r.subjectPersonId!)!;
      expect(subject.status).toBe('active');
      expect(subject.hukouUnitId).toBe(XINPU);
      const events = await db.selectFrom('vitalEvent').select('id').where('reportId', '=', r.id).execute();
      expect(events).toEqual([]);
      const actions = await db
        .selectFrom('reportAction')
        .select(['action', 'toStatus', 'reason'])
        .where('reportId', '=', r.id)
        .orderBy('id')
        .execute();
      expect(actions[actions.length - 1]!.toStatus).toBe(r.status);
      expect(r.version).toBe(actions.length);
      if (r.status === 'returned') expect(actions[actions.length - 1]!.reason).toBeTruthy();
      if (r.type === 'birth') {
        const p = r.payload as { motherId: string; fatherId: string };
        expect(byId.get(p.motherId)!.spouseId).toBe(p.fatherId);
      }
    }
  });

  it('has the hospitals’ birth certificates of the last three months waiting to be linked, a few of them births the villages did not report', async () => {
    const batches = await sql<{
      id: string;
      status: string;
      recordCount: number;
    }>`SELECT id, status, record_count FROM feed_batch`.execute(county.db);
    expect(batches.rows).toHaveLength(1);
    const batch = batches.rows[0]!;
    expect(batch.status).toBe('parsed');
    expect(batch.recordCount).toBeGreaterThan(5);
    const linked = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM linkage_run`.execute(county.db);
    expect(linked.rows[0]!.n).toBe(0);
    // Mothers without an ID number on some certificates, one from another county.
    const records = await sql<{
      hash: string | null;
      unit: string | null;
    }>`SELECT mother_id_number_hash AS hash, unit_id AS unit FROM feed_record WHERE batch_id = ${batch.id}`.execute(
      county.db,
    );
    expect(records.rows.filter((r) => r.unit === null)).toHaveLength(1);
  });

  it('comes out the same for the same seed: the database holds what the simulation produces', () => {
    // The simulation is pure; run it again in memory and compare with what was loaded.
    const again = simulatePopulation(shippedCountyTree('430623')!, demoParams('small', { seed: SEED }), {
      groupsPerVillage: groupsFor,
    });
    const loaded = persons.map((p) => [
      p.id,
      p.name,
      p.birthDate,
      p.sex,
      p.householdId,
      p.motherId,
      p.spouseId,
      p.status,
      p.deathDate,
    ]);
    const simulated = again.persons
      .map((p) => [
        p.id,
        p.surname + p.given,
        fromDay(p.birth),
        p.sex,
        p.hh.id,
        p.mother?.id ?? null,
        p.spouse?.id ?? null,
        p.status,
        p.deathDay === null ? null : fromDay(p.deathDay),
      ])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    expect(loaded).toEqual(simulated);
    expect(
      persons
        .filter((p) => p.idNumberHash)
        .map((p) => p.idNumberHash)
        .sort(),
    ).toEqual(
      again.persons
        .filter((p) => p.idNumber)
        .map((p) => sealer.lookupHash(p.idNumber!))
        .sort(),
    );
    expect(again.events.length).toBe(county.result.events);
  });
});
