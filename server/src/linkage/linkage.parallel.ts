/**
 * Worker threads for linkAsync(): N workers run the scoring kernel (linkage.kernel.ts) over the
 * feed while the main thread waits. Nothing of the registry is copied: its rows, the blocking
 * index and the name table are typed arrays in SharedArrayBuffers from the start, and a worker
 * reads them through views. Per link only the feed rows, the name table's current arrays (the
 * feed interns names), the weights and the result arrays are handed over, all shared.
 *
 * Work is split in chunks claimed from a shared counter (Atomics.add): a worker slowed by
 * another process on its core simply claims fewer, which a fixed split into halves would not.
 * A worker waits (Atomics.wait) for the main thread to have interned the records of its chunk,
 * and reports each chunk scored, so that the main thread decides it while the rest is scored.
 */
import { Worker } from 'node:worker_threads';
import type { BlockIndexState } from './linkage.blocking.js';
import type { FlatWeights, Scores } from './linkage.kernel.js';
import type { NameTableState } from './linkage.names.js';

export type SharedRows = { data: Int32Array; stride: number; length: number };

export type PoolInit = { registry: SharedRows; index: BlockIndexState; fieldCount: number };

export type ScoreJob = {
  names: NameTableState;
  feed: SharedRows;
  weights: FlatWeights;
  scores: Scores;
  /** [0]: feed records interned so far (rows below it may be scored). */
  ready: Int32Array;
  /** [0]: the next feed record not yet claimed. */
  next: Int32Array;
  chunk: number;
};

export type ToWorker = { type: 'init'; init: PoolInit } | { type: 'job'; job: ScoreJob };
export type FromWorker =
  { type: 'chunk'; from: number; to: number } | { type: 'done'; skipped: number } | { type: 'error'; message: string };

/** Records a worker claims at a time: small enough to balance, large enough to make the atomic add free. */
const CHUNK = 512;

/**
 * Production runs dist/server/linkage/linkage.worker.js. Tests and the bench run the .ts
 * sources (vitest, tsx), whose loaders do not reach a worker thread: there the worker starts
 * from a small bootstrap that registers tsx (a devDependency) first.
 */
function workerFile(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './linkage.worker.dev.mjs' : './linkage.worker.js', self);
}

/**
 * The process's Node options, which a worker inherits by default, less those a worker refuses
 * (`node --input-type=module -e …` would fail every worker start).
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++;
    else if (!argv[i]!.startsWith('--input-type=')) out.push(argv[i]!);
  }
  return out;
}

type Pending = {
  resolve: (skipped: number) => void;
  reject: (e: Error) => void;
  onChunk: (from: number, to: number) => void;
  remaining: number;
  skipped: number;
};

/**
 * A pool of scoring workers for one linker. Workers are unref'd between jobs, so an idle pool
 * never keeps the process alive; close() ends them.
 */
export class LinkPool {
  private readonly workers: Worker[] = [];
  private pending: Pending | undefined;
  private closing = false;
  /** Set once a worker failed: the pool is not used again. */
  failure: Error | undefined;

  constructor(
    init: PoolInit,
    readonly threads: number,
    /** Another worker script, for tests. */
    workerFileOverride?: URL,
  ) {
    const file = workerFileOverride ?? workerFile();
    const execArgv = workerExecArgv();
    try {
      for (let w = 0; w < threads; w++) {
        const worker = new Worker(file, { name: `linkage-${w}`, execArgv });
        worker.on('message', (m: FromWorker) => this.message(m));
        worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
        worker.on('exit', (code) => {
          if (!this.closing) this.fail(new Error(`连接工作线程意外退出 (a linkage worker exited with code ${code})`));
        });
        this.workers.push(worker);
        worker.postMessage({ type: 'init', init } satisfies ToWorker);
      }
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private message(m: FromWorker): void {
    if (m.type === 'chunk') this.pending?.onChunk(m.from, m.to);
    else if (m.type === 'done') {
      const p = this.pending;
      if (!p) return;
      p.skipped += m.skipped;
      if (--p.remaining === 0) {
        this.pending = undefined;
        for (const w of this.workers) w.unref();
        p.resolve(p.skipped);
      }
    } else this.fail(new Error(`连接工作线程出错 (a linkage worker failed): ${m.message}`));
  }

  private fail(e: Error): void {
    if (this.failure || this.closing) return;
    this.failure = e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
    void this.close();
  }

  /**
   * Scores the whole feed in the workers, calling `onChunk` for each range of records scored;
   * resolves with the oversized blocks skipped. Posted at once, before the workers have started
   * (their messages wait): they boot while the caller interns the feed. Rejects when a worker
   * fails to start or fails during the job (the pool is then closed).
   */
  score(job: Omit<ScoreJob, 'next' | 'chunk'>, onChunk: (from: number, to: number) => void): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending || this.closing) return Promise.reject(new Error('LinkPool.score: closed, or a job is running'));
    const next = new Int32Array(new SharedArrayBuffer(4));
    const message: ToWorker = { type: 'job', job: { ...job, next, chunk: CHUNK } };
    return new Promise<number>((resolve, reject) => {
      this.pending = { resolve, reject, onChunk, remaining: this.threads, skipped: 0 };
      // Referenced while a job runs: a process awaiting the result must not exit under it.
      for (const w of this.workers) {
        w.ref();
        w.postMessage(message);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure ?? new Error('LinkPool closed during a job'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
