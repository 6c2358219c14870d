/** The PDF worker pool starts its workers on demand, or all at once (with PDFium loaded) when warmed. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { makeContractPdf } from './fixtures/makePdfs.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
before(() => (dir = makeTempDir()));
after(() => removeDir(dir));

test('warm starts every worker with PDFium loaded; a document is then read as usual', async () => {
  const pool = new PdfWorkerPool({ size: 2 });
  try {
    assert.equal(pool.running, 0, 'no worker before the first task');
    await pool.warm();
    assert.equal(pool.running, 2);
    const bytes = fs.readFileSync(await makeContractPdf(dir));
    const data = new SharedArrayBuffer(bytes.byteLength);
    new Uint8Array(data).set(bytes);
    const read = await pool.read('contract', data, { file: 'contract.pdf', maxPages: 100, splitFrom: 1000 }, () => {});
    assert.ok('structured' in read && read.structured.passages.length > 0);
    assert.equal(pool.running, 2, 'the warmed workers did the reading');
  } finally {
    await pool.dispose();
  }
});
