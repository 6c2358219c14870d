#!/usr/bin/env node
// `npm run build:llama-server`: builds llama.cpp's `llama-server` from the source that ships inside the
// installed node-llama-cpp package (a git bundle), so the server tests and bench:server run against the
// same llama.cpp the local backend uses, with nothing downloaded. The build lands in a cache folder
// OUTSIDE the clone keyed by the bundle's tag, so a machine builds it once (minutes) and every worktree
// and test run after that reuses it. A lock file keeps two test processes from building at the same time.
//
// Prints the binary's path on stdout (the last line) so callers can `node scripts/buildLlamaServer.js`
// and read where it is. `--check` prints the path when it is built and exits 1 otherwise (builds nothing).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const llamaDir = join(root, 'node_modules', 'node-llama-cpp', 'llama');

/** Where the build for this tag lives: `${XDG_CACHE_HOME:-~/.cache}/lectern/llama-server/<tag>/`. */
export function llamaServerCacheDir() {
  const info = JSON.parse(readFileSync(join(llamaDir, 'llama.cpp.info.json'), 'utf8'));
  const tag = String(info.tag).replace(/[^A-Za-z0-9._-]/g, '_');
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'lectern', 'llama-server', tag);
}

/** The built binary's path (whether or not it exists yet). */
export function llamaServerBinary() {
  return join(llamaServerCacheDir(), 'build', 'bin', 'llama-server');
}

function run(command, args, cwd) {
  // nice: the build shares a small machine with tests and other work; it should yield to them.
  const result = spawnSync('nice', ['-n', '10', command, ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message} (install it: apt-get install cmake g++ git)`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status} (in ${cwd})`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Takes the build lock (a file created exclusively, holding our pid). A lock left by a process that
 * died is taken over; a live holder is waited for, since it is building the same thing.
 */
async function withLock(lockPath, work) {
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      process.stderr.write(`llama-server: waiting for the build in process ${holder} to finish…\n`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

/** Builds llama-server unless it is already built; resolves to the binary's path. */
export async function ensureLlamaServer() {
  const dir = llamaServerCacheDir();
  const binary = llamaServerBinary();
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  return withLock(join(dir, 'build.lock'), async () => {
    if (existsSync(binary)) return binary; // another process built it while we waited
    const src = join(dir, 'src');
    if (!existsSync(join(src, 'CMakeLists.txt'))) {
      rmSync(src, { recursive: true, force: true });
      run('git', ['clone', '--quiet', join(llamaDir, 'gitRelease.bundle'), src], dir);
    }
    const build = join(dir, 'build');
    mkdirSync(build, { recursive: true });
    const jobs = process.env.LLAMA_SERVER_JOBS || '2';
    run(
      'cmake',
      [
        src,
        '-DCMAKE_BUILD_TYPE=Release',
        '-DLLAMA_CURL=OFF',
        '-DGGML_NATIVE=ON',
        '-DLLAMA_BUILD_TESTS=OFF',
        '-DLLAMA_BUILD_EXAMPLES=OFF',
        '-DLLAMA_BUILD_SERVER=ON',
        '-DBUILD_SHARED_LIBS=OFF',
      ],
      build,
    );
    run('cmake', ['--build', '.', '--target', 'llama-server', `-j${jobs}`], build);
    if (!existsSync(binary) || !statSync(binary).isFile()) throw new Error(`the build finished but ${binary} is missing`);
    writeFileSync(join(dir, 'built-at'), new Date().toISOString() + '\n');
    return binary;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const binary = llamaServerBinary();
    if (existsSync(binary)) {
      process.stdout.write(binary + '\n');
    } else {
      process.stderr.write(`llama-server is not built (run npm run build:llama-server): ${binary}\n`);
      process.exitCode = 1;
    }
  } else {
    ensureLlamaServer().then(
      (binary) => process.stdout.write(binary + '\n'),
      (error) => {
        process.stderr.write(`llama-server build failed: ${error.message}\n`);
        process.exitCode = 1;
      },
    );
  }
}
