/**
 * Crash safety: a `lectern ingest` process killed with SIGKILL mid-batch leaves every
 * document either complete or absent, and the library opens and imports fine afterwards.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { makeBookPdf, makeContractPdf, makeManyPagesPdf, makeTwoColumnPdf } from './fixtures/makePdfs.js';
import { assertLibraryConsistent, assertLibraryEmpty } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { LECTERN_BIN } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let files: string[];

before(async () => {
  dir = makeTempDir();
  files = [await makeTwoColumnPdf(dir), await makeContractPdf(dir), await makeBookPdf(dir), await makeManyPagesPdf(dir, 'ledger.pdf', 120)];
});

after(() => removeDir(dir));

/** Documents committed so far, read from another connection; 0 while the library is not there yet. */
function committedDocuments(libraryDir: string): number {
  const file = path.join(libraryDir, 'library.sqlite');
  if (!fs.existsSync(file)) return 0;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  } catch {
    return 0; // schema not created yet, or busy
  } finally {
    db?.close();
  }
}

/**
 * Starts `lectern ingest`, waits for `killWhen` to say so, then SIGKILLs it.
 * Returns whether the process was still running when killed.
 */
async function ingestAndKill(libraryDir: string, killWhen: () => boolean): Promise<boolean> {
  const child = spawn(process.execPath, [LECTERN_BIN, 'ingest', '--library', libraryDir, '--json', ...files], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));
  const deadline = Date.now() + 30_000;
  while (running && !killWhen() && Date.now() < deadline) await sleep(5);
  const killedWhileRunning = running;
  child.kill('SIGKILL');
  await exited;
  return killedWhileRunning;
}

async function assertWholeOrAbsentThenReingest(libraryDir: string): Promise<void> {
  const engine = openTestEngine(libraryDir);
  try {
    assertLibraryConsistent(engine.db);
    const stored = engine.documents.list();
    for (const d of stored) {
      assert.equal(d.status, 'ingested');
      assert.ok(d.passages > 0, `${d.path} is complete`);
    }
    if (stored.length === 0) assertLibraryEmpty(engine.db);

    const { documents } = await engine['library:ingest']({ paths: files });
    for (const d of documents) {
      const already = stored.some((s) => s.path === path.resolve(d.path));
      assert.equal(d.status, already ? 'duplicate' : 'ingested', `${d.path}: ${JSON.stringify(d.error)}`);
    }
    assert.equal(engine.documents.list().length, files.length);
    assertLibraryConsistent(engine.db);
    const { results } = await engine['search:query']({ query: 'State of Delaware governing law' });
    assert.ok(results[0]?.text.includes('State of Delaware'));
  } finally {
    await engine.close();
  }
}

describe('killing an import', () => {
  test('SIGKILL right after the first document is committed: every document is whole or absent, and importing again succeeds', async (t) => {
    const library = path.join(dir, 'after-first-commit');
    const killedWhileRunning = await ingestAndKill(library, () => committedDocuments(library) >= 1);
    assert.ok(killedWhileRunning, 'the process was killed mid-batch, not after it finished');
    const committed = committedDocuments(library);
    t.diagnostic(`${committed} of ${files.length} documents were committed when the process was killed`);
    assert.ok(committed < files.length, 'some documents were not stored yet');
    await assertWholeOrAbsentThenReingest(library);
  });

  test('SIGKILL while the first documents are being read: every document is whole or absent, and importing again succeeds', async (t) => {
    const library = path.join(dir, 'while-reading');
    let seen = 0;
    const killedWhileRunning = await ingestAndKill(library, () => fs.existsSync(path.join(library, 'library.sqlite')) && ++seen > 20);
    assert.ok(killedWhileRunning);
    t.diagnostic(`${committedDocuments(library)} of ${files.length} documents were committed when the process was killed`);
    await assertWholeOrAbsentThenReingest(library);
  });
});
