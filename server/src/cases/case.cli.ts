import type { Command } from 'commander';

/** `renkou cases …` commands (issue 7). */
export function registerCaseCommands(_program: Command): void {}
