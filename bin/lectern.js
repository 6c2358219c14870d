#!/usr/bin/env node
// The `lectern` command. The engine is TypeScript compiled to dist/ by `npm install` (the prepare script).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/native/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('lectern: the engine is not built yet. Run `npm install` (or `npm run build`) in the Lectern folder first.');
  process.exit(2);
}

// A reader that stops early (`lectern list | head`) is not an error: stop quietly, as other tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const args = process.argv.slice(2);
const loadsModel = args.includes('--json') && args.some((a) => a === 'ask' || a === 'preread');
if (loadsModel && !process.env.LECTERN_JSON_FD) {
  // llama.cpp and node-llama-cpp's addon print some diagnostics straight to the process's
  // stdout, which would break the one-JSON-object contract. Run the command in a child
  // whose stdout is our stderr, and take its JSON from a pipe of its own (fd 3).
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', process.stderr.fd ?? 2, 'inherit', 'pipe'],
    env: { ...process.env, LECTERN_JSON_FD: '3' },
  });
  child.stdio[3].pipe(process.stdout);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('close', (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + 2 : 1);
  });
} else {
  const { main } = await import(entry.href);
  const jsonFd = process.env.LECTERN_JSON_FD ? Number(process.env.LECTERN_JSON_FD) : null;
  const stdout = jsonFd === null ? process.stdout : createWriteStream('', { fd: jsonFd });
  process.exitCode = await main(args, { stdout, stderr: process.stderr, stdin: process.stdin });
  if (jsonFd !== null) stdout.end();
}
