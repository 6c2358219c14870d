import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectHeading, wordCount } from '../../../../native/ingest/detectHeading.js';

test('numbered headings nest by their numbering depth', () => {
  const top = detectHeading('1. Definitions', 10, 10);
  const sub = detectHeading('1.2 Payment Terms', 10, 10);
  assert.ok(top && sub);
  assert.ok(sub.level > top.level, `1.2 (level ${sub.level}) is below 1. (level ${top.level})`);
});

test('a division word opens a top-level heading', () => {
  const h = detectHeading('ARTICLE IV Termination', 10, 10);
  assert.equal(h?.kind, 'division');
  assert.equal(h?.level, 1);
});

test('a contract-style run-in heading is found and marked run-in', () => {
  const h = detectHeading('12. Governing Law. This Agreement is governed by the laws of England.', 10, 10);
  assert.equal(h?.runIn, true);
  assert.match(h?.title ?? '', /Governing Law/);
});

test('body sentences, rows of dashes and redactions are not headings', () => {
  assert.equal(detectHeading('The tenant shall pay the rent on the first day of every month, in advance.', 10, 10), null);
  assert.equal(detectHeading('----------------', 10, 10), null);
  assert.equal(detectHeading('*** *** ***', 10, 10), null);
});

test('wordCount counts whitespace-separated words', () => {
  assert.equal(wordCount('  two\twords \n'), 2);
  assert.equal(wordCount(''), 0);
});

test('wordCount splits on exactly the characters a RegExp \\s matches, and stops at its limit', () => {
  // Every UTF-16 code unit, each between two letters: one word where \s does not match, two where it does.
  for (let c = 0; c < 0x10000; c++) {
    const text = `a${String.fromCharCode(c)}b`;
    assert.equal(wordCount(text), text.match(/\S+/g)!.length, `U+${c.toString(16)}`);
  }
  const long = 'word '.repeat(40);
  assert.equal(wordCount(long), 40);
  assert.equal(wordCount(long, 21), 21);
});

test('detectHeading reads a heading the same whatever whitespace separates its words', () => {
  assert.deepEqual(detectHeading('ARTICLE\u00a0IV\n\tTERMINATION', 0, 0), { title: 'ARTICLE IV TERMINATION', level: 1, kind: 'division', runIn: false });
  assert.deepEqual(detectHeading('12.  Governing   Law.  This Agreement is governed by the laws of Delaware.', 10, 10), {
    title: '12. Governing Law',
    level: 1,
    kind: 'numbered',
    runIn: true,
  });
});
