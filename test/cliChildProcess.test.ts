/**
 * `lectern ask|preread --json` runs the engine in a child process (llama.cpp prints to stdout):
 * the child must not outlive its parent, and a child that dies without an answer must still
 * give the caller one coded JSON error.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LECTERN_BIN, parseSingleJson } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let fifo: string;
const strays: number[] = [];

before(() => {
  dir = makeTempDir();
  // A model "file" that is a FIFO with no writer: opening it blocks, so the engine child stays busy until stopped.
  fifo = path.join(dir, 'never-ready.gguf');
  execFileSync('mkfifo', [fifo]);
});

after(() => {
  for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGKILL');
  removeDir(dir);
});

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie has ended
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startAsk(): { parent: ChildProcess; exited: Promise<void>; done: Promise<{ code: number | null; stdout: string }> } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir };
  delete env.LECTERN_LIBRARY;
  const parent = spawn(process.execPath, [LECTERN_BIN, 'ask', 'What is here?', '--library', path.join(dir, 'library'), '--model', fifo, '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  parent.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  parent.stderr!.resume();
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) => parent.on('close', (code) => resolve({ code, stdout })));
  // An orphaned child keeps the stderr pipe open, so 'close' would never come: 'exit' is the parent alone.
  const exited = new Promise<void>((resolve) => parent.on('exit', () => resolve()));
  return { parent, exited, done };
}

/** The engine child `ask --json` starts, once it is there; remembered so the suite can clean up after a failure. */
async function engineChildOf(pid: number): Promise<number> {
  const [child] = await waitFor(() => {
    const c = childrenOf(pid);
    return c.length > 0 && c;
  }, 'the engine child');
  strays.push(child!);
  return child!;
}

test('the engine child of `ask --json` stops when its parent is killed', async () => {
  const { parent, exited } = startAsk();
  const child = await engineChildOf(parent.pid!);
  parent.kill('SIGKILL');
  await exited;
  await waitFor(() => !alive(child), 'the orphaned engine child to stop', 5_000);
});

test('an engine child killed by a signal gives a coded JSON error on stdout and exit 128+signal', async () => {
  const { parent, done } = startAsk();
  const child = await engineChildOf(parent.pid!);
  process.kill(child, 'SIGKILL');
  const { code, stdout } = await done;
  assert.equal(code, 137);
  const { error } = parseSingleJson(stdout) as { error: { code: string; message: string } };
  assert.equal(error.code, 'ENGINE_KILLED');
  assert.match(error.message, /SIGKILL/);
});

test('a parent stopped with SIGTERM reports CANCELLED and stops its child', async () => {
  const { parent, done } = startAsk();
  const child = await engineChildOf(parent.pid!);
  parent.kill('SIGTERM');
  const { code, stdout } = await done;
  assert.equal(code, 143);
  assert.equal((parseSingleJson(stdout) as { error: { code: string } }).error.code, 'CANCELLED');
  await waitFor(() => !alive(child), 'the engine child to stop', 5_000);
});
