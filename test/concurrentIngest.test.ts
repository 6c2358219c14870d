/** Two imports of the same files at once, by two engines on one library (two windows, or the app and the CLI). */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeBookPdf, makeContractPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let files: string[];

before(async () => {
  dir = makeTempDir();
  files = [await makeBookPdf(dir), await makeContractPdf(dir), makeMarkdownFile(dir)];
});

after(() => removeDir(dir));

test('overlapping imports by two engines on one library store each file once; the later writer reports duplicate, never a failure', async () => {
  const libraryDir = path.join(dir, 'library');
  const first = openTestEngine(libraryDir);
  const second = openTestEngine(libraryDir);
  try {
    // Both read every file before either stores one: each checked "not in the library yet" before the other wrote.
    const [a, b] = await Promise.all([first['library:ingest']({ paths: files }), second['library:ingest']({ paths: [...files].reverse() })]);
    const outcomes = [...a.documents, ...b.documents];
    assert.deepEqual(
      outcomes.filter((d) => d.status === 'failed').map((d) => d.error),
      [],
      'no import failed',
    );
    for (const file of files) {
      const mine = outcomes.filter((d) => d.path === file);
      assert.deepEqual(mine.map((d) => d.status).sort(), ['duplicate', 'ingested'], `${path.basename(file)}: stored once, the other import a duplicate`);
      assert.equal(mine[0]!.id, mine[1]!.id, 'the duplicate names the stored document');
      assert.ok(
        mine.every((d) => d.pages > 0),
        'the duplicate reports the stored document’s pages',
      );
    }
    assert.equal((first.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n, files.length);
    assertLibraryConsistent(first.db);
  } finally {
    await first.close();
    await second.close();
  }
});
