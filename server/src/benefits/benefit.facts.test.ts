import { describe, expect, it } from 'vitest';
import { evaluate } from './benefit.eligibility.js';
import { factsFromRows, usesChildren, type FactsCandidateRow, type FactsChildRow } from './benefit.facts.js';
import { CHILDCARE_SUBSIDY, RURAL_REWARD, SPECIAL_ASSISTANCE } from './benefit.programs.js';
import { factsAsOf } from './benefit.rules.js';

const person = (
  id: string,
  sex: 1 | 2,
  birthDate: string,
  over: Partial<FactsCandidateRow> = {},
): FactsCandidateRow => ({
  id,
  name: id,
  sex,
  birthDate,
  hukouType: 'rural',
  countyCode: '430623',
  deathDate: null,
  leftDate: null,
  hukouUnitId: '430623101208',
  spouse: null,
  ...over,
});
const child = (
  id: string,
  birthDate: string,
  parents: { motherId?: string; fatherId?: string },
  over: Partial<FactsChildRow> = {},
): FactsChildRow => ({
  ...person(id, 1, birthDate),
  motherId: parents.motherId ?? null,
  fatherId: parents.fatherId ?? null,
  ...over,
});

describe('facts from registry rows', () => {
  const { hukouUnitId: _u, spouse: _s, ...wifeRow } = person('wife', 2, '1962-05-05');
  const husband = person('husband', 1, '1960-03-01', { spouse: wifeRow });

  it("a couple's children are those whose registered mother or father is either spouse, each once, oldest first", () => {
    const [f] = factsFromRows(
      [husband],
      [
        child('b', '1990-01-01', { motherId: 'wife' }),
        child('a', '1988-08-08', { motherId: 'wife', fatherId: 'husband' }),
        child('c', '1992-02-02', { fatherId: 'husband' }),
        child('x', '1991-01-01', { motherId: 'someone-else' }),
      ],
    );
    expect(f!.personId).toBe('husband');
    expect(f!.unitId).toBe('430623101208');
    expect(f!.facts.spouse).toMatchObject({ id: 'wife', sex: 2, birthDate: '1962-05-05', hukouType: 'rural' });
    expect(f!.facts.children.map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('no disability assessment in the registry reads as not disabled: a living only child is no case for special assistance', () => {
    const [f] = factsFromRows([husband], [child('a', '1988-08-08', { motherId: 'wife', fatherId: 'husband' })]);
    expect(f!.facts.disabilityRecorded).toBe(true);
    expect(evaluate(SPECIAL_ASSISTANCE, f!.facts, { period: '2026' }).outcome).toBe('no');
    expect(evaluate(RURAL_REWARD, f!.facts, { period: '2026' })).toMatchObject({ outcome: 'yes', amountFen: 110_000 });
  });

  it("a child's recorded assessment reaches the facts: grade 2 makes the parents of a living only child eligible; one made later is not known before its date", () => {
    const kid = child('a', '1988-08-08', { motherId: 'wife', fatherId: 'husband' });
    const disability = new Map([['a', { personId: 'a', grade: 2, assessedOn: '2026-07-01' }]]);
    const [f] = factsFromRows([husband], [kid], disability);
    expect(f!.facts.children[0]!.disability).toEqual({ grade: 2, assessedOn: '2026-07-01' });
    // From the month of the assessment: July to December 2026, rural disability tier 150 yuan a month.
    expect(evaluate(SPECIAL_ASSISTANCE, f!.facts, { period: '2026' })).toMatchObject({
      outcome: 'yes',
      amountFen: 6 * 15_000,
    });
    expect(factsAsOf(f!.facts, '2026-06-30').children[0]!.disability).toBeNull();
    expect(evaluate(SPECIAL_ASSISTANCE, f!.facts, { period: '2026-06' }).outcome).toBe('no');
  });

  it('death and move-out dates reach the facts; a person without spouse or children has none', () => {
    const [f] = factsFromRows([person('alone', 2, '1950-01-01', { deathDate: '2026-03-03', leftDate: null })], []);
    expect(f!.facts.person.deathDate).toBe('2026-03-03');
    expect(f!.facts.spouse).toBeNull();
    expect(f!.facts.children).toEqual([]);
  });

  it('children are read only for programs that look at them', () => {
    expect(usesChildren(RURAL_REWARD.rule)).toBe(true);
    expect(usesChildren(CHILDCARE_SUBSIDY.rule)).toBe(false);
  });
});
