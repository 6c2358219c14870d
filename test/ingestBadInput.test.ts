/**
 * Bad files, each in a batch with a good one: the bad file gets a stable error code
 * and a message a person can act on, the good file is still ingested, and nothing of
 * the bad file is left in the library.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ErrorCode } from '../native/api/errors.js';
import type { Engine } from '../native/engine.js';
import { makeManyPagesPdf, makeNoTextPdf, makeOwnerPasswordPdf, makePasswordPdf, makeTruncatedPdf, OWNER_ONLY } from './fixtures/makePdfs.js';
import { makeEmptyFile, makePngFile, makeRandomBytesFile, makeTiffFile, makeZipFile } from './fixtures/makeBadFiles.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { assertLibraryConsistent, rowCounts } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const MAX_PAGES = 50;

let dir: string;
let engine: Engine;

before(() => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'), { maxPages: MAX_PAGES });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

interface BadCase {
  what: string;
  make: (dir: string) => string | Promise<string>;
  code: ErrorCode;
  /** Something the message must say for a person to act on it. */
  says: RegExp;
}

const CASES: BadCase[] = [
  { what: 'an empty file', make: (d) => makeEmptyFile(d, 'empty.pdf'), code: 'EMPTY_FILE', says: /empty/i },
  { what: 'random bytes named .pdf', make: (d) => makeRandomBytesFile(d, 'random.pdf'), code: 'NOT_A_PDF', says: /not a PDF/ },
  { what: 'a PNG image renamed .pdf', make: (d) => makePngFile(d, 'scan.pdf'), code: 'NOT_A_PDF', says: /PNG/ },
  { what: 'a truncated PDF', make: (d) => makeTruncatedPdf(d), code: 'TRUNCATED_PDF', says: /incomplete|complete copy/i },
  { what: 'a password-protected PDF', make: (d) => makePasswordPdf(d), code: 'PASSWORD_PROTECTED', says: /password/i },
  { what: `a PDF over the ${MAX_PAGES}-page limit`, make: (d) => makeManyPagesPdf(d, 'sixty-pages.pdf', 60), code: 'TOO_MANY_PAGES', says: /60 pages.*50/ },
  { what: 'a file that does not exist', make: (d) => path.join(d, 'no-such-file.pdf'), code: 'FILE_NOT_FOUND', says: /not found/i },
  {
    what: 'a text file named .docx',
    make: (d) => {
      const file = path.join(d, 'notes.docx');
      fs.writeFileSync(file, 'Meeting notes, not a Word document.\n');
      return file;
    },
    code: 'UNSUPPORTED_FORMAT',
    says: /named \.docx but is not a Word document: it looks like a text file/,
  },
  { what: 'a damaged Word document (.docx, a ZIP header and nothing more)', make: (d) => makeZipFile(d, 'letter.docx'), code: 'DAMAGED_ARCHIVE', says: /damaged/ },
  {
    what: 'a spreadsheet (.xlsx, a ZIP)',
    make: (d) => makeZipFile(d, 'sheet.xlsx'),
    code: 'UNSUPPORTED_FORMAT',
    says: /PDF, EPUB, Word \(\.docx\), HTML, plain text and Markdown/,
  },
  // PNG, JPEG and TIFF import as scans (ocrImages.test.ts, tiffImport.test.ts); a TIFF whose only directory holds no image is refused.
  { what: 'a .tif image with no pages', make: (d) => makeTiffFile(d, 'scan.tif'), code: 'UNSUPPORTED_FORMAT', says: /TIFF file holds no pages/ },
];

describe('bad input in a batch with a good file', () => {
  CASES.forEach((c, i) => {
    test(`${c.what} fails with ${c.code} and a clear message; the good file in the batch is ingested; nothing of the bad file is stored`, async () => {
      const good = makeSmallTextFile(dir, `good-${i}.txt`, 100 + i);
      const bad = await c.make(dir);
      const before = rowCounts(engine.db).documents;
      // The bad file sits between two halves of the batch: it must not stop what follows.
      const { documents } = await engine['library:ingest']({ paths: [bad, good] });
      assert.equal(documents.length, 2);
      const [failed, ok] = documents as [(typeof documents)[0], (typeof documents)[0]];

      assert.equal(failed.status, 'failed');
      assert.equal(failed.path, bad);
      assert.equal(failed.id, null);
      assert.equal(failed.error?.code, c.code, JSON.stringify(failed.error));
      assert.match(failed.error!.message, c.says);
      assert.ok(failed.error!.message.length >= 20 && !/^Unexpected error/.test(failed.error!.message), `a human message: ${failed.error!.message}`);
      assert.equal(failed.pages, 0);
      assert.equal(failed.passages, 0);

      assert.equal(ok.status, 'ingested', JSON.stringify(ok));
      assert.ok((await engine['library:get']({ id: ok.id! })).passages > 0);

      assert.equal(rowCounts(engine.db).documents, before + 1, 'only the good file was added');
      const list = (await engine['library:list']()).documents;
      assert.ok(!list.some((d) => d.path === path.resolve(bad)), 'the bad file is not in the library');
      if (fs.existsSync(bad)) {
        const sha = createHash('sha256').update(fs.readFileSync(bad)).digest('hex');
        assert.equal(engine.documents.findIdBySha256(sha), null);
      }
      assertLibraryConsistent(engine.db);
    });
  });

  test('a PDF with no text layer is stored as needs-ocr with its pages and no passages, beside a good file', async () => {
    const good = makeSmallTextFile(dir, 'good-ocr.txt', 199);
    const scan = await makeNoTextPdf(dir);
    const { documents } = await engine['library:ingest']({ paths: [scan, good] });
    const [outcome, ok] = documents as [(typeof documents)[0], (typeof documents)[0]];
    assert.equal(outcome.status, 'needs-ocr', JSON.stringify(outcome));
    assert.ok(outcome.id);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.pages, 3);
    assert.equal(outcome.passages, 0);
    assert.equal(ok.status, 'ingested');

    const detail = await engine['library:get']({ id: outcome.id });
    assert.equal(detail.status, 'needs-ocr');
    assert.equal(detail.pages, 3);
    assert.equal(detail.passages, 0);
    assert.deepEqual((await engine['library:passages']({ id: outcome.id })).passages, []);
    for (let n = 1; n <= 3; n++) assert.equal(engine.documents.page(outcome.id, n)!.text.trim(), '');
    assert.equal((await engine['search:query']({ query: 'needs ocr', documentIds: [outcome.id] })).results.length, 0);
    assertLibraryConsistent(engine.db);
  });

  test('a PDF encrypted with only an owner password (copying forbidden) is not refused: it opens without a password and is ingested', async () => {
    const { documents } = await engine['library:ingest']({ paths: [await makeOwnerPasswordPdf(dir)] });
    assert.equal(documents[0]!.status, 'ingested', JSON.stringify(documents[0]));
    const { passages } = await engine['library:passages']({ id: documents[0]!.id! });
    assert.ok(passages.some((p) => p.text.includes(OWNER_ONLY.planted)));
  });

  test('several bad files in one batch each get their own error, in input order', async () => {
    const good = makeSmallTextFile(dir, 'good-many.txt', 200);
    const bads = [makeEmptyFile(dir, 'empty-2.pdf'), path.join(dir, 'missing-2.md'), makeZipFile(dir, 'sheet.xlsx')];
    const { documents } = await engine['library:ingest']({ paths: [bads[0]!, good, bads[1]!, bads[2]!] });
    assert.deepEqual(
      documents.map((d) => [d.status, d.error?.code]),
      [
        ['failed', 'EMPTY_FILE'],
        ['ingested', undefined],
        ['failed', 'FILE_NOT_FOUND'],
        ['failed', 'UNSUPPORTED_FORMAT'],
      ],
    );
  });
});
