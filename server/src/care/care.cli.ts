import type { Command } from 'commander';

/** `renkou care …` commands (issue 7). */
export function registerCareCommands(_program: Command): void {}
