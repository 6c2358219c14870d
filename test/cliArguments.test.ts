/**
 * The command line accepts what the app's API accepts and no more, and keeps its
 * one-JSON-object promise for argument errors too.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let library: string;
const cli = (...args: string[]) => runCli(args, { home: dir });

before(() => {
  dir = makeTempDir();
  library = path.join(dir, 'library');
});

after(() => removeDir(dir));

function assertJsonError(r: { code: number | null; stdout: string; stderr: string }, code: string, exit = 2): string {
  assert.equal(r.code, exit, r.stderr);
  const { error } = parseSingleJson(r.stdout) as { error: { code: string; message: string } };
  assert.equal(error.code, code, error.message);
  return error.message;
}

test('--json prints the coded error when the arguments themselves do not parse (`--limit -5`)', async () => {
  const message = assertJsonError(await cli('search', 'x', '--library', library, '--limit', '-5', '--json'), 'INVALID_ARGUMENT');
  assert.match(message, /--limit/);
});

test('an unknown option with --json is a JSON error too, and without --json goes to stderr with the usage', async () => {
  assertJsonError(await cli('list', '--library', library, '--colour', '--json'), 'INVALID_ARGUMENT');
  const plain = await cli('list', '--library', library, '--colour');
  assert.equal(plain.code, 2);
  assert.equal(plain.stdout, '');
  assert.match(plain.stderr, /Usage:/);
});

test('a query longer than the API allows (2,000 characters) is refused before the library is opened', async () => {
  const fresh = path.join(dir, 'never-created');
  const message = assertJsonError(await cli('search', 'a'.repeat(10_000), '--library', fresh, '--json'), 'INVALID_ARGUMENT');
  assert.match(message, /query/);
  assert.equal(fs.existsSync(fresh), false);
});

test('numbers must be plain decimal digits: 1e3, 0x10, +5 and 1.0 are refused, 7 is taken', async () => {
  for (const limit of ['1e3', '0x10', '+5', '1.0', ' 7', '']) {
    assertJsonError(await cli('search', 'x', '--library', library, '--limit', limit, '--json'), 'INVALID_ARGUMENT');
  }
  const ok = await cli('search', 'x', '--library', library, '--limit', '7', '--json');
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(parseSingleJson(ok.stdout), { results: [] });
  assertJsonError(await cli('search', 'x', '--library', library, '--limit', '201', '--json'), 'INVALID_ARGUMENT'); // the API's cap
});

test('cache budget past what the API can hold is refused and the stored budget is unchanged', async () => {
  const before = parseSingleJson((await cli('cache', 'status', '--library', library, '--json')).stdout) as { budgetBytes: number };
  assertJsonError(await cli('cache', 'budget', '--limit', '99999999999999', '--library', library, '--json'), 'INVALID_ARGUMENT');
  const afterwards = parseSingleJson((await cli('cache', 'status', '--library', library, '--json')).stdout) as { budgetBytes: number };
  assert.equal(afterwards.budgetBytes, before.budgetBytes);
  const set = parseSingleJson((await cli('cache', 'budget', '--limit', '512', '--library', library, '--json')).stdout) as { budgetBytes: number };
  assert.equal(set.budgetBytes, 512 * 1024 * 1024);
});

test("--library '' is refused instead of opening the default library", async () => {
  const message = assertJsonError(await cli('list', '--library', '', '--json'), 'INVALID_ARGUMENT');
  assert.match(message, /--library/);
  assert.equal(fs.existsSync(path.join(dir, 'Lectern')), false, 'the default library was not created');
});

test('a zero-byte library.sqlite is refused as damaged, with advice, and left as it was', async () => {
  const emptied = path.join(dir, 'emptied');
  fs.mkdirSync(emptied);
  fs.writeFileSync(path.join(emptied, 'library.sqlite'), '');
  const message = assertJsonError(await cli('list', '--library', emptied, '--json'), 'LIBRARY_DAMAGED', 1);
  assert.match(message, /backup/);
  assert.equal(fs.statSync(path.join(emptied, 'library.sqlite')).size, 0);
});
