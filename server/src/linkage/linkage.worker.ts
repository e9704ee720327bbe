/**
 * A scoring worker of linkAsync() (linkage.parallel.ts): views over the shared registry index,
 * then per job the kernel over the chunks of the feed it claims, results written into the
 * shared score arrays.
 */
import { parentPort } from 'node:worker_threads';
import { BlockIndex } from './linkage.blocking.js';
import { Scorer } from './linkage.kernel.js';
import { NameTable } from './linkage.names.js';
import type { PackedRows } from './linkage.records.js';
import type { FromWorker, SharedRows, ToWorker } from './linkage.parallel.js';

const port = parentPort!;
let registry: SharedRows | undefined;
let scorer: Scorer | undefined;

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'init') {
      const { index, fieldCount } = m.init;
      registry = m.init.registry;
      // The registry's name table is set per job: until then the kernel is not run.
      scorer = new Scorer(BlockIndex.view(index), undefined, registry.length, fieldCount);
      return;
    }
    const { names, feed: rows, weights, scores, ready, next, chunk } = m.job;
    // Feed and registry rows share the name table, whose arrays change with every feed (it
    // interns the feed's names): views over this job's arrays.
    const tables = { names: NameTable.view(names) };
    const feed: PackedRows = { data: rows.data, stride: rows.stride, tables };
    scorer!.registry = { data: registry!.data, stride: registry!.stride, tables };
    let skipped = 0;
    for (;;) {
      const from = Atomics.add(next, 0, chunk);
      if (from >= rows.length) break;
      const to = Math.min(rows.length, from + chunk);
      // Until the main thread has interned these records (it stores `ready` after writing them,
      // so what the rows and names hold below it is visible here).
      for (let r = Atomics.load(ready, 0); r < to; r = Atomics.load(ready, 0)) Atomics.wait(ready, 0, r);
      skipped += scorer!.score(feed, weights, from, to, scores);
      port.postMessage({ type: 'chunk', from, to } satisfies FromWorker);
    }
    port.postMessage({ type: 'done', skipped } satisfies FromWorker);
  } catch (e) {
    port.postMessage({
      type: 'error',
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    } satisfies FromWorker);
  }
});
