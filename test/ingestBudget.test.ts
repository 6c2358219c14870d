/**
 * A document that is crafted to be expensive to read gets a budget, not the machine: past
 * its time or memory limit it fails with TOO_COMPLEX, its worker is replaced, and the other
 * files of the batch are imported.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { makeNestedFormsPdf } from './fixtures/makeBadFiles.js';
import { makeContractPdf } from './fixtures/makePdfs.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;

before(() => {
  dir = makeTempDir();
});

after(() => removeDir(dir));

describe('per-document budgets', () => {
  test('a few-kilobyte PDF of nested forms (a million lines on one page) fails with TOO_COMPLEX after the time budget; the contract beside it is imported', async () => {
    const slow = makeNestedFormsPdf(dir, 'nested.pdf', 6, 10);
    assert.ok(fs.statSync(slow).size < 8 * 1024);
    const good = await makeContractPdf(dir);
    const engine = openTestEngine(path.join(dir, 'library'), { pdfTaskBudgetMs: 2000 });
    try {
      const { documents } = await engine['library:ingest']({ paths: [slow, good] });
      assert.equal(documents[0]!.status, 'failed');
      assert.equal(documents[0]!.error?.code, 'TOO_COMPLEX', JSON.stringify(documents[0]!.error));
      assert.match(documents[0]!.error!.message, /more than 2 s to read/);
      assert.equal(documents[1]!.status, 'ingested', JSON.stringify(documents[1]));
      assert.equal((await engine['library:list']()).documents.length, 1);
      assertLibraryConsistent(engine.db);
      // The replaced worker is gone and a fresh one reads the next file.
      const again = await engine['library:ingest']({ paths: [await makeContractPdf(dir, 'contract-2.pdf')] });
      assert.equal(again.documents[0]!.status, 'duplicate');
    } finally {
      await engine.close();
    }
  });

  test('a worker that outgrows its memory limit fails its document with TOO_COMPLEX and is replaced', async () => {
    const heavy = makeNestedFormsPdf(dir, 'heavy.pdf', 5, 10);
    const good = await makeContractPdf(dir, 'contract-3.pdf');
    const pool = new PdfWorkerPool({ size: 1, heapLimitMb: 24 });
    const data = (file: string) => {
      const bytes = fs.readFileSync(file);
      const shared = new SharedArrayBuffer(bytes.byteLength);
      new Uint8Array(shared).set(bytes);
      return shared;
    };
    try {
      await assert.rejects(
        pool.read('heavy', data(heavy), { file: heavy, maxPages: 10, splitFrom: 100 }, () => {}),
        (error: { code?: string; message?: string }) => error.code === 'TOO_COMPLEX' && /memory/.test(error.message ?? ''),
      );
      const read = await pool.read('good', data(good), { file: good, maxPages: 100, splitFrom: 100 }, () => {});
      assert.ok('structured' in read && read.structured.passages.length > 0, 'the next document is read by a fresh worker');
    } finally {
      await pool.dispose();
    }
  });
});
