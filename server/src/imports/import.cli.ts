import type { Command } from 'commander';

/** `renkou import …` (issue 3: bulk import of people, households and events). */
export function registerImportCommands(_program: Command): void {}
