/** A batch is read largest file first (so no long document is left for one core at the end), while its outcomes keep the order given. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { IngestProgress } from '../native/api/types.js';
import { makeBookPdf, makeContractPdf } from './fixtures/makePdfs.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
before(() => (dir = makeTempDir()));
after(() => removeDir(dir));

test('the largest file of a batch is started first; outcomes stay in batch order and filesDone counts up to the batch', async () => {
  const text = makeSmallTextFile(dir, 'small.txt', 200);
  const contract = await makeContractPdf(dir);
  const book = await makeBookPdf(dir);
  const paths = [text, contract, book];
  const sizes = paths.map((p) => fs.statSync(p).size);
  assert.ok(sizes[2]! > sizes[1]! && sizes[1]! > sizes[0]!, `fixture sizes grow: ${sizes.join(', ')}`);

  const engine = openTestEngine(path.join(dir, 'library'));
  try {
    const events: IngestProgress[] = [];
    const { documents } = await engine['library:ingest']({ paths }, { onProgress: (p) => events.push(p) });
    assert.deepEqual(
      documents.map((d) => d.path),
      paths,
    );
    assert.ok(documents.every((d) => d.status === 'ingested'));
    const started = [...new Set(events.filter((e) => e.stage === 'reading').map((e) => e.path))];
    assert.equal(started[0], book, `started: ${started.map((p) => path.basename(p)).join(', ')}`);
    assert.equal(events.find((e) => e.path === book)!.fileIndex, 2, 'fileIndex is the place in the batch as given');
    const done = events.map((e) => e.filesDone);
    assert.ok(
      done.every((n, i) => n >= 0 && n < paths.length && (i === 0 || n >= done[i - 1]!)),
      `filesDone never falls: ${done.join(',')}`,
    );
    assert.equal(events.filter((e) => e.stage === 'done').length, paths.length);
  } finally {
    await engine.close();
  }
});
