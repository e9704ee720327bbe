/**
 * The CLI as an operator runs it on the server, in-process on its own data folder, with its
 * output captured: `const renkou = cliRunner(dataDir); await renkou('feed', 'list')`.
 */
import { vi } from 'vitest';
import { buildProgram, reportCliError } from '../cli.js';

export type CliResult = { code: number; out: string; err: string };

export function cliRunner(dataDir: string): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const program = buildProgram((p) =>
      p.exitOverride().configureOutput({ writeErr: (s) => err.push(s), writeOut: (s) => out.push(s) }),
    );
    let code = 0;
    try {
      await program.parseAsync(['node', 'renkou', ...args, '--data', dataDir]);
    } catch (e) {
      // Commander has already printed its own usage errors.
      if (!(e as { code?: string }).code?.startsWith('commander.')) reportCliError(e);
      code = 1;
    } finally {
      vi.restoreAllMocks();
    }
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
