/**
 * A library under storage faults gives coded errors a person can act on, never INTERNAL:
 * a full disk (DISK_FULL), damaged pages or a missing search index (LIBRARY_DAMAGED, with
 * `lectern repair` to rebuild the index).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { startWebServer } from '../native/server/WebServer.js';

let dir: string;
let markdown: string;
const cli = (...args: string[]) => runCli(args, { home: dir });

before(() => {
  dir = makeTempDir();
  markdown = makeMarkdownFile(dir);
});

after(() => removeDir(dir));

async function libraryWithOneDocument(name: string): Promise<string> {
  const library = path.join(dir, name);
  const r = await cli('ingest', markdown, '--library', library, '--json');
  assert.equal(r.code, 0, r.stderr);
  return library;
}

function errorOf(stdout: string): { code: string; message: string } {
  return (parseSingleJson(stdout) as { error: { code: string; message: string } }).error;
}

describe('a damaged library', () => {
  test('a missing search index gives LIBRARY_DAMAGED naming `lectern repair`, which recreates the index so search works again', async () => {
    const library = await libraryWithOneDocument('no-index');
    const db = new Database(path.join(library, 'library.sqlite'));
    db.exec('DROP TABLE passage_search_terms; DROP TABLE passage_search;');
    db.close();

    const broken = await cli('search', 'anemone', '--library', library, '--json');
    assert.equal(broken.code, 1);
    const error = errorOf(broken.stdout);
    assert.equal(error.code, 'LIBRARY_DAMAGED', error.message);
    assert.match(error.message, /lectern repair/);

    const repair = await cli('repair', '--library', library, '--json');
    assert.equal(repair.code, 0, repair.stderr);
    const report = parseSingleJson(repair.stdout) as { searchIndex: string; ok: boolean; passages: number };
    assert.equal(report.searchIndex, 'recreated');
    assert.equal(report.ok, true);
    assert.ok(report.passages > 0);
    const fixed = await cli('search', 'anemone', '--library', library, '--json');
    assert.equal(fixed.code, 0, fixed.stdout);
    assert.ok((parseSingleJson(fixed.stdout) as { results: unknown[] }).results.length > 0);
  });

  test('overwritten database pages give LIBRARY_DAMAGED, and repair reports the damage instead of claiming success', async () => {
    const library = await libraryWithOneDocument('bad-pages');
    const file = path.join(library, 'library.sqlite');
    const pageSize = 4096;
    const bytes = fs.readFileSync(file);
    // Every page after the first (the header and schema) becomes garbage.
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    fs.writeFileSync(file, bytes);

    const list = await cli('list', '--library', library, '--json');
    const error = errorOf(list.stdout);
    assert.equal(error.code, 'LIBRARY_DAMAGED', error.message);
    const repair = await cli('repair', '--library', library, '--json');
    assert.notEqual(repair.code, 0);
    const report = repair.stdout.trim() ? (parseSingleJson(repair.stdout) as { ok?: boolean; error?: { code: string } }) : {};
    assert.ok(report.ok === false || report.error?.code === 'LIBRARY_DAMAGED', repair.stdout);
  });
});

/** A 2 MiB tmpfs: a real full disk. Mounting needs root (and a sandbox that allows it). */
function mountTinyDisk(at: string): string | null {
  fs.mkdirSync(at, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', at], { stdio: 'ignore' });
    return null;
  } catch {
    return 'mounting a small tmpfs needs root';
  }
}

describe('a full disk', () => {
  const disk = path.join(makeTempDir('lectern-tinydisk-'), 'disk');
  const skip = mountTinyDisk(disk);
  after(() => {
    if (!skip) execFileSync('umount', ['-l', disk]);
    removeDir(path.dirname(disk));
  });

  test('an import that does not fit gives DISK_FULL with advice, and the library stays usable', { skip: skip ?? false }, async () => {
    const big = path.join(dir, 'harbour-log.txt');
    fs.writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `Entry ${i}: the tide stood at ${(i * 7) % 1000} and harbour ${i % 97} was quiet.`).join('\n'));
    const library = path.join(disk, 'library');
    const r = await cli('ingest', big, '--library', library, '--json');
    const [outcome] = (parseSingleJson(r.stdout) as { documents: Array<{ status: string; error?: { code: string; message: string } }> }).documents;
    assert.equal(outcome!.status, 'failed');
    assert.equal(outcome!.error?.code, 'DISK_FULL', outcome!.error?.message);
    assert.match(outcome!.error!.message, /Free some space/);
    const list = await cli('list', '--library', library, '--json');
    assert.equal(list.code, 0, list.stdout);
  });

  test('an upload that does not fit is HTTP 507 DISK_FULL, not FILE_UNREADABLE', { skip: skip ?? false }, async () => {
    const renderer = path.join(dir, 'renderer');
    const engine = openTestEngine(path.join(disk, 'library'));
    const server = await startWebServer({ engine, rendererDir: renderer });
    try {
      const r = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=big.txt&token=${server.token}`, { method: 'POST', body: Buffer.alloc(3 * 1024 * 1024, 97) });
      assert.equal(r.status, 507);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'DISK_FULL');
    } finally {
      await server.close();
      await engine.close();
    }
  });
});

describe('a library on read-only media', () => {
  const media = path.join(makeTempDir('lectern-readonly-'), 'media');
  const skip = mountTinyDisk(media);
  after(() => {
    if (!skip) execFileSync('umount', ['-l', media]);
    removeDir(path.dirname(media));
  });

  // Root ignores file permissions (chmod a-w), so the media itself is made read-only: a tmpfs remounted ro.
  test('opens read-only: list, search and ask without history work; an import says LIBRARY_READ_ONLY', { skip: skip ?? false }, async () => {
    const library = path.join(media, 'library');
    assert.equal((await cli('ingest', markdown, '--library', library, '--json')).code, 0);
    execFileSync('mount', ['-o', 'remount,ro', media]);

    const list = await cli('list', '--library', library, '--json');
    assert.equal(list.code, 0, list.stdout);
    assert.equal((parseSingleJson(list.stdout) as { documents: unknown[] }).documents.length, 1);
    const search = await cli('search', 'anemone', '--library', library, '--json');
    assert.ok((parseSingleJson(search.stdout) as { results: unknown[] }).results.length > 0, search.stdout);
    const ask = await cli('ask', 'What grazed on the sponge beside the anemone?', '--library', library, '--json');
    assert.equal(ask.code, 0, ask.stdout);
    assert.equal((parseSingleJson(ask.stdout) as { mode: string }).mode, 'extractive');

    const other = path.join(dir, 'other.md');
    fs.writeFileSync(other, '# Other\n\nA note about lighthouses and their keepers.\n');
    const [outcome] = (parseSingleJson((await cli('ingest', other, '--library', library, '--json')).stdout) as { documents: Array<{ status: string; error?: { code: string } }> })
      .documents;
    assert.equal(outcome!.status, 'failed');
    assert.equal(outcome!.error?.code, 'LIBRARY_READ_ONLY');
  });
});
