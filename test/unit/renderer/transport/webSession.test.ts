import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentFileUrl, isDesktop, webToken } from '../../../../renderer/transport/webSession.js';

/** The page's address: the one browser object these read. */
function at(href: string, extra: object = {}): void {
  Object.assign(globalThis, { window: { location: new URL(href), ...extra } });
}

test('the token comes from the address, or is empty when the cookie carries it', () => {
  assert.equal(webToken({ search: '?token=abc%2Bd' }), 'abc+d');
  assert.equal(webToken({ search: '' }), '');
});

test("a document's file is served from the page's own origin, with the token when the address has one", () => {
  at('http://127.0.0.1:4000/?token=t0k');
  assert.equal(documentFileUrl('doc 1/x'), 'http://127.0.0.1:4000/api/documents/doc%201%2Fx/file?token=t0k');
  at('http://127.0.0.1:4000/');
  assert.equal(documentFileUrl('d'), 'http://127.0.0.1:4000/api/documents/d/file');
});

test('the desktop app is told apart by its preload bridge', () => {
  at('http://127.0.0.1:4000/');
  assert.equal(isDesktop(), false);
  at('file:///app/index.html', { lectern: {} });
  assert.equal(isDesktop(), true);
});
