/**
 * The fixtures themselves: real PDFs that pdf.js opens with the intended page counts,
 * byte-for-byte reproducible, and the deliberately broken ones broken the intended way.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { makeAllPdfs, PASSWORD, type FixturePdfs } from './fixtures/makePdfs.js';
import { countPdfPages } from './helpers/countPdfPages.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dirs: [string, string];
let first: FixturePdfs;
let second: FixturePdfs;

before(async () => {
  dirs = [makeTempDir(), makeTempDir()];
  first = await makeAllPdfs(dirs[0]);
  second = await makeAllPdfs(dirs[1]);
});

after(() => dirs.forEach(removeDir));

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('fixture PDFs', () => {
  test('generating the fixtures twice gives identical bytes', () => {
    for (const key of Object.keys(first) as Array<keyof FixturePdfs>) {
      assert.equal(path.basename(first[key]), path.basename(second[key]));
      assert.equal(sha(first[key]), sha(second[key]), `${key} is deterministic`);
    }
  });

  test('every fixture has distinct content (no accidental duplicates)', () => {
    const hashes = Object.values(first).map(sha);
    assert.equal(new Set(hashes).size, hashes.length);
  });

  test('the readable fixtures open in pdf.js with the intended page counts', async () => {
    assert.ok((await countPdfPages(first.contract)) >= 12);
    assert.ok((await countPdfPages(first.book)) >= 28);
    assert.equal(await countPdfPages(first.twoColumns), 2);
    assert.equal(await countPdfPages(first.threeColumns), 1);
    assert.equal(await countPdfPages(first.table), 1);
    assert.equal(await countPdfPages(first.outlined), 5);
    assert.equal(await countPdfPages(first.manyPages), 60);
    assert.equal(await countPdfPages(first.noText), 3);
    assert.equal(await countPdfPages(first.ownerPassword), 1);
  });

  test('the no-text fixture has no text items on any page', async () => {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(first.noText)), verbosity: 0 }).promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      assert.equal(content.items.filter((i) => 'str' in i && i.str.trim() !== '').length, 0);
    }
    await doc.destroy();
  });

  test('the password fixture needs its password, and opens with it', async () => {
    const data = () => new Uint8Array(fs.readFileSync(first.password));
    await assert.rejects(pdfjs.getDocument({ data: data(), verbosity: 0 }).promise, (e: unknown) => (e as Error).name === 'PasswordException');
    const doc = await pdfjs.getDocument({ data: data(), password: PASSWORD, verbosity: 0 }).promise;
    assert.equal(doc.numPages, 1);
    await doc.destroy();
  });

  test('the truncated fixture is a PDF header without its end', () => {
    const bytes = fs.readFileSync(first.truncated);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(!bytes.toString('latin1').includes('%%EOF'));
  });
});
