#!/usr/bin/env node
// The `lectern` command. The engine is TypeScript compiled to dist/ by `npm install` (the prepare script).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { constants } from 'node:os';
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
const loadsModel = args.includes('--json') && args.some((a) => a === 'ask' || a === 'preread' || a === 'eval');
if (loadsModel && !process.env.LECTERN_JSON_FD) {
  // llama.cpp and node-llama-cpp's addon print some diagnostics straight to the process's
  // stdout, which would break the one-JSON-object contract. Run the command in a child
  // whose stdout is our stderr, and take its JSON from a pipe of its own (fd 3).
  // fd 4 is an IPC channel used only to notice this process's end: a child whose parent was
  // killed (SIGKILL, a closed terminal) stops instead of answering no one.
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', process.stderr.fd ?? 2, 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, LECTERN_JSON_FD: '3', LECTERN_PARENT_PID: String(process.pid) },
  });
  let printed = false;
  child.stdio[3].on('data', () => (printed = true));
  child.stdio[3].pipe(process.stdout);
  let forwarded = null;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      forwarded = signal;
      child.kill(signal);
    });
  }
  child.on('close', (code, signal) => {
    if (!printed && code !== 0) {
      // The promise is one JSON object on stdout, also when the engine could not print it.
      const error = forwarded
        ? { code: 'CANCELLED', message: `Stopped by ${forwarded} before the answer was complete.` }
        : signal
          ? {
              code: 'ENGINE_KILLED',
              message: `The engine was stopped by ${signal} before it answered. SIGKILL usually means the system ran out of memory: try a smaller model or --context-scale.`,
            }
          : { code: 'INTERNAL', message: `The engine ended with exit code ${code} without an answer; its messages are on stderr above.` };
      process.stdout.write(`${JSON.stringify({ error })}\n`);
    }
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 2);
  });
} else {
  if (process.env.LECTERN_PARENT_PID) {
    // The parent above: the channel only tells that it is gone; it must not keep this process alive.
    // A parent killed while this process was starting may be gone already (the channel's end came before this code).
    const orphaned = () => process.kill(process.pid, 'SIGTERM');
    if (!process.connected || String(process.ppid) !== process.env.LECTERN_PARENT_PID) orphaned();
    process.channel?.unref();
    process.on('disconnect', orphaned);
  }
  const { main } = await import(entry.href);
  const jsonFd = process.env.LECTERN_JSON_FD ? Number(process.env.LECTERN_JSON_FD) : null;
  const stdout = jsonFd === null ? process.stdout : createWriteStream('', { fd: jsonFd });
  process.exitCode = await main(args, { stdout, stderr: process.stderr, stdin: process.stdin });
  if (jsonFd !== null) stdout.end();
}
