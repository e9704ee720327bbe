#!/usr/bin/env node
// The CLI entry point: runs the compiled server code (npm run build:server produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const cli = new URL('../dist/server/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('renkou: 尚未编译 (not built yet). Run `npm run build` first.');
  process.exit(1);
}
await import(cli.href);
