import type { Command } from 'commander';

/**
 * `renkou cases …`: none on purpose. The 两非 register is confidential to the case officers and
 * every read of it is audited under the officer's own account (docs/cases.md); a console command
 * would read it as an anonymous operator.
 */
export function registerCaseCommands(_program: Command): void {}
