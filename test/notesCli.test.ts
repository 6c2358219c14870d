/**
 * `lectern notes list|export|import|copy` as a person or a script runs them: `node bin/lectern.js`
 * in a child process over a library holding a generated contract PDF with a few annotations,
 * checking exit codes (usage 2, other failures 1), the one JSON object --json prints, the files
 * written, and the coded refusals of bad notes files.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Annotation } from '../native/api/annotationTypes.js';
import { makeContractPdf } from './fixtures/makePdfs.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let library: string;
let pdf: string;
let docId: string;

before(async () => {
  dir = makeTempDir('lectern-notes-cli-');
  library = path.join(dir, 'library');
  pdf = await makeContractPdf(dir);
  const engine = openTestEngine(library);
  try {
    docId = (await engine['library:ingest']({ paths: [pdf] })).documents[0]!.id!;
    for (let page = 1; page <= engine.documents.summary(docId)!.pages; page++) {
      const text = engine.documents.page(docId, page)!.text;
      const at = text.indexOf('Delaware');
      if (at < 0) continue;
      await engine['annotations:create']({
        user: 'default',
        documentId: docId,
        kind: 'highlight',
        note: 'governing law',
        anchor: { page, spans: [{ page, charStart: at, charEnd: at + 8 }], quote: 'Delaware' },
      });
      await engine['annotations:create']({ user: 'default', documentId: docId, kind: 'bookmark', anchor: { page: 1, spans: [], quote: '' } });
      break;
    }
  } finally {
    await engine.close();
  }
});

after(() => removeDir(dir));

const lectern = (args: string[], lib = library) => runCli([...args, '--library', lib], { home: dir });

describe('lectern notes', () => {
  test('list prints one line per note by page; --json prints {"annotations": [...]}', async () => {
    const text = await lectern(['notes', 'list', docId]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split('\n').filter((l) => l.startsWith('p.'));
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^p\.1 {2}bookmark/);
    assert.match(lines[1]!, /highlight, yellow “Delaware”/);
    assert.match(text.stdout, /governing law/);
    const json = await lectern(['notes', 'list', docId, '--json']);
    const body = parseSingleJson(json.stdout) as { annotations: Annotation[] };
    assert.deepEqual(
      body.annotations.map((a) => a.kind),
      ['bookmark', 'highlight'],
    );
  });

  test('export writes Markdown to stdout, or JSON to --out; import reads that file into another library holding the same PDF', async () => {
    const md = await lectern(['notes', 'export', docId]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# /);
    assert.match(md.stdout, /> Delaware\n\ngoverning law\n/);
    assert.match(md.stdout, new RegExp(`lectern://doc/${docId}\\?page=\\d+`));
    const file = path.join(dir, 'notes.json');
    const exported = await lectern(['notes', 'export', docId, '--format', 'json', '--out', file, '--json']);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(parseSingleJson(exported.stdout).path, file);
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { annotations: unknown[] }).annotations.length, 2);

    const other = path.join(dir, 'other-library');
    assert.equal((await lectern(['ingest', pdf], other)).code, 0);
    const imported = await lectern(['notes', 'import', file, '--json'], other);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(parseSingleJson(imported.stdout), { imported: 2, documentId: docId });
    const again = await lectern(['notes', 'import', file], other);
    assert.match(again.stdout, /Nothing new to import/);
  });

  test('a malformed notes file fails with NOTES_FILE_INVALID (exit 1); one of a document not in the library says how to choose one', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"lectern": "notes", ');
    const malformed = await lectern(['notes', 'import', bad, '--json']);
    assert.equal(malformed.code, 1);
    assert.equal((parseSingleJson(malformed.stdout).error as { code: string }).code, 'NOTES_FILE_INVALID');
    const file = JSON.parse((await lectern(['notes', 'export', docId, '--format', 'json'])).stdout) as { document: { id: string; contentHash: string } };
    file.document = { ...file.document, id: 'abcdefabcdef', contentHash: '0'.repeat(64) };
    const stranger = path.join(dir, 'stranger.json');
    fs.writeFileSync(stranger, JSON.stringify(file));
    const refused = await lectern(['notes', 'import', stranger]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not in this library.*--doc <docId>/s);
    const onto = await lectern(['notes', 'import', stranger, '--doc', docId, '--json']);
    assert.equal(onto.code, 0, onto.stderr);
    assert.equal(parseSingleJson(onto.stdout).documentId, docId);
  });

  test('copy writes an annotated PDF to --out and leaves the original as it was', async () => {
    const before = fs.readFileSync(pdf);
    const out = path.join(dir, 'annotated.pdf');
    const copied = await lectern(['notes', 'copy', docId, '--out', out, '--json']);
    assert.equal(copied.code, 0, copied.stderr);
    assert.equal(parseSingleJson(copied.stdout).path, out);
    assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    assert.ok(fs.readFileSync(pdf).equals(before));
  });

  test('search --scope highlights finds only passages holding a highlight; a scope that does not exist is a usage error', async () => {
    const all = parseSingleJson((await lectern(['search', 'agreement', '--json', '--limit', '20'])).stdout) as { results: Array<{ text: string }> };
    assert.ok(all.results.some((r) => !r.text.includes('Delaware')));
    const mine = await lectern(['search', 'agreement', '--scope', 'highlights', '--json', '--limit', '20']);
    assert.equal(mine.code, 0, mine.stderr);
    const results = (parseSingleJson(mine.stdout) as { results: Array<{ text: string }> }).results;
    assert.ok(results.length >= 1 && results.every((r) => r.text.includes('Delaware')), JSON.stringify(results.map((r) => r.text.slice(0, 60))));
    const bad = await lectern(['search', 'agreement', '--scope', 'everything']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /scope/);
  });

  test('usage mistakes exit 2 and say what is expected', async () => {
    for (const [args, says] of [
      [['notes'], /list \| export \| import \| copy/],
      [['notes', 'export'], /needs one document id/],
      [['notes', 'export', docId, '--format', 'txt'], /md or json/],
      [['notes', 'list', docId, '--out', 'x'], /--out is for/],
    ] as Array<[string[], RegExp]>) {
      const r = await lectern(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, says);
    }
  });
});
