import { beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, makeIdNumber } from '../lib/idNumber.js';
import { createLinker, type Linker, type LinkRecord } from './linkage.engine.js';
import {
  scoreLinkage,
  syntheticBirthFeed,
  syntheticIdHash,
  syntheticRegistry,
  type SyntheticFeed,
  type SyntheticRegistry,
} from './linkage.synthetic.js';

/** 20,000 registry persons and 2,000 hospital birth records with realistic errors. */
let registry: SyntheticRegistry;
let feed: SyntheticFeed;
let linker: Linker;

beforeAll(() => {
  registry = syntheticRegistry({ persons: 20_000, seed: 11 });
  feed = syntheticBirthFeed(registry, { births: 2_000, seed: 12 });
  linker = createLinker(registry.records);
  linker.train(feed.records, { seed: 3 });
});

const women = () =>
  registry.records.filter(
    (r) => r.sex === 2 && r.birthDate! >= '1985-01-01' && r.birthDate! <= '2000-12-31' && r.idHash,
  );

describe('linking a hospital birth feed to the registry', () => {
  it('matches with precision and recall of at least 0.99 and sends few to review', () => {
    const { results, stats } = linker.link(feed.records);
    const score = scoreLinkage(results, feed.truth);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
    expect(score.reviewShare).toBeLessThan(0.03);
    expect(stats.records).toBe(2_000);
  });

  it('learns sensible m and u: agreement is likely for the same person and rare for others', () => {
    const model = linker.model;
    const level = (field: string, lv: string) =>
      model.fields.find((f) => f.field === field)!.levels.find((l) => l.level === lv)!;
    // The truth: how often the mother's name is written exactly as registered.
    let same = 0;
    let pairs = 0;
    const byKey = new Map(registry.records.map((r) => [r.key, r]));
    for (const r of feed.records) {
      const t = feed.truth.get(r.key);
      if (!t) continue;
      pairs++;
      if (byKey.get(t)!.name === r.name) same++;
    }
    expect(Math.abs(level('name', 'exact').m - same / pairs)).toBeLessThan(0.03);
    expect(level('id', 'exact').m).toBeGreaterThan(0.9);
    expect(level('birthDate', 'exact').m).toBeGreaterThan(0.85);
    expect(level('birthDate', 'exact').u).toBeLessThan(0.001);
    expect(level('unit', 'village').u).toBeLessThan(0.01);
    expect(level('sex', 'agree').u).toBeGreaterThan(0.4);
    expect(model.training?.converged).toBe(true);
  });

  it('explains every decision: the prior and the fields sum to the total weight', () => {
    const { results } = linker.link(feed.records.slice(0, 300));
    for (const r of results) {
      for (const c of r.candidates) {
        const sum = c.prior + c.fields.reduce((s, f) => s + f.weight, 0);
        expect(sum).toBeCloseTo(c.weight, 9);
        expect(c.fields.map((f) => f.field)).toEqual(['name', 'birthDate', 'sex', 'unit', 'id']);
      }
      expect(r.verdict).toMatch(/\(.+\)/);
    }
    const match = results.find((r) => r.reason === 'above-upper')!;
    expect(match.verdict).toContain('认定为同一人');
    expect(match.explanation!.fields[0]!.levelLabel).toMatch(/姓名/);
  });

  it('matches a mother without ID number whose name was typed with two characters swapped', () => {
    const mother = women().find((r) => [...r.name!].length === 3 && r.name![1] !== r.name![2])!;
    const [s, a, b] = [...mother.name!];
    const record: LinkRecord = { ...mother, key: 'F1', idHash: null, idMasked: null, name: `${s}${b}${a}` };
    const [r] = linker.link([record]).results;
    expect(r!.status).toBe('match');
    expect(r!.key).toBe(mother.key);
    expect(r!.explanation!.fields[0]!.level).toBe('similar');
  });

  it('matches a homophone name without ID number: 丽 written 莉', () => {
    const mother = women().find((r) => r.name!.slice(1).includes('丽'))!;
    const record: LinkRecord = {
      ...mother,
      key: 'F2',
      idHash: null,
      idMasked: null,
      name: mother.name!.replace(/丽/g, '莉'),
    };
    const [r] = linker.link([record]).results;
    expect(r!.key).toBe(mother.key);
    expect(r!.status).toBe('match');
    expect(r!.explanation!.fields[0]!.levelLabel).toBe('姓名同音 (same pinyin)');
  });

  it('does not match a mother from outside the registry who bears a common name', () => {
    const counts = new Map<string, number>();
    for (const r of women()) counts.set(r.name!, (counts.get(r.name!) ?? 0) + 1);
    const common = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    const namesake = women().find((r) => r.name === common)!;
    // Same name, same village, born the same year as a registered namesake, another ID number.
    const birthDate = `${namesake.birthDate!.slice(0, 4)}-${namesake.birthDate!.slice(5, 7) === '01' ? '07' : '01'}-15`;
    const id = makeIdNumber('430621', birthDate, 998);
    const record: LinkRecord = {
      key: 'F3',
      name: common,
      sex: 2,
      birthDate,
      unitCode: namesake.unitCode,
      idHash: syntheticIdHash(id),
      idMasked: maskIdNumber(id),
    };
    const [r] = linker.link([record]).results;
    expect(r!.status).toBe('nonmatch');
  });

  it('matches on the ID number alone, and sends it to review when the sex contradicts it', () => {
    const mother = women()[0]!;
    const [byId] = linker.link([{ ...mother, key: 'F4', name: '司马懿', unitCode: null }]).results;
    expect(byId).toMatchObject({ status: 'match', reason: 'id-hash', key: mother.key });
    const [contradicted] = linker.link([{ ...mother, key: 'F5', sex: 1 }]).results;
    expect(contradicted).toMatchObject({ status: 'review', reason: 'id-contradicted', key: mother.key });
  });

  it('reports two feed records that claim one registry person; twins of one mother are not a conflict', () => {
    const [m1, m2] = women().filter((r) => [...r.name!].length === 3);
    const first: LinkRecord = { ...m1!, key: 'F6', idHash: null, idMasked: null };
    const second: LinkRecord = { ...m1!, key: 'F7', idHash: null, idMasked: null, name: m1!.name!.slice(0, 2) };
    const twinA: LinkRecord = { ...m2!, key: 'F8' };
    const twinB: LinkRecord = { ...m2!, key: 'F9' };
    const { results, stats } = linker.link([first, second, twinA, twinB]);
    const [r1, r2, t1, t2] = results;
    expect(r1).toMatchObject({ status: 'match', key: m1!.key, conflict: { registryKey: m1!.key, feedKeys: ['F7'] } });
    expect(r2).toMatchObject({
      status: 'review',
      reason: 'conflict',
      conflict: { registryKey: m1!.key, feedKeys: ['F6'] },
    });
    expect(t1).toMatchObject({ status: 'match', key: m2!.key });
    expect(t2).toMatchObject({ status: 'match', key: m2!.key });
    expect(stats.conflicts).toBe(1);
  });

  it('explains a pair later from the stored model JSON with the same numbers', () => {
    const stored = JSON.parse(JSON.stringify(linker.model));
    const again = createLinker(registry.records.slice(0, 5_000), { model: stored });
    const record = feed.records.find((r) => {
      const t = feed.truth.get(r.key);
      return t && Number(t.slice(1)) < 5_000;
    })!;
    const now = linker.explain(record, feed.truth.get(record.key)!)!;
    const later = again.explain(record, feed.truth.get(record.key)!)!;
    expect(later.weight).toBeCloseTo(now.weight, 9);
    expect(later.fields).toEqual(now.fields);
  });
});

describe('the synthetic data', () => {
  it('is the same from the same seed', () => {
    const a = syntheticRegistry({ persons: 3_000, seed: 5 });
    const b = syntheticRegistry({ persons: 3_000, seed: 5 });
    expect(b.records).toEqual(a.records);
    const fa = syntheticBirthFeed(a, { births: 300, seed: 6 });
    const fb = syntheticBirthFeed(b, { births: 300, seed: 6 });
    expect(fb.records).toEqual(fa.records);
    expect([...fb.truth]).toEqual([...fa.truth]);
    expect(syntheticRegistry({ persons: 3_000, seed: 6 }).records).not.toEqual(a.records);
  });

  it('has mothers outside the registry and records without ID numbers', () => {
    const outside = [...feed.truth.values()].filter((v) => v === null).length;
    expect(outside / feed.records.length).toBeGreaterThan(0.02);
    const noId = feed.records.filter((r) => !r.idHash).length / feed.records.length;
    expect(noId).toBeGreaterThan(0.15);
    expect(noId).toBeLessThan(0.3);
  });
});
