import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksTruncated, SUPPORTED_EXTENSIONS } from '../../../../native/ingest/readSourceFile.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test('a PDF that ends with %%EOF (and a line end after it) is whole', () => {
  assert.equal(looksTruncated(bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')), false);
});

test('a PDF cut off before its %%EOF looks truncated', () => {
  assert.equal(looksTruncated(bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstream\nxx')), true);
});

test('only the last 2 KiB count: an %%EOF of an earlier revision far from the end does not make a cut file whole', () => {
  const earlier = '%PDF-1.7\ntrailer\n%%EOF\n';
  const update = 'x'.repeat(4096); // an incremental update cut short
  assert.equal(looksTruncated(bytes(earlier + update)), true);
  assert.equal(looksTruncated(bytes(earlier + update + '\n%%EOF')), false);
});

test('an %%EOF followed by some trailing junk within the tail is still whole', () => {
  assert.equal(looksTruncated(bytes(`%PDF-1.4\n%%EOF\n${'\0'.repeat(500)}`)), false);
});

test('the supported extensions are PDF, plain text, Markdown, EPUB, DOCX, HTML, and PNG, JPEG and TIFF images', () => {
  assert.deepEqual([...SUPPORTED_EXTENSIONS].sort(), [
    '.docx',
    '.epub',
    '.htm',
    '.html',
    '.jpeg',
    '.jpg',
    '.markdown',
    '.md',
    '.pdf',
    '.png',
    '.text',
    '.tif',
    '.tiff',
    '.txt',
    '.xhtml',
  ]);
});
