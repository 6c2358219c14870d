import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countControlChars, sanitizeText } from '../../../../native/ingest/sanitizeText.js';

test('control characters go, tabs and line feeds stay, carriage returns become line feeds', () => {
  assert.equal(sanitizeText('a\u0000b\u0007c\td\ne\r\nf\rg\u007fh\u0085i\u009fj'), 'abc\td\ne\nf\ngh' + 'ij');
});

test('text outside the control ranges is untouched', () => {
  const text = 'Café — “quoted” § 4 ½ 日本語 \u00a0';
  assert.equal(sanitizeText(text), text);
});

test('countControlChars counts what sanitizeText drops, not line ends', () => {
  assert.equal(countControlChars('a\u0000b\u0001\r\n\t\u009f'), 3);
  assert.equal(countControlChars('plain\r\ntext'), 0);
});
