/**
 * Turns a simulated population into the rows of the registry and the reporting workflow, as the
 * system itself would have written them: households; persons in their current state with sealed,
 * hashed and masked ID numbers and searchable pinyin; one person_history row per state since
 * birth or arrival; for every vital event a confirmed village report (payload and summary as
 * the reporting module writes them), its submit → approve → confirm actions and the vital_event
 * row. Rows are arrays in the column order of COLUMNS, produced lazily for COPY.
 */
import { RELATIONSHIP, SEX } from '../lib/codes.js';
import { maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import { fullName, type Actors, type Person, type Row, type SimEvent, type State } from './population.model.js';
import { pendingReports } from './population.pending.js';
import type { Population } from './population.simulation.js';
import { Rng, ageOn, deriveSeed, fromDay, toDay } from './random.js';

export type CopyTable = 'household' | 'person' | 'person_history' | 'report' | 'report_action' | 'vital_event';

export const COLUMNS: Record<CopyTable, readonly string[]> = {
  household: ['id', 'county_code', 'household_number', 'unit_id', 'address', 'hukou_type'],
  person: [
    'id',
    'county_code',
    'id_number_sealed',
    'id_number_hash',
    'id_number_masked',
    'name',
    'name_pinyin',
    'name_initials',
    'sex',
    'birth_date',
    'ethnicity',
    'hukou_type',
    'hukou_unit_id',
    'residence_unit_id',
    'household_id',
    'relationship',
    'mother_id',
    'father_id',
    'spouse_id',
    'marital_status',
    'birth_order',
    'status',
    'death_date',
    'left_date',
    'version',
  ],
  person_history: ['person_id', 'county_code', 'valid_from', 'event_id', 'change', 'snapshot'],
  report: [
    'id',
    'county_code',
    'type',
    'status',
    'unit_id',
    'subject_person_id',
    'event_date',
    'reported_at',
    'reported_on',
    'payload',
    'summary',
    'reporter_id',
    'result_person_id',
    'version',
    'updated_at',
  ],
  report_action: ['report_id', 'at', 'user_id', 'action', 'from_status', 'to_status', 'reason', 'county_code'],
  vital_event: [
    'id',
    'county_code',
    'type',
    'event_date',
    'unit_id',
    'person_id',
    'other_person_id',
    'report_id',
    'reported_on',
    'confirmed_at',
    'child_sex',
    'birth_order',
    'birth_weight_g',
    'gestational_weeks',
    'has_defect',
    'mother_age',
    'details',
  ],
};

const HOUR_MS = 3_600_000;

/** A point in a China-time working day, as epoch milliseconds. */
function workingTime(rng: Rng, date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) + (rng.int(8, 17) * 3600 + rng.int(0, 3599)) * 1000;
}

/** When each event's report was submitted, approved and confirmed (epoch ms: a Date each would be 850,000 objects). */
type Filing = { reportId: string; reportedOn: string; reportedAt: number; approvedAt: number; confirmedAt: number };
const at = (ms: number) => new Date(ms);

export class PopulationRows {
  private readonly pinyin = new Map<string, { full: string; initials: string }>();
  private readonly filings: Filing[];
  private readonly pending: { reports: Row[]; actions: Row[] };
  readonly countyCode: string;

  constructor(
    readonly pop: Population,
    private readonly sealer: Sealer,
    private readonly actors: Actors,
  ) {
    this.countyCode = pop.countyCode;
    const rng = new Rng(deriveSeed(pop.params.seed, `${pop.countyCode}:reports`));
    const lastReported = fromDay(toDay(pop.params.end) + 10);
    // Reports get more timely year by year (72% within 30 days in 2015, 97% by 2026).
    this.filings = pop.events.map((e) => {
      const date = fromDay(e.day);
      const y = Number(date.slice(0, 4));
      const timely = rng.chance(Math.min(0.97, 0.72 + 0.022 * (y - 2015)));
      let reportedOn = fromDay(e.day + (timely ? rng.int(3, 30) : rng.int(31, 40)));
      if (reportedOn > lastReported) reportedOn = fromDay(Math.max(e.day + 1, toDay(lastReported)));
      const reportedAt = workingTime(rng, reportedOn);
      const approvedAt = reportedAt + rng.int(2, 96) * HOUR_MS;
      const confirmedAt = approvedAt + rng.int(1, 120) * HOUR_MS;
      return { reportId: rng.uuid(), reportedOn, reportedAt, approvedAt, confirmedAt };
    });
    this.pending = pendingReports(pop, actors);
  }

  get counts() {
    let history = 0;
    for (const p of this.pop.persons) history += p.history.length;
    const events = this.pop.events.length;
    return {
      households: this.pop.households.length,
      persons: this.pop.persons.length,
      history,
      events,
      reports: events + this.pending.reports.length,
      actions: 3 * events + this.pending.actions.length,
    };
  }

  private py(name: string) {
    let v = this.pinyin.get(name);
    if (!v) this.pinyin.set(name, (v = namePinyin(name)));
    return v;
  }

  *households(): Generator<Row> {
    for (const h of this.pop.households) {
      yield [h.id, this.countyCode, h.number, h.village.id, h.address, h.urban ? 'urban' : 'rural'];
    }
  }

  *persons(): Generator<Row> {
    for (const p of this.pop.persons) {
      const name = fullName(p);
      const py = this.py(name);
      const id = p.idNumber;
      yield [
        p.id,
        this.countyCode,
        id ? this.sealer.seal(id) : null,
        id ? this.sealer.lookupHash(id) : null,
        id ? maskIdNumber(id) : null,
        name,
        py.full,
        py.initials,
        p.sex,
        fromDay(p.birth),
        p.ethnicity,
        p.hh.urban ? 'urban' : 'rural',
        p.hh.village.id,
        p.residence,
        p.hh.id,
        p.rel,
        p.mother?.id ?? null,
        p.father?.id ?? null,
        p.spouse?.id ?? null,
        p.marital,
        p.birthOrder,
        p.status,
        p.deathDay === null ? null : fromDay(p.deathDay),
        p.leftDay === null ? null : fromDay(p.leftDay),
        p.history.length,
      ];
    }
  }

  /**
   * The history snapshot as JSON, written by hand for speed (a million rows at full size) with
   * the keys of registry/person.repository.ts SNAPSHOT_FIELDS in their order; the tests check
   * that it parses to exactly snapshotOf(...) of the same state.
   */
  snapshot(p: Person, s: State, head: string, tail: string): string {
    const q = (v: string | null) => (v === null ? 'null' : `"${v}"`);
    return (
      `${head}"hukouType":"${s.hh.urban ? 'urban' : 'rural'}","hukouUnitId":"${s.hh.village.id}","residenceUnitId":"${s.residence}",` +
      `"householdId":"${s.hh.id}","relationship":"${s.rel}",${tail}"spouseId":${q(s.spouse?.id ?? null)},"maritalStatus":"${s.marital}",` +
      `"birthOrder":${p.birthOrder ?? 'null'},"status":"${s.status}","deathDate":${q(s.deathDay === null ? null : fromDay(s.deathDay))},` +
      `"leftDate":${q(s.leftDay === null ? null : fromDay(s.leftDay))},"idNumberMasked":${q(p.idNumber ? maskIdNumber(p.idNumber) : null)}}`
    );
  }

  /** The parts of a person's snapshot that never change, before and after the changing ones. */
  snapshotParts(p: Person): { head: string; tail: string } {
    return {
      head: `{"name":${JSON.stringify(fullName(p))},"sex":${p.sex},"birthDate":"${fromDay(p.birth)}","ethnicity":"${p.ethnicity}",`,
      tail: `"motherId":${p.mother ? `"${p.mother.id}"` : 'null'},"fatherId":${p.father ? `"${p.father.id}"` : 'null'},`,
    };
  }

  /** Each person's states in order: the first from birth (or arrival), then one per change. */
  *history(): Generator<Row> {
    for (const p of this.pop.persons) {
      const { head, tail } = this.snapshotParts(p);
      for (const h of p.history) {
        yield [p.id, this.countyCode, fromDay(h.day), h.event?.id ?? null, h.change, this.snapshot(p, h, head, tail)];
      }
    }
  }

  *reports(): Generator<Row> {
    const events = this.pop.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const f = this.filings[i]!;
      const { payload, summary } = this.payload(e);
      yield [
        f.reportId,
        this.countyCode,
        e.type,
        'confirmed',
        e.unitId,
        e.type === 'birth' ? e.other!.id : e.type === 'move_in' ? null : e.subject.id,
        fromDay(e.day),
        at(f.reportedAt),
        f.reportedOn,
        JSON.stringify(payload),
        summary,
        this.actors.reporterFor(e.unitId),
        e.subject.id,
        3,
        at(f.confirmedAt),
      ];
    }
    yield* this.pending.reports;
  }

  *actions(): Generator<Row> {
    const events = this.pop.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const f = this.filings[i]!;
      yield [
        f.reportId,
        at(f.reportedAt),
        this.actors.reporterFor(e.unitId),
        'submit',
        null,
        'submitted',
        null,
        this.countyCode,
      ];
      yield [
        f.reportId,
        at(f.approvedAt),
        this.actors.reviewerFor(e.unitId),
        'approve',
        'submitted',
        'township_approved',
        null,
        this.countyCode,
      ];
      yield [
        f.reportId,
        at(f.confirmedAt),
        this.actors.confirmerId,
        'confirm',
        'township_approved',
        'confirmed',
        null,
        this.countyCode,
      ];
    }
    // The pending reports' steps are built without the county: it is the same for all of them.
    for (const a of this.pending.actions) yield [...a, this.countyCode];
  }

  *vitals(): Generator<Row> {
    const events = this.pop.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const f = this.filings[i]!;
      const p = e.subject;
      const d = e.detail;
      let other: string | null = null;
      let birth: Row = [null, null, null, null, null, null];
      let details: Record<string, unknown> = {};
      switch (e.type) {
        case 'birth': {
          const mother = e.other!;
          other = mother.id;
          birth = [
            p.sex,
            p.birthOrder,
            d.grams as number,
            d.weeks as number,
            d.defect as boolean,
            ageOn(fromDay(mother.birth), fromDay(e.day)),
          ];
          details = {
            place: 'hospital',
            hospitalName: d.hospital,
            defectDescription: d.defectDescription ?? null,
            fatherId: p.father?.id ?? null,
          };
          break;
        }
        case 'death':
          details = { cause: d.cause, place: d.place };
          break;
        case 'marriage':
        case 'divorce':
          other = e.other!.id;
          break;
        case 'move_in':
          details = { fromPlace: d.fromPlace };
          break;
        case 'move_out':
          details = { destination: d.destination };
          break;
      }
      yield [
        e.id,
        this.countyCode,
        e.type,
        fromDay(e.day),
        e.unitId,
        p.id,
        other,
        f.reportId,
        f.reportedOn,
        at(f.confirmedAt),
        ...birth,
        JSON.stringify(details),
      ];
    }
  }

  /** The stored payload (ID numbers sealed) and summary, as reporting/report.validation.ts makes them. */
  private payload(e: SimEvent): { payload: Record<string, unknown>; summary: string } {
    const p = e.subject;
    const d = e.detail;
    const name = fullName(p);
    switch (e.type) {
      case 'birth': {
        const mother = e.other!;
        const father = p.father;
        return {
          payload: {
            motherId: mother.id,
            fatherId: father?.id ?? null,
            child: { name, sex: p.sex },
            weightGrams: d.grams,
            gestationalWeeks: d.weeks,
            place: 'hospital',
            hospitalName: d.hospital,
            defect: d.defect,
            ...(d.defect ? { defectDescription: d.defectDescription } : {}),
          },
          summary: `出生：${name}（${SEX[p.sex]}），母亲 ${fullName(mother)}${father ? `，父亲 ${fullName(father)}` : ''}`,
        };
      }
      case 'death':
        return {
          payload: { personId: p.id, cause: d.cause, place: d.place },
          summary: `死亡：${name}（${SEX[p.sex]}，${fromDay(p.birth)} 生）`,
        };
      case 'marriage':
        return {
          payload: { personId: p.id, spouseId: e.other!.id },
          summary: `结婚：${name} 与 ${fullName(e.other!)}`,
        };
      case 'divorce':
        return { payload: { personId: p.id }, summary: `离婚：${name}` };
      case 'move_out':
        return {
          payload: { personId: p.id, destination: d.destination },
          summary: `迁出：${name}，迁往 ${d.destination as string}`,
        };
      case 'move_in': {
        const id = p.idNumber!;
        const hukouType = (d.newHousehold ? d.urban : p.history[0]!.hh.urban) ? 'urban' : 'rural';
        const rel = d.relationship as string;
        return {
          payload: {
            person: {
              name,
              idNumberSealed: this.sealer.seal(id),
              idNumberMasked: maskIdNumber(id),
              ethnicity: p.ethnicity,
              hukouType,
            },
            ...(d.newHousehold ? { newHousehold: { address: d.address, hukouType } } : { householdId: d.householdId }),
            relationship: rel,
            fromPlace: d.fromPlace,
          },
          summary: `迁入：${name}（${SEX[p.sex]}，${fromDay(p.birth)} 生），来自 ${d.fromPlace as string}，${RELATIONSHIP[rel]}`,
        };
      }
    }
  }
}
