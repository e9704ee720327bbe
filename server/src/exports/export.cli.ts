import type { Command } from 'commander';

/** `renkou export …` (issue 3: registry lists to XLSX and CSV). */
export function registerExportCommands(_program: Command): void {}
