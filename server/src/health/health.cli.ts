import type { Command } from 'commander';

/** `renkou health …` commands (issue 7). */
export function registerHealthCommands(_program: Command): void {}
