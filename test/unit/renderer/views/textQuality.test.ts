import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textQuality } from '../../../../renderer/views/textQuality.js';

test('a document read well, or not measured, has nothing to say', () => {
  assert.equal(textQuality({ ocrPages: 0, fidelity: 1 }), null);
  assert.equal(textQuality({ ocrPages: 0, fidelity: 0.995 }), null);
  assert.equal(textQuality({ ocrPages: 0, fidelity: null }), null);
});

test('pages needing OCR are counted in words that agree with the number', () => {
  assert.equal(textQuality({ ocrPages: 1, fidelity: null }), '1 page needs OCR');
  assert.equal(textQuality({ ocrPages: 3, fidelity: 1 }), '3 pages need OCR');
});

test('a text check below 99.5% is shown rounded down, never up to a reassuring figure', () => {
  assert.equal(textQuality({ ocrPages: 0, fidelity: 0.9949 }), 'text check: 99.4%');
  assert.equal(textQuality({ ocrPages: 2, fidelity: 0.8 }), '2 pages need OCR · text check: 80.0%');
});
