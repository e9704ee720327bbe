import type { Command } from 'commander';

/** `renkou dispensers …` commands (issue 7). */
export function registerDispenserCommands(_program: Command): void {}
