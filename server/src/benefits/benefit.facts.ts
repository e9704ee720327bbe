/**
 * BenefitFacts from the registry, in bulk. A county holds a million persons, so the facts of a
 * program's plausible persons are read with three set-based queries (persons with their spouse,
 * then the children of all of them at once), never one query per person; the rules then run in
 * TypeScript. What is plausible is derived from the program's own rule (see `prefilterOf`), so a
 * county's edited program is pre-filtered by what it says, not by code that knows the four
 * programs. A pre-filter only ever drops persons the rule would answer 'no' for: anyone who could
 * be 'yes' or 'unknown' (待核实) is kept.
 */
import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { BenefitProgram } from './benefit.programs.js';
import { compare, type BenefitFacts, type ChildFacts, type PersonFacts, type Rule, type Who } from './benefit.rules.js';

/** The columns of one registry person the facts need. */
export type FactsPersonRow = {
  id: string;
  name: string;
  sex: 1 | 2;
  birthDate: string;
  hukouType: 'rural' | 'urban';
  countyCode: string;
  deathDate: string | null;
  leftDate: string | null;
};
export type FactsChildRow = FactsPersonRow & { motherId: string | null; fatherId: string | null };
export type FactsCandidateRow = FactsPersonRow & { hukouUnitId: string; spouse: FactsPersonRow | null };
/** A person's latest disability assessment known on the evaluation date (disability_assessment). */
export type FactsDisability = { personId: string; grade: number; assessedOn: string };

/** A person's facts with the village that answers for them (the hukou unit). */
export type PersonWithFacts = { personId: string; unitId: string; facts: BenefitFacts };

const personFacts = (r: FactsPersonRow): PersonFacts => ({
  id: r.id,
  name: r.name,
  sex: r.sex,
  birthDate: r.birthDate,
  hukouType: r.hukouType,
  countyCode: r.countyCode,
  deathDate: r.deathDate,
  leftDate: r.leftDate,
});

const childFacts = (r: FactsChildRow, disability: ReadonlyMap<string, FactsDisability>): ChildFacts => {
  const d = disability.get(r.id);
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    deathDate: r.deathDate,
    ...(d ? { disability: { grade: d.grade, assessedOn: d.assessedOn } } : {}),
  };
};

/**
 * The mapping from registry rows to facts: the couple's children are those whose registered
 * mother or father is either spouse (each child once, oldest first), each with the latest
 * disability assessment the registry holds for them (`disability`, keyed by person id). The
 * registry is where a disability assessment is recorded (disability_assessment), so
 * `disabilityRecorded` is true: no assessment reads as not disabled. A roster generated from the registry proposes the families it can show qualify; a
 * family whose child is disabled comes with the certificate (an application), as the program
 * works on paper. Reading "no assessment" as "not known" sent every couple with a living only
 * child and a mother of 49 or more to the village to verify (889 of 4,005 persons in the small
 * demo, 180,671 in the synthetic county): a list nobody can work through.
 */
export function factsFromRows(
  rows: readonly FactsCandidateRow[],
  children: readonly FactsChildRow[],
  disability: ReadonlyMap<string, FactsDisability> = new Map(),
): PersonWithFacts[] {
  const byParent = new Map<string, FactsChildRow[]>();
  for (const c of children) {
    for (const parent of [c.motherId, c.fatherId]) {
      if (!parent) continue;
      const list = byParent.get(parent);
      if (list) list.push(c);
      else byParent.set(parent, [c]);
    }
  }
  return rows.map((r) => {
    const seen = new Map<string, FactsChildRow>();
    for (const parent of [r.id, r.spouse?.id]) {
      for (const c of (parent && byParent.get(parent)) || []) seen.set(c.id, c);
    }
    const kids = [...seen.values()].sort((a, b) =>
      a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : a.id < b.id ? -1 : 1,
    );
    return {
      personId: r.id,
      unitId: r.hukouUnitId,
      facts: {
        person: personFacts(r),
        spouse: r.spouse ? personFacts(r.spouse) : null,
        children: kids.map((c) => childFacts(c, disability)),
        disabilityRecorded: true,
      },
    };
  });
}

// ---- the pre-filter, derived from the rule --------------------------------------------------

type Eb = ExpressionBuilder<Database & { p: Database['person']; s: Database['person'] }, 'p' | 's'>;
type Pred = (eb: Eb, alias: 'p' | 's') => Expression<SqlBool>;

/** Whether the rule (or an amount tier's condition) looks at children at all: if not, none are read. */
export function usesChildren(rule: Rule): boolean {
  if ('all' in rule) return rule.all.some(usesChildren);
  if ('any' in rule) return rule.any.some(usesChildren);
  if ('not' in rule) return usesChildren(rule.not);
  return 'children' in rule;
}

/** Whether a 'yes' or 'unknown' needs at least one child of the couple (so the childless can be skipped). */
function needsChild(rule: Rule): boolean {
  if ('all' in rule) return rule.all.some(needsChild);
  if ('any' in rule) return rule.any.every(needsChild);
  if ('children' in rule) {
    const { op, value } = rule.children;
    // True when a count of 0 fails the comparison: 0 children can then never satisfy it.
    return !compare(0, op, value);
  }
  return false;
}

const iso = (y: number, md: string) => `${String(y).padStart(4, '0')}${md}`;

/**
 * A condition on one person as a predicate on a registry row, for a year's evaluation dates
 * (any month's last day of the year, or 31 December). Bounds are deliberately a little loose
 * (whole years): a pre-filter must never drop a person the rule could accept.
 */
function personPred(rule: Rule, year: number): Pred | undefined {
  if ('age' in rule) {
    const { op, value, at } = rule.age;
    const fixed = at && at !== 'date' && at !== 'yearStart' && at !== 'yearEnd' ? Number(at.slice(0, 4)) : undefined;
    const y = fixed ?? year;
    // Age >= N (or > N-1) on some day of the year: born by 31 December of year − N.
    if (op === '>=' || op === '>') {
      const n = op === '>=' ? value : value + 1;
      return (eb, a) => eb(`${a}.birthDate`, '<=', iso(y - n, '-12-31'));
    }
    // Age < N (or <= N-1) on some day of the year: born on or after 1 January of year − N − 1.
    if (op === '<' || op === '<=') {
      const n = op === '<' ? value : value + 1;
      return (eb, a) => eb(`${a}.birthDate`, '>=', iso(y - n - 1, '-01-01'));
    }
    return undefined;
  }
  if ('birthDate' in rule) {
    const { op, value } = rule.birthDate;
    if (op === '==' || op === '!=') return undefined;
    return (eb, a) => eb(`${a}.birthDate`, op, value);
  }
  if ('hukouType' in rule) {
    const { is } = rule.hukouType;
    return (eb, a) => eb(`${a}.hukouType`, '=', is);
  }
  if ('alive' in rule) {
    const { at } = rule.alive;
    const fixed = at && at !== 'date' && at !== 'yearStart' && at !== 'yearEnd' ? at : undefined;
    // Alive on some evaluation date of the year: no death, or a death after 1 January.
    const after = fixed ?? iso(year, '-01-01');
    return (eb, a) => eb.or([eb(`${a}.deathDate`, 'is', null), eb(`${a}.deathDate`, '>', after)]);
  }
  return undefined;
}

function whoOf(rule: Rule): { who: Who; ifAbsent: 'yes' | 'no' | 'unknown' } | undefined {
  for (const key of ['age', 'birthDate', 'hukouType', 'alive'] as const) {
    if (key in rule) {
      const o = (rule as Record<string, { who?: Who; ifAbsent?: 'yes' | 'no' | 'unknown' }>)[key]!;
      return { who: o.who ?? 'person', ifAbsent: o.ifAbsent ?? 'unknown' };
    }
  }
  return undefined;
}

/** The rule as a SQL pre-filter on `person p LEFT JOIN person s` (the spouse), or undefined for "no filter". */
function compile(rule: Rule, year: number): ((eb: Eb) => Expression<SqlBool>) | undefined {
  if ('all' in rule) {
    const parts = rule.all.map((r) => compile(r, year)).filter((f) => f !== undefined);
    return parts.length ? (eb) => eb.and(parts.map((f) => f(eb))) : undefined;
  }
  if ('any' in rule) {
    const parts = rule.any.map((r) => compile(r, year));
    if (parts.some((f) => f === undefined)) return undefined;
    return (eb) => eb.or(parts.map((f) => f!(eb)));
  }
  const who = whoOf(rule);
  const pred = personPred(rule, year);
  if (!who || !pred) return undefined;
  // An absent spouse or woman answers `ifAbsent`: only 'no' lets the filter drop those persons.
  const absentOk = who.ifAbsent !== 'no';
  switch (who.who) {
    case 'person':
      return (eb) => pred(eb, 'p');
    case 'spouse':
      return (eb) =>
        absentOk ? eb.or([eb('s.id', 'is', null), pred(eb, 's')]) : eb.and([eb('s.id', 'is not', null), pred(eb, 's')]);
    case 'woman':
      return (eb) =>
        eb.or([
          eb.and([eb('p.sex', '=', 2), pred(eb, 'p')]),
          eb.and([eb('p.sex', '!=', 2), eb('s.sex', '=', 2), pred(eb, 's')]),
          ...(absentOk ? [eb.and([eb('p.sex', '!=', 2), eb.or([eb('s.id', 'is', null), eb('s.sex', '!=', 2)])])] : []),
        ]);
  }
}

/** Every registered mother or father, once. */
const parentIds = (db: DbOrTx) =>
  db
    .selectFrom('person as m')
    .select((eb) => eb.ref('m.motherId').$notNull().as('pid'))
    .where('m.motherId', 'is not', null)
    .union(
      db
        .selectFrom('person as f')
        .select((eb) => eb.ref('f.fatherId').$notNull().as('pid'))
        .where('f.fatherId', 'is not', null),
    );

/** The persons of a county a program could accept in a year (the query is built, not run). */
export function plausiblePersons(db: DbOrTx, countyCode: string, program: BenefitProgram, year: number) {
  const filter = compile(program.rule, year);
  const childNeeded = needsChild(program.rule);
  return (
    db
      .selectFrom('person as p')
      .leftJoin('person as s', 's.id', 'p.spouseId')
      .where('p.countyCode', '=', countyCode)
      // A person whose hukou left the county before the year is the other county's to pay.
      .where((eb) => eb.or([eb('p.leftDate', 'is', null), eb('p.leftDate', '>=', iso(year, '-01-01'))]))
      .$if(filter !== undefined, (q) => q.where((eb) => filter!(eb as unknown as Eb)))
      // "Has a child" as two hash joins on the distinct parent ids: an EXISTS or IN under an OR
      // would be a subplan run per person, quadratic on a county.
      .$if(childNeeded, (q) =>
        q
          .leftJoin(parentIds(db).as('pc'), 'pc.pid', 'p.id')
          .leftJoin(parentIds(db).as('sc'), 'sc.pid', 's.id')
          .where((eb) => eb.or([eb('pc.pid', 'is not', null), eb('sc.pid', 'is not', null)])),
      )
  );
}

/**
 * The facts of every person of the county a program could accept in a year, with the village
 * responsible for each. Four queries whatever the county's size: the persons with their spouse,
 * and (when the program looks at children) the children of those persons and their spouses and
 * the county's disability assessments.
 */
export async function loadFacts(
  db: DbOrTx,
  countyCode: string,
  program: BenefitProgram,
  year: number,
): Promise<PersonWithFacts[]> {
  return factsOf(db, countyCode, program, year, plausiblePersons(db, countyCode, program, year));
}

/**
 * The facts of a few named persons of the county for a program and year, without the
 * pre-filter: an application is evaluated whatever the verdict, and a re-evaluation after a new
 * assessment must see the person even when the rules now refuse them. Persons of another county
 * are not read.
 */
export async function loadFactsOf(
  db: DbOrTx,
  countyCode: string,
  program: BenefitProgram,
  year: number,
  personIds: readonly string[],
): Promise<PersonWithFacts[]> {
  if (personIds.length === 0) return [];
  const base = db
    .selectFrom('person as p')
    .leftJoin('person as s', 's.id', 'p.spouseId')
    .where('p.countyCode', '=', countyCode)
    .where('p.id', 'in', [...personIds]);
  return factsOf(db, countyCode, program, year, base);
}

type PersonsQuery = ReturnType<typeof plausiblePersons>;

/**
 * The latest assessment of each person of the county on or before a day. A county records a few
 * thousand at most, so they are read whole rather than joined to the children; a later one is
 * not known on the day (the rules read facts as they stood), and the rules' facts hold one
 * assessment per child: a reassessment within the year hides the earlier one for the months
 * before it (docs/benefits.md, Facts).
 */
export async function latestAssessments(
  db: DbOrTx,
  countyCode: string,
  onOrBefore: string,
): Promise<Map<string, FactsDisability>> {
  const rows = await db
    .withTables<{
      disabilityAssessment: { personId: string; countyCode: string; grade: number; assessedOn: string };
    }>()
    .selectFrom('disabilityAssessment')
    .select(['personId', 'grade', 'assessedOn'])
    .where('countyCode', '=', countyCode)
    .where('assessedOn', '<=', onOrBefore)
    .orderBy('personId')
    .orderBy('assessedOn')
    .execute();
  const latest = new Map<string, FactsDisability>();
  for (const r of rows) latest.set(r.personId, { personId: r.personId, grade: r.grade, assessedOn: r.assessedOn });
  return latest;
}

async function factsOf(
  db: DbOrTx,
  countyCode: string,
  program: BenefitProgram,
  year: number,
  base: PersonsQuery,
): Promise<PersonWithFacts[]> {
  const rows = await base
    .select([
      'p.id',
      'p.name',
      'p.sex',
      'p.birthDate',
      'p.hukouType',
      'p.countyCode',
      'p.deathDate',
      'p.leftDate',
      'p.hukouUnitId',
      's.id as sId',
      's.name as sName',
      's.sex as sSex',
      's.birthDate as sBirthDate',
      's.hukouType as sHukouType',
      's.countyCode as sCountyCode',
      's.deathDate as sDeathDate',
      's.leftDate as sLeftDate',
    ])
    .orderBy('p.id')
    .execute();
  const candidates: FactsCandidateRow[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    hukouType: r.hukouType,
    countyCode: r.countyCode,
    deathDate: r.deathDate,
    leftDate: r.leftDate,
    hukouUnitId: r.hukouUnitId,
    spouse: r.sId
      ? {
          id: r.sId,
          name: r.sName!,
          sex: r.sSex!,
          birthDate: r.sBirthDate!,
          hukouType: r.sHukouType!,
          countyCode: r.sCountyCode!,
          deathDate: r.sDeathDate ?? null,
          leftDate: r.sLeftDate ?? null,
        }
      : null,
  }));
  const wantChildren = usesChildren(program.rule) || program.amounts.some((t) => t.when && usesChildren(t.when));
  if (!wantChildren || candidates.length === 0) return factsFromRows(candidates, []);
  // The parents: the plausible persons and their spouses, as one subquery of the same filter.
  const parents = base
    .select('p.id as id')
    .union(base.select((eb) => eb.ref('p.spouseId').$notNull().as('id')).where('p.spouseId', 'is not', null));
  const childCols = [
    'c.id',
    'c.name',
    'c.sex',
    'c.birthDate',
    'c.hukouType',
    'c.countyCode',
    'c.deathDate',
    'c.leftDate',
    'c.motherId',
    'c.fatherId',
  ] as const;
  // Two semi-joins (by mother, by father) rather than one OR, so each is a hash join; UNION drops
  // a child found both ways.
  const children = await db
    .selectFrom('person as c')
    .select(childCols)
    .where('c.motherId', 'in', db.selectFrom(parents.as('par')).select('par.id'))
    .union(
      db
        .selectFrom('person as c')
        .select(childCols)
        .where('c.fatherId', 'in', db.selectFrom(parents.as('par')).select('par.id')),
    )
    .execute();
  // A cycle reads the year as it stands at its end; later assessments are not known yet.
  return factsFromRows(candidates, children, await latestAssessments(db, countyCode, iso(year, '-12-31')));
}
