/**
 * Renaming a document: the engine command on a real library (title trimmed and checked, stored
 * with title_by_user, kept after reopening, a change event sent), and `lectern rename`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let library: string;
let engine: Engine;
let id: string;

before(async () => {
  dir = makeTempDir();
  library = path.join(dir, 'library');
  engine = openTestEngine(library);
  const { documents } = await engine.invoke('library:ingest', { paths: [makeMarkdownFile(dir)] });
  id = documents[0]!.id!;
  assert.equal(documents[0]!.title, MARKDOWN.title);
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

function storedTitle(): { title: string; title_by_user: number } {
  return engine.db.prepare('SELECT title, title_by_user FROM documents WHERE id = ?').get(id) as { title: string; title_by_user: number };
}

describe('library:rename', () => {
  test('stores the trimmed title with title_by_user = 1, lists it, and tells listeners the library changed', async () => {
    assert.equal(storedTitle().title_by_user, 0, "an imported title is not the user's");
    const changed: string[][] = [];
    const off = engine.on('library:changed', (e) => changed.push(e.documentIds));
    const { document } = await engine.invoke('library:rename', { id, title: '   Rock Pools, Annotated  ' });
    off();
    assert.equal(document.title, 'Rock Pools, Annotated');
    assert.deepEqual(storedTitle(), { title: 'Rock Pools, Annotated', title_by_user: 1 });
    assert.equal((await engine.invoke('library:list', {})).documents.find((d) => d.id === id)?.title, 'Rock Pools, Annotated');
    assert.equal((await engine.invoke('library:get', { id })).title, 'Rock Pools, Annotated');
    assert.deepEqual(changed, [[id]]);
  });

  test('search hits carry the new title at once', async () => {
    await engine.invoke('library:rename', { id, title: 'Tide Notebook' });
    const { results } = await engine.invoke('search:query', { query: 'nudibranch sponge' });
    assert.ok(results.length > 0);
    assert.equal(results[0]!.documentTitle, 'Tide Notebook');
  });

  test('an empty, all-space or over-300-character title is refused with INVALID_ARGUMENT and changes nothing', async () => {
    await engine.invoke('library:rename', { id, title: 'Kept Title' });
    for (const title of ['', '    \t ', 'x'.repeat(301)]) {
      await assert.rejects(engine.invoke('library:rename', { id, title }), (error: { code?: string; message?: string }) => {
        assert.equal(error.code, 'INVALID_ARGUMENT');
        assert.match(error.message!, /title/);
        return true;
      });
    }
    assert.equal(storedTitle().title, 'Kept Title');
    const longest = 'y'.repeat(300);
    assert.equal((await engine.invoke('library:rename', { id, title: longest })).document.title, longest);
  });

  test('an unknown document is DOCUMENT_NOT_FOUND', async () => {
    await assert.rejects(engine.invoke('library:rename', { id: 'feedfacecafe', title: 'Nothing' }), { code: 'DOCUMENT_NOT_FOUND' });
  });
});

describe('lectern list and show tell how well the text was read', () => {
  test('"N pages need OCR" and a text check below 99.5% are shown; a clean document says neither', async () => {
    const page = (number: number, textLayer: 'ok' | 'garbage' | 'none') => ({
      number,
      width: 612,
      height: 792,
      text: textLayer === 'ok' ? 'Harbour dues are paid monthly.' : '',
      geometry: null,
      textLayer,
    });
    const { summary: stored } = engine.documents.insert({
      sha256: 'ab'.repeat(32),
      sourcePath: path.join(dir, 'scanned-annex.pdf'),
      format: 'pdf',
      bytes: 1000,
      status: 'ingested',
      structured: {
        title: 'Scanned Annex',
        pages: [page(1, 'ok'), page(2, 'garbage'), page(3, 'none')],
        sections: [],
        fidelity: 0.9712,
        passages: [{ section: null, page: 1, pageEnd: 1, text: 'Harbour dues are paid monthly.', wordCount: 5, spans: [{ page: 1, charStart: 0, charEnd: 30 }] }],
      },
    });
    assert.equal(stored.ocrPages, 2);
    const list = await runCli(['list', '--library', library], { home: dir });
    assert.equal(list.code, 0, list.stderr);
    const line = list.stdout.split('\n').find((l) => l.includes('Scanned Annex'))!;
    assert.match(line, /2 pages need OCR/);
    assert.match(line, /text check: 97\.1%/);
    const clean = list.stdout.split('\n').find((l) => l.startsWith(id))!;
    assert.doesNotMatch(clean, /OCR|text check/);
    const show = await runCli(['show', '--library', library, stored.id], { home: dir });
    assert.match(show.stdout, /2 pages need OCR · text check: 97\.1%/);
    const json = parseSingleJson((await runCli(['list', '--library', library, '--json'], { home: dir })).stdout) as {
      documents: Array<{ id: string; ocrPages: number; fidelity: number | null }>;
    };
    assert.deepEqual(
      json.documents.find((d) => d.id === stored.id),
      { ...json.documents.find((d) => d.id === stored.id), ocrPages: 2, fidelity: 0.9712 },
    );
  });
});

describe('lectern rename', () => {
  test('renames with the words after the id, and list shows the new title after the engine that renamed is closed', async () => {
    await engine.close();
    const r = await runCli(['rename', '--library', library, '--json', id, '  The Rock Pool Book  '], { home: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseSingleJson(r.stdout), { id, title: 'The Rock Pool Book' });
    const plain = await runCli(['rename', '--library', library, id, 'Rock', 'Pools'], { home: dir });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /Renamed .* “Rock Pools”/);
    const list = parseSingleJson((await runCli(['list', '--library', library, '--json'], { home: dir })).stdout) as { documents: Array<{ id: string; title: string }> };
    assert.equal(list.documents.find((d) => d.id === id)?.title, 'Rock Pools');
  });

  test('a blank title exits 2 with INVALID_ARGUMENT, a missing title exits 2 with usage, an unknown id exits 1', async () => {
    const blank = await runCli(['rename', '--library', library, '--json', id, '   '], { home: dir });
    assert.equal(blank.code, 2);
    assert.equal((parseSingleJson(blank.stdout) as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    const missing = await runCli(['rename', '--library', library, id], { home: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /rename needs a document id and a title/);
    const unknown = await runCli(['rename', '--library', library, '--json', 'feedfacecafe', 'Title'], { home: dir });
    assert.equal(unknown.code, 1);
    assert.equal((parseSingleJson(unknown.stdout) as { error: { code: string } }).error.code, 'DOCUMENT_NOT_FOUND');
  });
});
