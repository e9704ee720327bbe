import { describe, expect, it } from 'vitest';
import { classify, type ClassifyRecord, type LinkedPerson, type RoleLink } from './linkage.classify.js';

/**
 * What a linked record says about the registry, for the feeds added last: a pension stopped by
 * death, and a housing registration of where someone lives. The older feed types are covered
 * through the database in linkage.int.test.ts.
 */
const XINPU = '430623101208';
const FUXING = '430623101213';

const person = (over: Partial<LinkedPerson> = {}): LinkedPerson => ({
  id: 'p1',
  name: '李桂英',
  sex: 2,
  birthDate: '1950-01-20',
  status: 'active',
  deathDate: null,
  hukouUnitId: XINPU,
  spouseId: null,
  residenceUnitId: XINPU,
  residenceUnitName: '新铺村',
  ...over,
});
const linked = (p: LinkedPerson): RoleLink => ({ state: 'linked', person: p });
const none: RoleLink = { state: 'none' };

const pensionDeath = (over: Partial<ClassifyRecord> = {}): ClassifyRecord => ({
  feedType: 'hr_social_security',
  recordType: 'death',
  name: '李桂英',
  sex: 2,
  birthDate: '1950-01-20',
  eventDate: '2026-05-03',
  unitId: XINPU,
  motherName: null,
  spouseName: null,
  ...over,
});

const residence = (over: Partial<ClassifyRecord> = {}): ClassifyRecord => ({
  feedType: 'housing',
  recordType: 'residence',
  name: '王秀英',
  sex: 2,
  birthDate: '1992-06-01',
  eventDate: '2026-03-01',
  unitId: FUXING,
  unitName: '复兴村',
  motherName: null,
  spouseName: null,
  ...over,
});

describe('a pension stopped by death', () => {
  it('contradicts a person the registry holds alive, worded for the pension office, and is a task', () => {
    const f = classify(pensionDeath(), { subject: linked(person()) });
    expect(f).toMatchObject({ kind: 'contradicted', personId: 'p1', unitId: XINPU, task: true });
    expect(f.summary).toBe(
      '养老待遇因死亡终止（死亡日期 2026-05-03）：李桂英 在登记中为健在，人社部门已因其死亡停发养老待遇，疑似死亡未报告',
    );
    expect(f.differences).toEqual([{ field: 'status', label: '状态', feed: '死亡', registry: '健在' }]);
  });

  it('agrees with a registered death of that day, and differs on another day', () => {
    const dead = person({ status: 'dead', deathDate: '2026-05-03' });
    expect(classify(pensionDeath(), { subject: linked(dead) })).toMatchObject({ kind: 'consistent', task: false });
    const other = classify(pensionDeath({ eventDate: '2026-05-09' }), { subject: linked(dead) });
    expect(other).toMatchObject({
      kind: 'different',
      task: true,
      differences: [{ field: 'deathDate', feed: '2026-05-09', registry: '2026-05-03' }],
    });
  });

  it('does not compare the stop date, which stands in for an unknown death date, with the registered death', () => {
    const dead = person({ status: 'dead', deathDate: '2026-05-03' });
    const f = classify(pensionDeath({ eventDate: '2026-06-01', approximateDate: true }), { subject: linked(dead) });
    expect(f).toMatchObject({ kind: 'consistent', task: false });
    expect(f.summary).toContain('终止日期 2026-06-01');
  });

  it('is unmatched for a pensioner nobody in the registry is, and waits for a reviewer on an uncertain pair', () => {
    expect(classify(pensionDeath(), { subject: none })).toMatchObject({
      kind: 'unmatched',
      personId: null,
      task: false,
    });
    expect(classify(pensionDeath(), { subject: { state: 'review' } })).toMatchObject({ kind: 'pending', task: false });
    expect(classify(pensionDeath(), { subject: linked(person({ status: 'moved_out' })) })).toMatchObject({
      kind: 'consistent',
    });
  });
});

describe('a housing registration', () => {
  const wife = person({ id: 'p2', name: '王秀英', birthDate: '1992-06-01' });

  it('differs on 居住地 when the registry has the person living in another village: a task for the hukou village', () => {
    const f = classify(residence(), { subject: linked(wife) });
    expect(f).toMatchObject({ kind: 'different', personId: 'p2', unitId: XINPU, task: true });
    expect(f.differences).toEqual([{ field: 'residenceUnit', label: '居住地', feed: '复兴村', registry: '新铺村' }]);
    expect(f.summary).toContain('居住地（部门：复兴村，登记：新铺村）');
  });

  it('agrees when the village is the same, a group of it included', () => {
    expect(
      classify(residence({ unitId: `${XINPU}001`, unitName: '新铺村1组' }), { subject: linked(wife) }),
    ).toMatchObject({ kind: 'consistent', task: false });
    // A residence the feed's address did not place: nothing to compare it with.
    const unplaced = classify(residence({ unitId: null, unitName: null }), { subject: linked(wife) });
    expect(unplaced).toMatchObject({ kind: 'consistent', task: false });
    expect(unplaced.summary).toContain('未比对');
  });

  it('lists a person not registered here, living in a village of the county, as floating population: not a missing event, not a task', () => {
    const f = classify(residence({ name: '刘芳芳' }), { subject: none });
    expect(f).toMatchObject({ kind: 'unmatched', personId: null, unitId: FUXING, task: false });
    expect(f.summary).toBe('居住登记（2026-03-01）：刘芳芳 居住在复兴村，不在本县户籍登记中（流动人口/未登记居住）');
    const left = classify(residence(), { subject: linked(person({ id: 'p3', status: 'moved_out' })) });
    expect(left).toMatchObject({ kind: 'unmatched', personId: 'p3', unitId: FUXING, task: false });
    expect(left.summary).toContain('户籍已迁出本县');
    // Living nowhere the county knows: an ordinary unmatched record, the county's alone.
    expect(classify(residence({ unitId: null }), { subject: none })).toMatchObject({
      kind: 'unmatched',
      unitId: null,
      task: false,
    });
  });

  it('asks the village to check a registration made after the registered death', () => {
    const dead = person({ id: 'p2', name: '王秀英', birthDate: '1992-06-01', status: 'dead', deathDate: '2025-01-01' });
    expect(classify(residence(), { subject: linked(dead) })).toMatchObject({
      kind: 'different',
      task: true,
      differences: [{ field: 'status' }],
    });
    expect(classify(residence({ eventDate: '2024-01-01' }), { subject: linked(dead) })).toMatchObject({
      kind: 'consistent',
      task: false,
    });
  });

  it('also lists other differing fields, as other feeds do', () => {
    const f = classify(residence({ name: '王秀瑛', unitId: XINPU, unitName: '新铺村' }), { subject: linked(wife) });
    expect(f).toMatchObject({
      kind: 'different',
      differences: [{ field: 'name', feed: '王秀瑛', registry: '王秀英' }],
    });
  });
});
