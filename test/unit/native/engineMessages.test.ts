/**
 * Errors for people (issue 12): everything the engine throws at a caller is a coded
 * LecternError, and its messages use no command-line words, since the same message reaches
 * people in the app. The CLI adds its own hints by code (native/cli/cliHints.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Files allowed an exception, each with the reason. */
const PLAIN_ERROR_ALLOWED: Record<string, string> = {
  // Guards the worker script against being loaded outside a worker thread; nothing calls it.
  'native/ingest/pdfWorker.ts': 'module guard',
  'native/ingest/ocr/ocrWorker.ts': 'module guard',
};
const CLI_WORDS_ALLOWED: Record<string, string> = {
  // Web mode is started from the command line (`lectern web`); its message names how to start it.
  'native/server/WebCommandPolicy.ts': 'web mode only',
  // 'app:openLibrary' without a host that switches: only a plain engine (the CLI, a script) lacks one.
  'native/commands/app.ts': 'plain engine only',
};

/** The engine's sources: native/ without the CLI, which speaks the command line's words. */
function engineSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (rel !== 'native/cli') walk(rel);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(rel);
      }
    }
  };
  walk('native');
  return out;
}

/** The code of a source without its comments (line by line; good enough for this source tree). */
function codeLines(source: string): string[] {
  let inBlock = false;
  return source.split('\n').map((line) => {
    const trimmed = line.trim();
    if (inBlock) {
      if (trimmed.includes('*/')) inBlock = false;
      return '';
    }
    if (trimmed.startsWith('/*')) {
      inBlock = !trimmed.includes('*/');
      return '';
    }
    if (trimmed.startsWith('//') || trimmed.startsWith('*')) return '';
    return line.replace(/\s\/\/ .*$/, '');
  });
}

/** Plain `Error`s thrown or rejected with: they reach people as "INTERNAL: Unexpected error". */
function plainErrors(source: string): string[] {
  return codeLines(source).filter((line) => /\b(throw|reject\()\s*new Error\(/.test(line) || /\breject\(new Error\(/.test(line));
}

/** String literals that speak the command line's words: a `lectern <command>` or a `--flag`. */
function cliWords(source: string): string[] {
  const found: string[] = [];
  for (const line of codeLines(source)) {
    for (const match of line.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      const text = match[2]!;
      if (/\blectern [a-z]/.test(text) || /(^|[\s(“"'`])--[a-z]/.test(text)) found.push(text);
    }
  }
  return found;
}

describe('engine messages', () => {
  test('the checks find a plain Error and command-line words when they are there', () => {
    assert.equal(plainErrors("if (x) throw new Error('boom');").length, 1);
    assert.equal(plainErrors("return Promise.reject(new Error('gone'));").length, 1);
    assert.equal(plainErrors("throw new LecternError('INTERNAL', 'boom');\n// throw new Error('in a comment')").length, 0);
    assert.deepEqual(cliWords("throw new LecternError('X', 'Run `lectern list` to see them.');"), ['Run `lectern list` to see them.']);
    assert.equal(cliWords('message: `Load one, or pass --model <id>.`').length, 1);
    assert.equal(cliWords("const sql = 'SELECT 1 -- note'; --this.count;").length, 0);
  });

  test('nothing in native/ outside the CLI throws a plain Error at its caller', () => {
    const offenders = engineSources()
      .filter((file) => !(file in PLAIN_ERROR_ALLOWED))
      .flatMap((file) => plainErrors(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`));
    assert.deepEqual(offenders, [], 'throw a LecternError with a code and a message that says what to do');
  });

  test('engine messages outside the CLI name no `lectern` command and no --flag', () => {
    const offenders = engineSources()
      .filter((file) => !(file in CLI_WORDS_ALLOWED))
      .flatMap((file) => cliWords(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((text) => `${file}: ${text}`));
    assert.deepEqual(offenders, [], 'say it in words that fit the app too; put the CLI hint in native/cli/cliHints.ts');
  });
});
