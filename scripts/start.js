#!/usr/bin/env node
// `npm start`: the desktop app when it can run here, else web mode in a browser.
// Electron needs its binary (fetched on first run, not at install) and, on Linux, a display.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/**
 * The Electron binary's path, or why the desktop app cannot start. Without a display nothing
 * is fetched; with one, `require('electron')` downloads the binary on first use (the package
 * does not at install), and a failed download falls back to web mode.
 */
function electronOrReason() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  if (!existsSync(new URL('../dist/electron/main.js', import.meta.url))) return { reason: 'the desktop shell is not built (run npm run build)' };
  let binary;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { reason: `the Electron binary is not available (${error.message.split('\n')[0]})` };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { reason: 'the Electron binary is not downloaded' };
  return { binary };
}

const electron = electronOrReason();
if (electron.binary) {
  const child = spawn(electron.binary, [root, ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`lectern: could not start Electron: ${error.message}`);
    process.exitCode = 1;
  });
  child.on('close', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  console.error(`Starting Lectern in web mode, because ${electron.reason}.`);
  // Run `lectern web` in this process, so Ctrl+C reaches it once and its exit code is ours.
  process.argv = [process.argv[0], fileURLToPath(new URL('../bin/lectern.js', import.meta.url)), 'web', ...args];
  await import('../bin/lectern.js');
}
