/**
 * Re-reading documents an older text pipeline stored (documents.ingest_version below
 * INGEST_VERSION): their content is replaced whole, one transaction per document, while the
 * document keeps its id, its person-set title, its conversations (citations found again by
 * their quotes) and the profile events that name it. Missing or changed files are left alone
 * and reported; cancelling and killing the process leave every document either old or new.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import type { Engine } from '../native/engine.js';
import { INGEST_VERSION } from '../native/model/ingestVersion.js';
import { CONTRACT, makeContractPdf, makeManyPagesPdf } from './fixtures/makePdfs.js';
import { makePlainTextFile, makeSmallTextFile, PLAIN_TEXT } from './fixtures/makeTextFiles.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { LECTERN_BIN } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';

let dir: string;

before(() => {
  dir = makeTempDir();
});

after(() => removeDir(dir));

const OLD_PAGE_TEXT = 'text as an older version read it';

/**
 * What an older pipeline left: version 1, a first page whose text reads otherwise and, when
 * `dropPassage` is given, a passage missing (taken out of the index too).
 */
function makeOutdated(db: Db, documentId: string, dropPassage?: number): void {
  db.transaction(() => {
    if (dropPassage !== undefined) {
      const passage = db.prepare('SELECT id FROM passages WHERE document_id = ? ORDER BY ord LIMIT 1 OFFSET ?').get(documentId, dropPassage) as { id: number };
      db.prepare(
        `INSERT INTO passage_search (passage_search, rowid, section_title, text)
                  SELECT 'delete', id, section_title, text FROM passage_search_source WHERE id = ?`,
      ).run(passage.id);
      db.prepare('DELETE FROM passages WHERE id = ?').run(passage.id);
    }
    db.prepare('UPDATE pages SET text = ? WHERE document_id = ? AND number = 1').run(OLD_PAGE_TEXT, documentId);
    db.prepare('UPDATE documents SET ingest_version = 1 WHERE id = ?').run(documentId);
  })();
}

function passageIds(db: Db, documentId: string): number[] {
  return (db.prepare('SELECT id FROM passages WHERE document_id = ? ORDER BY ord').all(documentId) as Array<{ id: number }>).map((r) => r.id);
}

function passageTexts(db: Db, documentId: string): string[] {
  return (db.prepare('SELECT text FROM passages WHERE document_id = ? ORDER BY ord').all(documentId) as Array<{ text: string }>).map((r) => r.text);
}

function versionOf(db: Db, documentId: string): number {
  return (db.prepare('SELECT ingest_version AS v FROM documents WHERE id = ?').get(documentId) as { v: number }).v;
}

/** Per document: its passages' text after a fresh import, and its passage ids and texts as the old pipeline left them. */
type Snapshot = Map<string, { fresh: string[]; oldIds: number[]; old: string[] }>;

/**
 * Each document is either exactly as the old pipeline left it (version, page text, the very
 * same passage rows) or wholly re-read (new version, new page text, the passages of a fresh
 * import). Returns how many are re-read.
 */
function assertEachOldOrNew(db: Db, snapshot: Snapshot): number {
  let fresh = 0;
  for (const [id, { fresh: freshTexts, oldIds, old }] of snapshot) {
    const version = versionOf(db, id);
    const ids = passageIds(db, id);
    const texts = passageTexts(db, id);
    const page1 = (db.prepare('SELECT text FROM pages WHERE document_id = ? AND number = 1').get(id) as { text: string }).text;
    if (version === INGEST_VERSION) {
      fresh++;
      assert.deepEqual(texts, freshTexts, `${id} re-read has the passages of a fresh import`);
      assert.notEqual(page1, OLD_PAGE_TEXT, `${id} re-read has its new page text`);
    } else {
      assert.equal(version, 1);
      assert.deepEqual(ids, oldIds, `${id} not re-read keeps exactly its old passage rows`);
      assert.deepEqual(texts, old, `${id} not re-read keeps their old text`);
      assert.equal(page1, OLD_PAGE_TEXT, `${id} not re-read keeps its old page text`);
    }
  }
  return fresh;
}

/** Damages every document (dropping a passage where it has two or more) and records what is old. */
function outdateAll(db: Db, ids: readonly string[]): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const id of ids) {
    const fresh = passageTexts(db, id);
    makeOutdated(db, id, fresh.length > 1 ? 0 : undefined);
    snapshot.set(id, { fresh, oldIds: passageIds(db, id), old: passageTexts(db, id) });
  }
  return snapshot;
}

async function ingest(engine: Engine, paths: string[]): Promise<string[]> {
  const { documents } = await engine['library:ingest']({ paths });
  return documents.map((d) => {
    assert.ok(d.id, `${d.path}: ${JSON.stringify(d.error)}`);
    return d.id;
  });
}

describe('re-reading documents stored by an older pipeline', () => {
  test('a PDF and a text file get new passages under the same id; title set by a person, added_at, conversation, citation (relocated) and events are kept', async () => {
    const files = path.join(dir, 'keep');
    fs.mkdirSync(files);
    const pdf = await makeContractPdf(files);
    const txt = makePlainTextFile(files);
    const engine = openTestEngine(path.join(dir, 'keep-library'));
    try {
      const [pdfId, txtId] = await ingest(engine, [pdf, txt]);
      const db = engine.db;
      const before = new Map([pdfId!, txtId!].map((id) => [id, engine.documents.passages(id)] as const));
      const addedAt = new Map([pdfId!, txtId!].map((id) => [id, engine.documents.summary(id)!.addedAt]));
      const cited = before.get(pdfId!)!.find((p) => p.text.includes(CONTRACT.governingLaw))!;
      assert.ok(cited, 'the fixture has the governing-law sentence in a passage');

      makeOutdated(db, pdfId!, before.get(pdfId!)!.findIndex((p) => p.id === cited.id) === 0 ? 1 : 0);
      makeOutdated(db, txtId!, 0);
      db.prepare(`UPDATE documents SET title = 'My services contract', title_by_user = 1 WHERE id = ?`).run(pdfId);
      db.prepare(`UPDATE documents SET title = 'title an older version guessed' WHERE id = ?`).run(txtId);
      const conversation = engine.conversations.create(pdfId!, [pdfId!], 'Which law governs?');
      engine.conversations.addExchange(conversation, 'Which law governs?', {
        text: 'Delaware law [1]. Also [2].',
        mode: 'extractive',
        modelId: null,
        citations: [
          {
            marker: '1',
            passageId: cited.id,
            documentId: pdfId!,
            page: cited.page,
            quote: CONTRACT.governingLaw,
            charStart: 0,
            charEnd: 10,
            supported: true,
            spans: [],
            rects: [],
          },
          {
            marker: '2',
            passageId: cited.id,
            documentId: pdfId!,
            page: cited.page,
            quote: 'A sentence no version of this contract ever held.',
            charStart: 0,
            charEnd: 10,
            supported: false,
            spans: [],
            rects: [],
          },
        ],
      });
      await engine['events:record']({ user: 'default', type: 'open', documentId: pdfId!, page: 1 });
      await engine['events:record']({ user: 'default', type: 'question', documentId: pdfId!, text: 'Which law governs the agreement in Delaware?' });
      const eventsBefore = db.prepare('SELECT id, type, document_id FROM events ORDER BY id').all();
      const profileBefore = (db.prepare('SELECT count(*) AS n FROM user_entities').get() as { n: number }).n;

      const progress: Array<{ done: number; total: number }> = [];
      const stop = engine.on('library:rereadProgress', (p) => progress.push({ done: p.done, total: p.total }));
      const result = await engine['library:reread']({});
      stop();

      assert.equal(result.documents, 2);
      assert.deepEqual(result.skipped, []);
      assert.equal(result.cancelled, false);
      assert.deepEqual(result.citations, { relocated: 1, unlinked: 1 });
      assert.deepEqual(progress.at(-1), { done: 2, total: 2 });
      for (const id of [pdfId!, txtId!]) {
        const after = engine.documents.passages(id);
        assert.equal(after.length, before.get(id)!.length, 'the passage the old text lacked is back');
        assert.deepEqual(
          after.map((p) => p.text),
          before.get(id)!.map((p) => p.text),
          'the same text as a fresh import',
        );
        assert.equal(versionOf(db, id), INGEST_VERSION);
        assert.equal(engine.documents.summary(id)!.addedAt, addedAt.get(id));
      }
      assert.equal(engine.documents.summary(pdfId!)!.title, 'My services contract', 'a title set by a person stays');
      assert.equal(engine.documents.summary(txtId!)!.title, PLAIN_TEXT.title, 'a guessed title is guessed again');
      assert.ok(engine.documents.page(pdfId!, 1)!.text.includes('MASTER SERVICES AGREEMENT'), 'page text is the new reading');

      const [question, answer] = engine.conversations.messages(conversation);
      assert.equal(question!.text, 'Which law governs?');
      const [found, gone] = answer!.citations;
      assert.equal(found!.quote, CONTRACT.governingLaw);
      const relocated = engine.documents.passagesById([found!.passageId!])[0]!;
      assert.equal(relocated.documentId, pdfId);
      assert.ok(relocated.text.includes(CONTRACT.governingLaw), 'the citation points at the new passage holding its quote');
      const onPage = engine.documents.page(pdfId!, found!.page!)!.text.slice(found!.charStart!, found!.charEnd!).replace(/\n/g, ' ');
      assert.ok(onPage.length > 20 && CONTRACT.governingLaw.startsWith(onPage), `the citation's page range holds its quote (${onPage})`);
      assert.equal(gone!.passageId, null, 'a quote no longer in the text loses its passage');
      assert.equal(gone!.quote, 'A sentence no version of this contract ever held.');
      assert.equal(gone!.page, cited.page, 'and keeps its page');

      assert.deepEqual(db.prepare('SELECT id, type, document_id FROM events ORDER BY id').all(), eventsBefore, 'profile events kept');
      assert.equal((db.prepare('SELECT count(*) AS n FROM user_entities').get() as { n: number }).n, profileBefore, 'profile interests kept');
      assert.deepEqual(
        engine.conversations.listForDocument(pdfId!).map((c) => c.id),
        [conversation],
      );
      const { results } = await engine['search:query']({ query: 'Zurich fire suppression', documentIds: [pdfId!] });
      assert.ok(results[0]?.text.includes('fire suppression'), 'the search index holds the new passages');
      assertLibraryConsistent(db);

      const again = await engine['library:reread']({});
      assert.equal(again.documents, 0, 'nothing left to re-read');
    } finally {
      await engine.close();
    }
  });

  test('a document whose file is gone or changed is left as it was and reported once per run', async () => {
    const files = path.join(dir, 'missing');
    fs.mkdirSync(files);
    const gone = makeSmallTextFile(files, 'gone.txt', 11);
    const changed = makeSmallTextFile(files, 'changed.txt', 12);
    const kept = makeSmallTextFile(files, 'kept.txt', 13);
    const engine = openTestEngine(path.join(dir, 'missing-library'));
    try {
      const ids = await ingest(engine, [gone, changed, kept]);
      const snapshot = outdateAll(engine.db, ids);
      fs.rmSync(gone);
      fs.appendFileSync(changed, 'A line added after the import.\n');
      const result = await engine['library:reread']({});
      assert.equal(result.documents, 1);
      assert.deepEqual(
        result.skipped.map((s) => [s.id, s.reason]),
        [
          [ids[0], 'source-missing'],
          [ids[1], 'source-changed'],
        ],
      );
      assert.match(result.skipped[0]!.message, /gone/);
      assert.match(result.skipped[1]!.message, /changed/);
      assert.equal(assertEachOldOrNew(engine.db, snapshot), 1);
      assert.equal(versionOf(engine.db, ids[2]!), INGEST_VERSION, 'the document whose file is there was re-read');
      const again = await engine['library:reread']({});
      assert.equal(again.skipped.length, 2, 'a later run reports them again, once each, and ends');
      assertLibraryConsistent(engine.db);
    } finally {
      await engine.close();
    }
  });

  test('the background work a host starts on opening a library re-reads outdated documents before back-filling entities', async () => {
    const files = path.join(dir, 'background');
    fs.mkdirSync(files);
    const engine = openTestEngine(path.join(dir, 'background-library'));
    try {
      const ids = await ingest(engine, [makePlainTextFile(files), makeSmallTextFile(files, 'other.txt', 90)]);
      const snapshot = outdateAll(engine.db, ids);
      const logged: string[] = [];
      await engine.backfillInBackground((message) => logged.push(message));
      assert.equal(assertEachOldOrNew(engine.db, snapshot), ids.length);
      assert.ok(
        logged.some((m) => /Read 2 documents again/.test(m)),
        logged.join('\n'),
      );
      assert.equal((engine.db.prepare('SELECT count(*) AS n FROM entity_extraction').get() as { n: number }).n, ids.length, 'entities read for every re-read document');
    } finally {
      await engine.close();
    }
  });

  test('cancelling after the first document leaves each document either old or new, never mixed', async () => {
    const files = path.join(dir, 'cancel');
    fs.mkdirSync(files);
    const paths = [await makeContractPdf(files), ...Array.from({ length: 4 }, (_, i) => makeSmallTextFile(files, `note-${i}.txt`, 40 + i)), makePlainTextFile(files)];
    const engine = openTestEngine(path.join(dir, 'cancel-library'));
    try {
      const ids = await ingest(engine, paths);
      const snapshot = outdateAll(engine.db, ids);
      const controller = new AbortController();
      const stop = engine.on('library:rereadProgress', (p) => {
        if (p.done === 1) controller.abort();
      });
      const result = await rejectsCancelled(engine['library:reread']({}, { signal: controller.signal }), 'library:reread');
      stop();
      assert.ok(result, 'the CANCELLED error carries what was re-read');
      assert.equal(result.cancelled, true);
      assert.ok(result.documents >= 1 && result.documents < ids.length, `stopped mid-way (${result.documents} of ${ids.length})`);
      assert.equal(assertEachOldOrNew(engine.db, snapshot), result.documents);
      assertLibraryConsistent(engine.db);
      const rest = await engine['library:reread']({});
      assert.equal(rest.documents, ids.length - result.documents, 'the next run re-reads the rest');
      assert.equal(assertEachOldOrNew(engine.db, snapshot), ids.length);
    } finally {
      await engine.close();
    }
  });

  test('SIGKILL of a `lectern reread` process mid-way leaves a consistent library of old and new documents, and a new run finishes', async (t) => {
    const files = path.join(dir, 'crash');
    fs.mkdirSync(files);
    const paths = [
      ...Array.from({ length: 3 }, (_, i) => makeSmallTextFile(files, `note-${i}.txt`, 70 + i)),
      await makeManyPagesPdf(files, 'ledger.pdf', 120),
      await makeManyPagesPdf(files, 'ledger-2.pdf', 121),
    ];
    const libraryDir = path.join(dir, 'crash-library');
    let snapshot: Snapshot;
    {
      const engine = openTestEngine(libraryDir);
      try {
        const ids = await ingest(engine, paths);
        snapshot = outdateAll(engine.db, ids);
      } finally {
        await engine.close();
      }
    }
    const reread = () => {
      const file = path.join(libraryDir, 'library.sqlite');
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM documents WHERE ingest_version = ?').get(INGEST_VERSION) as { n: number }).n;
      } catch {
        return 0;
      } finally {
        db.close();
      }
    };
    const child = spawn(process.execPath, [LECTERN_BIN, 'reread', '--library', libraryDir, '--json'], {
      stdio: 'ignore',
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir },
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    const deadline = Date.now() + 60_000;
    while (running && reread() < 1 && Date.now() < deadline) await sleep(5);
    const killedWhileRunning = running;
    child.kill('SIGKILL');
    await exited;
    assert.ok(killedWhileRunning, 'the process was killed before it finished');
    const db = new Database(path.join(libraryDir, 'library.sqlite'));
    try {
      const fresh = assertEachOldOrNew(db, snapshot);
      t.diagnostic(`${fresh} of ${snapshot.size} documents were re-read when the process was killed`);
      assert.ok(fresh >= 1 && fresh < snapshot.size, 'killed mid-way');
      assertLibraryConsistent(db);
    } finally {
      db.close();
    }
    const engine = openTestEngine(libraryDir);
    try {
      const fresh = assertEachOldOrNew(engine.db, snapshot);
      const rest = await engine['library:reread']({});
      assert.equal(rest.documents, snapshot.size - fresh, 'a new run re-reads exactly the rest');
      assert.equal(assertEachOldOrNew(engine.db, snapshot), snapshot.size);
      assertLibraryConsistent(engine.db);
    } finally {
      await engine.close();
    }
  });
});
