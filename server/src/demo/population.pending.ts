/**
 * Reports a demo shows still in the workflow, all in one village (新铺村 in 华容县): two births
 * awaiting the township, a birth the township returned, and a death the township approved that
 * awaits the county. They change no person and have no vital event.
 */
import { SEX } from '../lib/codes.js';
import { HOSPITALS } from './names.js';
import { World, fullName, type Actors, type Person, type Row } from './population.model.js';
import type { Population } from './population.simulation.js';
import { Rng, ageOn, deriveSeed, fromDay } from './random.js';

export const PENDING_VILLAGE = '430623101208';
const HOUR_MS = 3_600_000;

const workingTime = (rng: Rng, date: string) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + (rng.int(8, 17) * 3600 + rng.int(0, 3599)) * 1000);

export function pendingReports(pop: Population, actors: Actors): { reports: Row[]; actions: Row[] } {
  const village = pop.villages.find((v) => v.id === PENDING_VILLAGE);
  if (!village) return { reports: [], actions: [] };
  const rng = new Rng(deriveSeed(pop.params.seed, `${pop.countyCode}:pending`));
  const names = new World(rng, pop.countyCode, pop.countyName, [], []);
  const reports: Row[] = [];
  const actions: Row[] = [];
  const county = pop.countyCode;
  const reporter = actors.reporterFor(village.id);
  const reviewer = actors.reviewerFor(village.id);
  const on = '2026-11-01';
  const inVillage = (p: Person) => p.hh.village === village && p.status === 'active';
  const lastBirth = (w: Person) => (w.lastBirth === null ? '0000-00-00' : fromDay(w.lastBirth));
  const mothers = pop.persons.filter(
    (w) =>
      inVillage(w) &&
      w.sex === 2 &&
      w.marital === '20' &&
      w.spouse?.hh === w.hh &&
      w.spouse.status === 'active' &&
      ageOn(fromDay(w.birth), on) >= 20 &&
      ageOn(fromDay(w.birth), on) <= 40 &&
      lastBirth(w) <= '2025-01-31',
  );
  if (!mothers.length) return { reports, actions };

  const birth = (eventDate: string, reportedOn: string, status: 'submitted' | 'returned') => {
    const mother = mothers.splice(rng.int(0, mothers.length - 1), 1)[0] ?? mothers[0]!;
    const father = mother.spouse!;
    const sex = rng.chance(0.515) ? 1 : 2;
    const name = father.surname + names.givenName(sex, Date.parse(eventDate) / 86_400_000, mother.children);
    const weeks = rng.int(37, 41);
    const at = workingTime(rng, reportedOn);
    const id = rng.uuid();
    const payload = {
      motherId: mother.id,
      fatherId: father.id,
      child: { name, sex },
      weightGrams: Math.round(rng.normal(3300, 350) / 10) * 10,
      gestationalWeeks: weeks,
      place: 'hospital',
      hospitalName: rng.weighted(HOSPITALS),
      defect: false,
    };
    const summary = `出生：${name}（${SEX[sex]}），母亲 ${fullName(mother)}，父亲 ${fullName(father)}`;
    actions.push([id, at, reporter, 'submit', null, 'submitted', null]);
    let version = 1;
    let updated = at;
    if (status === 'returned') {
      updated = new Date(at.getTime() + rng.int(20, 70) * HOUR_MS);
      version = 2;
      actions.push([
        id,
        updated,
        reviewer,
        'return',
        'submitted',
        'returned',
        '出生医学证明编号与医院登记不一致，请核对出生医学证明后重新提交',
      ]);
    }
    reports.push([
      id,
      county,
      'birth',
      status,
      village.id,
      mother.id,
      eventDate,
      at,
      reportedOn,
      JSON.stringify(payload),
      summary,
      reporter,
      null,
      version,
      updated,
    ]);
  };
  birth('2026-11-03', '2026-11-16', 'submitted');
  birth('2026-11-11', '2026-11-18', 'submitted');
  birth('2026-10-22', '2026-11-02', 'returned');

  // A death approved by the township, awaiting the county: the eldest villager who is not a head.
  const elderly = pop.persons
    .filter((p) => inVillage(p) && ageOn(fromDay(p.birth), on) >= 75)
    .sort((a, b) => a.birth - b.birth);
  const deceased = elderly.find((p) => p.rel !== '02') ?? elderly[0];
  if (deceased) {
    const at = workingTime(rng, '2026-11-09');
    const approvedAt = new Date(at.getTime() + rng.int(20, 60) * HOUR_MS);
    const id = rng.uuid();
    const payload = { personId: deceased.id, cause: '心脑血管疾病', place: '家中' };
    const summary = `死亡：${fullName(deceased)}（${SEX[deceased.sex]}，${fromDay(deceased.birth)} 生）`;
    reports.push([
      id,
      county,
      'death',
      'township_approved',
      village.id,
      deceased.id,
      '2026-11-06',
      at,
      '2026-11-09',
      JSON.stringify(payload),
      summary,
      reporter,
      null,
      2,
      approvedAt,
    ]);
    actions.push(
      [id, at, reporter, 'submit', null, 'submitted', null],
      [id, approvedAt, reviewer, 'approve', 'submitted', 'township_approved', null],
    );
  }
  return { reports, actions };
}
