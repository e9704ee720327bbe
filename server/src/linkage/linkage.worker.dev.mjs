// The TypeScript worker, for tests and the bench (vitest, tsx): their loaders do not reach a worker
// thread (tsx's --import registers its hooks on the main thread only), so the worker registers
// tsx itself. Production runs the compiled linkage.worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./linkage.worker.ts');
