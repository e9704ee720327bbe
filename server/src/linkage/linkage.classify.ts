/**
 * What a linked feed record says about the registry (issue 5): consistent, different (which
 * fields), missing (an event the village has not reported: 漏报), contradicted (alive here, dead
 * there), unmatched (nobody to compare with; for a housing feed: someone living here whose hukou is
 * not in the county, 流动人口), or pending (a pair waits for a reviewer). Pure:
 * the service hands it the record, the persons its roles were linked to, and those persons'
 * children, and stores what it returns.
 */
import type { PersonStatus } from '../db/schema.js';

export type FindingKind = 'consistent' | 'different' | 'missing' | 'contradicted' | 'unmatched' | 'pending';

export type ClassifyRecord = {
  feedType: string;
  recordType: string;
  name: string | null;
  sex: number | null;
  birthDate: string | null;
  eventDate: string;
  unitId: string | null;
  motherName: string | null;
  spouseName: string | null;
  /**
   * The event date stands in for a date the feed did not give (a pension office's stop date for
   * the death date): it is not compared with the registry's.
   */
  approximateDate?: boolean;
  /** The name of the record's unit, for summaries (a housing feed's residence village). */
  unitName?: string | null;
};

export type LinkedPerson = {
  id: string;
  name: string;
  sex: 1 | 2;
  birthDate: string;
  status: PersonStatus;
  deathDate: string | null;
  hukouUnitId: string;
  spouseId: string | null;
  /** Loaded only where a record needs it (a housing feed's residence). */
  residenceUnitId?: string | null;
  residenceUnitName?: string | null;
};

/** The outcome of one role's linkage: a person, nobody, or not decided yet. */
export type RoleLink = { state: 'linked'; person: LinkedPerson } | { state: 'none' } | { state: 'review' };

export type Difference = {
  field: string;
  label: string;
  feed: string | number | null;
  registry: string | number | null;
};

export type Finding = {
  kind: FindingKind;
  /** The registry person the finding is about (the child found, the person to correct). */
  personId: string | null;
  /** The responsible village; null when the record is outside the county and nobody was found. */
  unitId: string | null;
  summary: string;
  differences: Difference[];
  /** A task for the village: differences, missing events and contradictions. */
  task: boolean;
};

/** A birth in the feed and a child in the registry are the same birth within this many days. */
export const BIRTH_DATE_TOLERANCE_DAYS = 7;

const SEX = (s: number | null) => (s === 1 ? '男' : s === 2 ? '女' : '未知');
const dayNumber = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Fields the feed and the registry both state and disagree on. */
export function differences(
  record: ClassifyRecord,
  person: Pick<LinkedPerson, 'name' | 'sex' | 'birthDate'>,
  opts: { name?: boolean } = {},
): Difference[] {
  const out: Difference[] = [];
  if ((opts.name ?? true) && record.name && record.name !== person.name)
    out.push({ field: 'name', label: '姓名', feed: record.name, registry: person.name });
  if (record.sex && record.sex !== person.sex)
    out.push({ field: 'sex', label: '性别', feed: SEX(record.sex), registry: SEX(person.sex) });
  if (record.birthDate && record.birthDate !== person.birthDate)
    out.push({ field: 'birthDate', label: '出生日期', feed: record.birthDate, registry: person.birthDate });
  return out;
}

const describe = (d: Difference[]) =>
  d.map((x) => `${x.label}（部门：${x.feed ?? '空'}，登记：${x.registry ?? '空'}）`).join('；');

function compared(record: ClassifyRecord, person: LinkedPerson, what: string, opts: { name?: boolean } = {}): Finding {
  const d = differences(record, person, opts);
  return d.length
    ? {
        kind: 'different',
        personId: person.id,
        unitId: person.hukouUnitId,
        summary: `${what}：${person.name} 与登记不一致：${describe(d)}`,
        differences: d,
        task: true,
      }
    : {
        kind: 'consistent',
        personId: person.id,
        unitId: person.hukouUnitId,
        summary: `${what}：${person.name} 与登记一致`,
        differences: [],
        task: false,
      };
}

const unmatched = (record: ClassifyRecord, what: string): Finding => ({
  kind: 'unmatched',
  personId: null,
  unitId: record.unitId,
  summary: `${what}：${record.name ?? record.motherName ?? '（无姓名）'} 在本县登记中未找到，记录未指明本县村（社区）`,
  differences: [],
  task: false,
});

const pending = (record: ClassifyRecord): Finding => ({
  kind: 'pending',
  personId: null,
  unitId: record.unitId,
  summary: '比对结果待人工确认',
  differences: [],
  task: false,
});

/**
 * Classifies one record. `subject` is the person the record is about (a child in a police birth,
 * the deceased, the pupil, the husband of a marriage); `mother` the mother of a hospital birth;
 * `spouse` the wife of a marriage or divorce; `children` the registry children of the linked mother.
 */
export function classify(
  record: ClassifyRecord,
  links: { subject?: RoleLink; mother?: RoleLink; spouse?: RoleLink },
  children: readonly LinkedPerson[] = [],
): Finding {
  const { recordType: type, eventDate } = record;
  const roles = [links.subject, links.mother, links.spouse].filter((l): l is RoleLink => l !== undefined);
  if (roles.some((l) => l.state === 'review')) return pending(record);

  if (type === 'birth' && links.mother) {
    const what = `出生（${eventDate}，${SEX(record.sex)}）`;
    if (links.mother.state !== 'linked') {
      if (!record.unitId) return unmatched(record, what);
      return {
        kind: 'missing',
        personId: null,
        unitId: record.unitId,
        summary: `${what}：母亲 ${record.motherName ?? '（无姓名）'} 在登记中未找到，本村（社区）可能有未登记的母亲和新生儿`,
        differences: [],
        task: true,
      };
    }
    const mother = links.mother.person;
    const day = dayNumber(eventDate);
    const child = children
      .filter((c) => Math.abs(dayNumber(c.birthDate) - day) <= BIRTH_DATE_TOLERANCE_DAYS)
      .sort(
        (a, b) =>
          Math.abs(dayNumber(a.birthDate) - day) - Math.abs(dayNumber(b.birthDate) - day) ||
          (a.sex === record.sex ? -1 : 1),
      )[0];
    if (!child) {
      return {
        kind: 'missing',
        personId: mother.id,
        unitId: mother.hukouUnitId,
        summary: `${what}：母亲 ${mother.name} 在登记中没有这次出生，疑似漏报`,
        differences: [],
        task: true,
      };
    }
    // A hospital often writes 某某之子 or leaves the name blank: the child's name is not compared.
    const f = compared({ ...record, birthDate: eventDate }, child, what, { name: false });
    return { ...f, unitId: mother.hukouUnitId };
  }

  const subject = links.subject;
  if (!subject) return unmatched(record, type);

  switch (type) {
    case 'birth':
    case 'enrolment': {
      const what = type === 'birth' ? `出生登记（${eventDate}）` : `入学（${eventDate}）`;
      if (subject.state === 'linked') return compared(record, subject.person, what);
      if (!record.unitId) return unmatched(record, what);
      return {
        kind: 'missing',
        personId: null,
        unitId: record.unitId,
        summary: `${what}：${record.name ?? '（无姓名）'}（${record.birthDate ?? '出生日期不详'}）在登记中未找到，疑似出生漏报`,
        differences: [],
        task: true,
      };
    }
    case 'death':
    case 'cremation': {
      const pension = record.feedType === 'hr_social_security';
      const what = pension
        ? `养老待遇因死亡终止（${record.approximateDate ? `终止日期 ${eventDate}` : `死亡日期 ${eventDate}`}）`
        : `${type === 'death' ? '死亡' : '火化'}（${eventDate}）`;
      if (subject.state !== 'linked') return unmatched(record, what);
      const p = subject.person;
      if (p.status === 'dead') {
        if (type === 'death' && !record.approximateDate && p.deathDate && p.deathDate !== eventDate) {
          const d = [{ field: 'deathDate', label: '死亡日期', feed: eventDate, registry: p.deathDate }];
          return {
            kind: 'different',
            personId: p.id,
            unitId: p.hukouUnitId,
            summary: `${what}：${p.name} 的死亡日期不一致：${describe(d)}`,
            differences: d,
            task: true,
          };
        }
        return {
          kind: 'consistent',
          personId: p.id,
          unitId: p.hukouUnitId,
          summary: `${what}：${p.name} 已登记死亡`,
          differences: [],
          task: false,
        };
      }
      if (p.status === 'moved_out') {
        return {
          kind: 'consistent',
          personId: p.id,
          unitId: p.hukouUnitId,
          summary: `${what}：${p.name} 已迁出本县`,
          differences: [],
          task: false,
        };
      }
      // A police cancellation is the registry's own source: an unreported death. Civil affairs
      // (a death or cremation) and a pension stopped by death contradict a person the registry
      // holds alive: another office has acted on a death the village has not reported.
      const police = record.feedType === 'police_hukou';
      return {
        kind: police ? 'missing' : 'contradicted',
        personId: p.id,
        unitId: p.hukouUnitId,
        summary: police
          ? `${what}：${p.name} 在登记中仍为健在，疑似死亡漏报`
          : pension
            ? `${what}：${p.name} 在登记中为健在，人社部门已因其死亡停发养老待遇，疑似死亡未报告`
            : `${what}：${p.name} 在登记中为健在，与民政记录矛盾`,
        differences: [{ field: 'status', label: '状态', feed: '死亡', registry: '健在' }],
        task: true,
      };
    }
    case 'move_in': {
      const what = `迁入（${eventDate}）`;
      if (subject.state === 'linked' && subject.person.status === 'active')
        return compared(record, subject.person, what);
      if (!record.unitId) return unmatched(record, what);
      return {
        kind: 'missing',
        personId: subject.state === 'linked' ? subject.person.id : null,
        unitId: record.unitId,
        summary: `${what}：${record.name ?? '（无姓名）'} 在登记中不是本县常住户籍人口，疑似迁入漏报`,
        differences: [],
        task: true,
      };
    }
    case 'move_out': {
      const what = `迁出（${eventDate}）`;
      if (subject.state !== 'linked') return unmatched(record, what);
      const p = subject.person;
      if (p.status === 'active') {
        return {
          kind: 'missing',
          personId: p.id,
          unitId: p.hukouUnitId,
          summary: `${what}：${p.name} 在登记中仍在本县，疑似迁出漏报`,
          differences: [{ field: 'status', label: '状态', feed: '迁出', registry: '在册' }],
          task: true,
        };
      }
      return {
        kind: 'consistent',
        personId: p.id,
        unitId: p.hukouUnitId,
        summary: `${what}：${p.name} 已不在本县登记`,
        differences: [],
        task: false,
      };
    }
    case 'marriage':
    case 'divorce': {
      const what = `${type === 'marriage' ? '结婚' : '离婚'}登记（${eventDate}）`;
      const husband = subject.state === 'linked' ? subject.person : null;
      const wife = links.spouse?.state === 'linked' ? links.spouse.person : null;
      const anyone = husband ?? wife;
      if (!anyone) return unmatched(record, what);
      const married =
        husband && wife
          ? husband.spouseId === wife.id
          : type === 'marriage'
            ? anyone.spouseId !== null
            : anyone.spouseId === null;
      const ok = type === 'marriage' ? married : !married || !(husband && wife);
      const names = [husband?.name ?? record.name, wife?.name ?? record.spouseName].filter(Boolean).join('、');
      return ok
        ? {
            kind: 'consistent',
            personId: anyone.id,
            unitId: anyone.hukouUnitId,
            summary: `${what}：${names} 与登记一致`,
            differences: [],
            task: false,
          }
        : {
            kind: 'missing',
            personId: anyone.id,
            unitId: anyone.hukouUnitId,
            summary: `${what}：${names} 在登记中${type === 'marriage' ? '不是夫妻' : '仍为夫妻'}，疑似${type === 'marriage' ? '结婚' : '离婚'}漏报`,
            differences: [
              {
                field: 'maritalStatus',
                label: '婚姻',
                feed: type === 'marriage' ? '已婚' : '离婚',
                registry: type === 'marriage' ? '未记录此婚姻' : '已婚',
              },
            ],
            task: true,
          };
    }
    case 'residence':
      return residence(record, subject);
    default:
      return unmatched(record, type);
  }
}

const village = (unitId: string) => unitId.slice(0, 12);

/**
 * A housing registration: where the person lives since the event date. In the registry with
 * another residence village: a difference on 居住地 for the village to update or answer. Not in
 * the registry (or their hukou has left the county) while living in a village of the county:
 * floating population, which the registry does not hold yet; listed, but neither a missing
 * vital event nor a task (docs/linkage.md).
 */
function residence(record: ClassifyRecord, subject: RoleLink): Finding {
  const { eventDate } = record;
  const what = `居住登记（${eventDate}）`;
  const here = record.unitId ? (record.unitName ?? record.unitId) : null;
  const floating = (personId: string | null, why: string): Finding => ({
    kind: 'unmatched',
    personId,
    unitId: record.unitId,
    summary: `${what}：${record.name ?? '（无姓名）'} 居住在${here}，${why}（流动人口/未登记居住）`,
    differences: [],
    task: false,
  });
  if (subject.state !== 'linked') return here ? floating(null, '不在本县户籍登记中') : unmatched(record, what);
  const p = subject.person;
  if (p.status === 'moved_out') {
    return here
      ? floating(p.id, '户籍已迁出本县')
      : {
          kind: 'consistent',
          personId: p.id,
          unitId: p.hukouUnitId,
          summary: `${what}：${p.name} 户籍已迁出本县`,
          differences: [],
          task: false,
        };
  }
  if (p.status === 'dead') {
    if (p.deathDate && eventDate > p.deathDate) {
      const d = [{ field: 'status', label: '状态', feed: `${eventDate} 起居住`, registry: `${p.deathDate} 死亡` }];
      return {
        kind: 'different',
        personId: p.id,
        unitId: p.hukouUnitId,
        summary: `${what}：${p.name} 在登记中已于 ${p.deathDate} 死亡，住建部门登记其此后居住，请核实：${describe(d)}`,
        differences: d,
        task: true,
      };
    }
    return {
      kind: 'consistent',
      personId: p.id,
      unitId: p.hukouUnitId,
      summary: `${what}：${p.name} 已登记死亡，居住登记在死亡之前`,
      differences: [],
      task: false,
    };
  }
  const d = differences(record, p);
  if (record.unitId && p.residenceUnitId && village(record.unitId) !== village(p.residenceUnitId)) {
    d.push({ field: 'residenceUnit', label: '居住地', feed: here, registry: p.residenceUnitName ?? p.residenceUnitId });
  }
  if (d.length) {
    return {
      kind: 'different',
      personId: p.id,
      unitId: p.hukouUnitId,
      summary: `${what}：${p.name} 与登记不一致：${describe(d)}；请更新登记或说明部门数据有误`,
      differences: d,
      task: true,
    };
  }
  return {
    kind: 'consistent',
    personId: p.id,
    unitId: p.hukouUnitId,
    summary: `${what}：${p.name} 与登记一致${record.unitId ? '' : '（居住地未能识别为本县村（社区），未比对）'}`,
    differences: [],
    task: false,
  };
}
