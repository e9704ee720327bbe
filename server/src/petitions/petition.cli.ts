import type { Command } from 'commander';

/** `renkou petitions …` commands (issue 7). */
export function registerPetitionCommands(_program: Command): void {}
