import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHash, parseHash, type Route } from '../../../../renderer/stores/hashRoute.js';

test('a document route names the document and the page, and reads back as it was written', () => {
  const route: Route = { screen: 'reader', documentId: 'a1b2/c d', page: 12 };
  assert.equal(formatHash(route), '#/doc/a1b2%2Fc%20d?page=12');
  assert.deepEqual(parseHash(formatHash(route)), route);
});

test('a document route without a page opens the document with no page asked for (the saved place then applies)', () => {
  assert.deepEqual(parseHash('#/doc/abc'), { screen: 'reader', documentId: 'abc', page: null });
  assert.equal(formatHash({ screen: 'reader', documentId: 'abc', page: null }), '#/doc/abc');
});

test('a page that is not a whole number from 1 up is dropped, the document still opens', () => {
  for (const bad of ['0', '-3', '2.5', 'xii', '']) assert.deepEqual(parseHash(`#/doc/abc?page=${bad}`), { screen: 'reader', documentId: 'abc', page: null }, bad);
});

test('screens round-trip, and an empty, unknown or mangled hash is the library', () => {
  for (const screen of ['library', 'models', 'settings', 'profile'] as const) assert.deepEqual(parseHash(formatHash({ screen })), { screen });
  assert.deepEqual(parseHash('#/reader'), { screen: 'reader', documentId: null, page: null });
  assert.equal(formatHash({ screen: 'reader', documentId: null, page: null }), '#/reader');
  for (const other of ['', '#', '#/', '#/nowhere', '#/doc/%E0%A4%A']) assert.deepEqual(parseHash(other), { screen: 'library' }, other);
});
