import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LECTERN_BIN = fileURLToPath(new URL('../../../bin/lectern.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/lectern.js …` as a person would. The environment never points at the
 * real user library: LECTERN_LIBRARY is removed unless given, and XDG_CONFIG_HOME is `home`.
 */
export function runCli(args: string[], options: { home: string; env?: Record<string, string> }): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: options.home, HOME: options.home, ...options.env };
  if (!options.env?.LECTERN_LIBRARY) delete env.LECTERN_LIBRARY;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LECTERN_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The one JSON object a `--json` command prints, failing loudly when there is not exactly one. */
export function parseSingleJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected exactly one line of JSON on stdout, got ${lines.length}:\n${stdout}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}
