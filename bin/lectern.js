#!/usr/bin/env node
// The `lectern` command. The engine is TypeScript compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/native/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('lectern: the engine is not built yet. Run `npm install` (or `npm run build`) in the Lectern folder first.');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
