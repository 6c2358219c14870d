/**
 * The `lectern` command as a person or a script runs it: `node bin/lectern.js` in a
 * child process, against a temporary library, checking exit codes, stdout JSON shapes
 * and error messages on stderr.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONTRACT, makeContractPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let library: string;
let contractPdf: string;
let markdown: string;
const ids = { contract: '', markdown: '' };

before(async () => {
  dir = makeTempDir();
  library = path.join(dir, 'library');
  contractPdf = await makeContractPdf(dir);
  markdown = makeMarkdownFile(dir);
});

after(() => removeDir(dir));

const lectern = (...args: string[]) => runCli(args, { home: dir });
const INGEST_KEYS = ['id', 'path', 'title', 'status', 'pages', 'passages'];
const HIT_KEYS = ['documentId', 'passageId', 'page', 'pageEnd', 'section', 'text', 'snippet', 'score'];

describe('lectern ingest', () => {
  test('ingest --json prints exactly one {"documents":[…]} object and exits 0 when every file is ingested', async () => {
    const r = await lectern('ingest', '--library', library, '--json', contractPdf, markdown);
    assert.equal(r.code, 0, r.stderr);
    const out = parseSingleJson(r.stdout) as { documents: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(out), ['documents']);
    assert.equal(out.documents.length, 2);
    for (const d of out.documents) {
      assert.deepEqual(Object.keys(d).sort(), [...INGEST_KEYS].sort());
      assert.equal(d.status, 'ingested');
      assert.ok(typeof d.id === 'string' && (d.pages as number) > 0 && (d.passages as number) > 0);
    }
    assert.equal(out.documents[0]!.path, contractPdf);
    assert.equal(out.documents[0]!.title, CONTRACT.title);
    assert.equal(out.documents[1]!.title, MARKDOWN.title);
    ids.contract = out.documents[0]!.id as string;
    ids.markdown = out.documents[1]!.id as string;
  });

  test('ingest --json exits 1 when a file fails, reports its error in its entry, and still ingests the others', async () => {
    const missing = path.join(dir, 'missing.pdf');
    const good = path.join(dir, 'note.txt');
    fs.writeFileSync(good, 'A short note about the lighthouse and the ferry timetable, kept for later reading.\n');
    const r = await lectern('ingest', '--library', library, '--json', missing, good);
    assert.equal(r.code, 1);
    const { documents } = parseSingleJson(r.stdout) as { documents: Array<Record<string, unknown> & { error?: { code: string; message: string } }> };
    assert.deepEqual(Object.keys(documents[0]!).sort(), [...INGEST_KEYS, 'error'].sort());
    assert.equal(documents[0]!.status, 'failed');
    assert.equal(documents[0]!.id, null);
    assert.equal(documents[0]!.error?.code, 'FILE_NOT_FOUND');
    assert.match(documents[0]!.error!.message, /not found/i);
    assert.equal(documents[1]!.status, 'ingested');
    const list = parseSingleJson((await lectern('list', '--library', library, '--json')).stdout) as { documents: Array<{ id: string }> };
    assert.ok(list.documents.some((d) => d.id === documents[1]!.id));
  });

  test("ingest without --json writes a failed file's message to stderr and exits 1", async () => {
    const missing = path.join(dir, 'also-missing.pdf');
    const r = await lectern('ingest', '--library', library, missing);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /File not found/);
    assert.ok(r.stderr.includes(missing));
    assert.ok(!r.stdout.includes('File not found'));
  });

  test('ingesting the same file again reports it as a duplicate with its id and exits 0', async () => {
    const r = await lectern('ingest', '--library', library, '--json', contractPdf);
    assert.equal(r.code, 0);
    const { documents } = parseSingleJson(r.stdout) as { documents: Array<{ status: string; id: string }> };
    assert.deepEqual(
      documents.map((d) => [d.status, d.id]),
      [['duplicate', ids.contract]],
    );
  });
});

describe('lectern list and show', () => {
  test('list --json prints the documents with id, title, path, pages, passages and status', async () => {
    const r = await lectern('list', '--library', library, '--json');
    assert.equal(r.code, 0);
    const { documents } = parseSingleJson(r.stdout) as { documents: Array<Record<string, unknown>> };
    const contract = documents.find((d) => d.id === ids.contract);
    assert.ok(contract);
    assert.deepEqual(Object.keys(contract).sort(), ['fidelity', 'id', 'ocrPages', 'pages', 'passages', 'path', 'status', 'title']);
    assert.equal(contract.path, contractPdf);
    assert.ok(documents.some((d) => d.id === ids.markdown));
  });

  test('LECTERN_LIBRARY selects the library when --library is not given', async () => {
    const r = await runCli(['list', '--json'], { home: dir, env: { LECTERN_LIBRARY: library } });
    assert.equal(r.code, 0, r.stderr);
    const { documents } = parseSingleJson(r.stdout) as { documents: Array<{ id: string }> };
    assert.ok(documents.some((d) => d.id === ids.contract));
  });

  test('show <id> --passages --json prints metadata, the section tree and the passages', async () => {
    const r = await lectern('show', ids.markdown, '--passages', '--library', library, '--json');
    assert.equal(r.code, 0, r.stderr);
    const detail = parseSingleJson(r.stdout) as Record<string, unknown> & {
      sections: Array<{ title: string; level: number; page: number; children: unknown[] }>;
      passages: Array<Record<string, unknown>>;
    };
    for (const key of ['id', 'title', 'path', 'format', 'pages', 'passages', 'status', 'sha256', 'sections']) assert.ok(key in detail, `has ${key}`);
    assert.equal(detail.id, ids.markdown);
    assert.equal(detail.format, 'md');
    assert.equal(detail.sections.length, 1);
    assert.equal(detail.sections[0]!.title, MARKDOWN.title);
    assert.deepEqual(
      (detail.sections[0]!.children as Array<{ title: string }>).map((c) => c.title),
      ['Anemones', 'Rock Pools at Night', 'Hermit Crabs'],
    );
    assert.ok(detail.passages.length > 0);
    for (const p of detail.passages) assert.deepEqual(Object.keys(p).sort(), ['id', 'page', 'pageEnd', 'section', 'text']);
    assert.ok(detail.passages.some((p) => (p.text as string).includes(MARKDOWN.planted) && p.section === MARKDOWN.plantedSection));
  });

  test('show without --passages leaves the passages out; without --json prints a readable summary', async () => {
    const json = parseSingleJson((await lectern('show', ids.contract, '--library', library, '--json')).stdout);
    assert.ok(Array.isArray(json.sections));
    assert.equal(typeof json.passages, 'number', 'passages is the count, not the list');
    const text = await lectern('show', ids.contract, '--library', library);
    assert.equal(text.code, 0);
    assert.ok(text.stdout.includes(CONTRACT.title) && text.stdout.includes('12. Governing Law'));
  });
});

describe('lectern search', () => {
  test('search <query> --doc <id> --limit N --json prints {"results":[…]} with the answer first', async () => {
    const r = await lectern('search', "Which state's law governs this agreement?", '--doc', ids.contract, '--limit', '3', '--library', library, '--json');
    assert.equal(r.code, 0, r.stderr);
    const { results } = parseSingleJson(r.stdout) as { results: Array<Record<string, unknown>> };
    assert.ok(results.length > 0 && results.length <= 3);
    for (const hit of results) {
      for (const key of HIT_KEYS) assert.ok(key in hit, `hit has ${key}`);
      assert.equal(hit.documentId, ids.contract);
    }
    assert.ok((results[0]!.text as string).includes(CONTRACT.governingLaw));
    assert.equal(results[0]!.section, CONTRACT.governingLawSection);
  });

  test('search --doc restricts results to that document', async () => {
    const r = await lectern('search', 'harbour keeper lantern', '--doc', ids.markdown, '--limit', '20', '--library', library, '--json');
    const { results } = parseSingleJson(r.stdout) as { results: Array<{ documentId: string }> };
    assert.ok(results.length > 0);
    assert.ok(results.every((h) => h.documentId === ids.markdown));
  });

  test('search --batch <file> prints one JSON line per query line, in order, and an error line for a bad line', async () => {
    const batch = path.join(dir, 'queries.jsonl');
    fs.writeFileSync(
      batch,
      [
        JSON.stringify({ query: 'Which state law governs the agreement?' }),
        JSON.stringify({ query: 'nudibranch', docs: [ids.markdown], limit: 2 }),
        'this line is not JSON',
        JSON.stringify({ query: 'fire suppression Zurich', limit: 1 }),
      ].join('\n'),
    );
    const r = await lectern('search', '--batch', batch, '--library', library);
    assert.equal(r.code, 1, 'a bad line makes the exit code 1');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { results?: Array<{ text: string; documentId: string }>; error?: { code: string } });
    assert.equal(lines.length, 4);
    assert.ok(lines[0]!.results![0]!.text.includes('State of Delaware'));
    assert.ok(lines[1]!.results!.length <= 2 && lines[1]!.results![0]!.text.includes('nudibranch') && lines[1]!.results!.every((h) => h.documentId === ids.markdown));
    assert.equal(lines[2]!.error?.code, 'INVALID_ARGUMENT');
    assert.equal(lines[3]!.results!.length, 1);
    assert.ok(lines[3]!.results![0]!.text.includes('Zurich'));
  });

  test('search with odd syntax prints results, not an error', async () => {
    const r = await lectern('search', '"unbalanced AND (NEAR * : ^ -', '--library', library, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(parseSingleJson(r.stdout).results));
  });
});

describe('lectern remove', () => {
  test('remove <id> deletes the document: show then fails with DOCUMENT_NOT_FOUND and search no longer finds it', async () => {
    const r = await lectern('remove', ids.markdown, '--library', library);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(ids.markdown));
    const show = await lectern('show', ids.markdown, '--library', library, '--json');
    assert.equal(show.code, 1);
    assert.equal((parseSingleJson(show.stdout) as { error: { code: string } }).error.code, 'DOCUMENT_NOT_FOUND');
    const search = await lectern('search', 'nudibranch', '--library', library, '--json');
    const { results } = parseSingleJson(search.stdout) as { results: Array<{ documentId: string; fallback?: string }> };
    assert.ok(
      results.every((h) => h.fallback === 'opening' && h.documentId !== ids.markdown),
      "nothing matches: only other documents' opening passages, marked as a fallback",
    );
  });
});

describe('errors', () => {
  test('an unknown document id: a clear message on stderr and exit 1; with --json one {"error":{code,message}} object', async () => {
    const text = await lectern('show', 'abcdef123456', '--library', library);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /No document with id "abcdef123456"/);
    assert.equal(text.stdout, '');
    const json = await lectern('remove', 'abcdef123456', '--library', library, '--json');
    assert.equal(json.code, 1);
    const out = parseSingleJson(json.stdout) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(out), ['error']);
    assert.deepEqual(Object.keys(out.error).sort(), ['code', 'message']);
    assert.equal(out.error.code, 'DOCUMENT_NOT_FOUND');
  });

  test('a library path that is a regular file: a message naming it on stderr and a non-zero exit; --json gives LIBRARY_UNREADABLE', async () => {
    const file = path.join(dir, 'library-is-a-file');
    fs.writeFileSync(file, 'not a folder');
    const text = await lectern('list', '--library', file);
    assert.notEqual(text.code, 0);
    assert.ok(text.stderr.includes(file), text.stderr);
    assert.equal(text.stdout, '');
    const json = await lectern('list', '--library', file, '--json');
    assert.notEqual(json.code, 0);
    assert.equal((parseSingleJson(json.stdout) as { error: { code: string } }).error.code, 'LIBRARY_UNREADABLE');
  });

  test('a missing batch file: FILE_NOT_FOUND and a non-zero exit', async () => {
    const r = await lectern('search', '--batch', path.join(dir, 'no-queries.jsonl'), '--library', library, '--json');
    assert.notEqual(r.code, 0);
    assert.equal((parseSingleJson(r.stdout) as { error: { code: string } }).error.code, 'FILE_NOT_FOUND');
  });

  test('a usage mistake exits 2 with the usage text on stderr', async () => {
    const r = await lectern('ingest', '--library', library);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs at least one file/);
    const unknownFlag = await lectern('list', '--library', library, '--colour');
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /Usage:/);
  });
});

describe('lectern in a pipeline', () => {
  test('a reader that closes the pipe early (lectern … | head) ends lectern quietly with exit 0, not a stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const bin = path.resolve('bin/lectern.js');
    // `true` exits without reading, so every write lectern makes meets a closed pipe (EPIPE).
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" --help | true; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    assert.match(run.stderr, /status 0\n$/);
    assert.doesNotMatch(run.stderr, /EPIPE|at .*\.js/);
  });
});
