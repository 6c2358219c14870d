/** Progress reporting and cancellation of an import: a cancelled file leaves nothing behind. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IngestProgress } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { makeBookPdf, makeContractPdf } from './fixtures/makePdfs.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { countPdfPages } from './helpers/countPdfPages.js';
import { assertLibraryConsistent, assertLibraryEmpty, rowCounts } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let bookPdf: string;
let contractPdf: string;

before(async () => {
  dir = makeTempDir();
  bookPdf = await makeBookPdf(dir);
  contractPdf = await makeContractPdf(dir);
});

after(() => removeDir(dir));

/** A fresh library per test, closed afterwards. */
async function withEngine(name: string, run: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = openTestEngine(path.join(dir, name));
  try {
    await run(engine);
  } finally {
    await engine.close();
  }
}

const STAGES: IngestProgress['stage'][] = ['reading', 'extracting', 'structuring', 'storing', 'done'];

describe('progress', () => {
  test('onProgress reports pagesDone rising one page at a time to pagesTotal, through the stages in order', () =>
    withEngine('progress', async (engine) => {
      const events: IngestProgress[] = [];
      const { documents } = await engine['library:ingest']({ paths: [bookPdf] }, { onProgress: (p) => events.push(p) });
      assert.equal(documents[0]!.status, 'ingested');
      const pages = await countPdfPages(bookPdf);

      const stageOrder = events.map((e) => STAGES.indexOf(e.stage));
      assert.ok(
        stageOrder.every((s, i) => s >= 0 && (i === 0 || s >= stageOrder[i - 1]!)),
        `stages in order: ${events.map((e) => e.stage).join(',')}`,
      );
      assert.equal(events[0]!.stage, 'reading');
      assert.equal(events.at(-1)!.stage, 'done');
      assert.equal(events.at(-1)!.pagesDone, pages);
      assert.equal(events.at(-1)!.pagesTotal, pages);

      const extracting = events.filter((e) => e.stage === 'extracting');
      assert.ok(extracting.every((e) => e.pagesTotal === pages));
      assert.deepEqual(
        extracting.map((e) => e.pagesDone),
        Array.from({ length: pages + 1 }, (_, i) => i),
        'every page reported once, in count order',
      );
      for (const e of events) {
        assert.equal(e.path, bookPdf);
        assert.equal(e.fileIndex, 0);
        assert.equal(e.fileCount, 1);
        assert.ok(e.pagesDone <= e.pagesTotal || e.pagesTotal === 0);
      }
    }));

  test('the engine emits ingestProgress with the request id, and library:changed with the new document ids', () =>
    withEngine('events', async (engine) => {
      const progress: Array<IngestProgress & { requestId?: string }> = [];
      const changed: string[][] = [];
      const offProgress = engine.on('library:ingestProgress', (p) => progress.push(p));
      const offChanged = engine.on('library:changed', (c) => changed.push(c.documentIds));
      const text = makeSmallTextFile(dir, 'events.txt', 300);
      const { documents } = await engine['library:ingest']({ paths: [contractPdf, text], requestId: 'req-1' });
      offProgress();
      offChanged();
      assert.ok(progress.length > 0 && progress.every((p) => p.requestId === 'req-1'));
      assert.deepEqual(new Set(progress.map((p) => p.fileIndex)), new Set([0, 1]));
      assert.deepEqual(changed, [documents.map((d) => d.id!)]);
    }));
});

describe('cancellation', () => {
  test('aborting the signal while a PDF is being read rejects CANCELLED with the file cancelled in its partial, and stores nothing', () =>
    withEngine('abort-midway', async (engine) => {
      const controller = new AbortController();
      const running = engine['library:ingest'](
        { paths: [bookPdf] },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.stage === 'extracting' && p.pagesDone >= 2) controller.abort();
          },
        },
      );
      const partial = await rejectsCancelled(running, 'library:ingest');
      const documents = partial?.documents ?? [];
      assert.equal(documents[0]?.status, 'cancelled', JSON.stringify(documents[0]));
      assert.equal(documents[0]!.id, null);
      assert.equal(documents[0]!.error?.code, 'CANCELLED');
      assertLibraryEmpty(engine.db);
      assert.deepEqual((await engine['library:list']()).documents, []);

      const again = await engine['library:ingest']({ paths: [bookPdf] });
      assert.equal(again.documents[0]!.status, 'ingested', 'the same file imports fine afterwards');
    }));

  test('a signal aborted before the import starts rejects CANCELLED with nothing read', () =>
    withEngine('abort-before', async (engine) => {
      const partial = await rejectsCancelled(
        engine['library:ingest']({ paths: [bookPdf, makeSmallTextFile(dir, 'never.txt', 301)] }, { signal: AbortSignal.abort() }),
        'library:ingest',
      );
      assert.equal(partial, undefined, 'nothing was done, so there is nothing to carry');
      assertLibraryEmpty(engine.db);
    }));

  test('an import stopped after its first file: that file stays, and the partial lists it with the unread file cancelled', () =>
    withEngine('cancel-after-first', async (engine) => {
      const text = makeSmallTextFile(dir, 'first.txt', 302);
      const controller = new AbortController();
      const running = engine['library:ingest'](
        { paths: [text, bookPdf], requestId: 'job-7' },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.path === bookPdf && p.stage === 'extracting' && p.pagesDone >= 1) controller.abort();
          },
        },
      );
      const documents = (await rejectsCancelled(running, 'library:ingest'))?.documents ?? [];
      assert.deepEqual(
        documents.map((d) => d.status),
        ['ingested', 'cancelled'],
      );
      assert.deepEqual(
        (await engine['library:list']()).documents.map((d) => d.id),
        [documents[0]!.id],
      );
      assert.equal(rowCounts(engine.db).documents, 1);
      assertLibraryConsistent(engine.db);
    }));
});
