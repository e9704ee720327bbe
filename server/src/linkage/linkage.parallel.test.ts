import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinker, type Linker, type LinkRecord, type LinkStats } from './linkage.engine.js';
import { NameTable } from './linkage.names.js';
import { syntheticBirthFeed, syntheticRegistry, type SyntheticFeed } from './linkage.synthetic.js';

/** 20,000 registry persons and a 6,000-record feed: big enough that both workers claim chunks. */
let feed: SyntheticFeed;
let registry: readonly LinkRecord[];
let linker: Linker;

beforeAll(() => {
  const r = syntheticRegistry({ persons: 20_000, seed: 21 });
  registry = r.records;
  feed = syntheticBirthFeed(r, { births: 6_000, seed: 22 });
  linker = createLinker(registry);
  linker.train(feed.records, { seed: 4 });
});

afterAll(async () => {
  await linker.close();
});

const withoutTiming = ({ seconds: _s, threads: _t, ...rest }: LinkStats) => rest;
const forced = { threads: 2, minRecords: 1_000 };

/** A data: URL worker script that does `onJob` when given a job. */
const fakeWorker = (onJob: string) =>
  new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', (m) => { if (m.type === 'job') { ${onJob} } });`,
    )}`,
  );

describe('linking with worker threads', () => {
  it('gives the same results as link(), in the same order, scored by two workers', async () => {
    const sync = linker.link(feed.records);
    const parallel = await linker.linkAsync(feed.records, forced);
    expect(parallel.stats.threads).toBe(2);
    expect(sync.stats.threads).toBe(1);
    expect(withoutTiming(parallel.stats)).toEqual(withoutTiming(sync.stats));
    expect(parallel.results).toEqual(sync.results);
  });

  it('reuses its workers for the next feed, whose new names they see', async () => {
    // Names the registry does not have: interned by this feed after the workers started, so
    // the name table's arrays grow and the workers must read the new ones.
    const renamed = feed.records.map((r, i) =>
      i % 3 === 0 && r.name ? { ...r, name: `${r.name}${'甲乙丙丁'[i % 4]}` } : r,
    );
    const sync = linker.link(renamed);
    const parallel = await linker.linkAsync(renamed, forced);
    expect(parallel.stats.threads).toBe(2);
    expect(parallel.results).toEqual(sync.results);
  });

  it('links small feeds in the calling thread', async () => {
    const { stats } = await linker.linkAsync(feed.records.slice(0, 500), { threads: 2 });
    expect(stats.threads).toBe(1);
  });

  it('falls back to the calling thread when the workers cannot start, and says why', async () => {
    const other = createLinker(registry);
    other.setModel(linker.model);
    const errors: Error[] = [];
    const { results, stats } = await other.linkAsync(feed.records, {
      ...forced,
      workerFile: new URL('./no-such-worker.js', import.meta.url),
      onWorkerError: (e) => errors.push(e),
    });
    expect(stats.threads).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/no-such-worker/);
    expect(results).toEqual(linker.link(feed.records).results);
    await other.close();
  });

  it('falls back when a worker fails during the link, and starts new workers the next time', async () => {
    const other = createLinker(registry);
    other.setModel(linker.model);
    const errors: Error[] = [];
    const failing = await other.linkAsync(feed.records, {
      ...forced,
      workerFile: fakeWorker(`throw new Error('scoring exploded');`),
      onWorkerError: (e) => errors.push(e),
    });
    expect(errors[0]!.message).toMatch(/scoring exploded/);
    expect(failing.stats.threads).toBe(1);
    const reported = await other.linkAsync(feed.records, {
      ...forced,
      workerFile: fakeWorker(`parentPort.postMessage({ type: 'error', message: 'bad job' });`),
      onWorkerError: (e) => errors.push(e),
    });
    expect(errors[1]!.message).toMatch(/连接工作线程出错.*bad job/);
    expect(reported.stats.threads).toBe(1);
    const again = await other.linkAsync(feed.records, forced);
    expect(again.stats.threads).toBe(2);
    expect(again.results).toEqual(failing.results);
    await other.close();
  });

  it('closes its workers; a closed linker starts new ones when asked again', async () => {
    const other = createLinker(registry);
    other.setModel(linker.model);
    await other.linkAsync(feed.records, forced);
    await other.close();
    await other.close();
    const { stats } = await other.linkAsync(feed.records, forced);
    expect(stats.threads).toBe(2);
    await other.close();
  });

  it('does not keep the process alive with idle workers', async () => {
    const engine = fileURLToPath(new URL('./linkage.engine.ts', import.meta.url));
    const synthetic = fileURLToPath(new URL('./linkage.synthetic.ts', import.meta.url));
    // No close(): the process must still end once the link is done.
    const script = `
      const { createLinker } = await import(${JSON.stringify(engine)});
      const { syntheticBirthFeed, syntheticRegistry } = await import(${JSON.stringify(synthetic)});
      const r = syntheticRegistry({ persons: 3000, seed: 1 });
      const f = syntheticBirthFeed(r, { births: 600, seed: 2 });
      const { stats } = await createLinker(r.records).linkAsync(f.records, { threads: 2, minRecords: 100 });
      console.log(stats.threads);`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 60_000 },
    );
    expect(stdout.trim()).toBe('2');
  }, 90_000);
});

describe('the name table workers read', () => {
  it('keeps its arrays while a reserved feed is interned, and a view compares as the table does', () => {
    const table = new NameTable();
    table.intern('张伟');
    const feedNames = ['李明华', '欧阳娜娜', '王己', '乐乐', '张玮'];
    table.reserve(feedNames.length, feedNames.join('').length);
    const before = table.state();
    const ids = feedNames.map((n) => table.intern(n));
    expect(table.sameArrays(before)).toBe(true);
    const view = NameTable.view(table.state());
    for (const x of [0, ...ids]) for (const y of [0, ...ids]) expect(view.compare(x, y)).toBe(table.compare(x, y));
    expect(view.fullKeyOf(ids[0]!)).toBe(table.fullKeyOf(ids[0]!));
    // Beyond the reservation the arrays are replaced, which the engine checks for.
    for (let i = 0; i < 2_000; i++)
      table.intern(`王${String.fromCodePoint(0x4e00 + i)}${String.fromCodePoint(0x5000 + i)}`);
    expect(table.sameArrays(before)).toBe(false);
  });
});
