#!/usr/bin/env node
// `npm test` and `npm run test:unit`: run every compiled *.test.js under the given folders.
// Node 20's `node --test` takes no globs, and given a folder it would also run every .js file
// under a `test/` directory (fixtures and helpers included), so the files are listed here.
// Usage: node scripts/runTests.js [--test-concurrency=N] <folder>...
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const folders = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (folders.length === 0) {
  console.error('Usage: node scripts/runTests.js [node --test flags] <folder>...');
  process.exit(2);
}

/** Every *.test.js under a folder, sorted so runs are repeatable. */
function testFiles(folder) {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`No compiled tests in ${folder}: run \`npx tsc -b\` first.`);
    process.exit(2);
  }
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

const files = folders.flatMap(testFiles);
const run = spawnSync(process.execPath, ['--test', ...flags, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
