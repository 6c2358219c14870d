import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { useReaderStore } from '../../../../renderer/stores/readerStore.js';
import { watchRoute } from '../../../../renderer/stores/routeSync.js';
import { useUiStore } from '../../../../renderer/stores/uiStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport } from '../transport/memoryTransport.js';
import { documentDetail } from './documentDetail.js';

/** The browser's URL, history and its events, as far as the route code uses them. */
class FakeWindow {
  location = { hash: '' };
  /** The history's entries, as Back would walk them (the page loaded with no hash first). */
  entries: string[] = [''];
  private listeners = new Map<string, Set<() => void>>();
  history = {
    pushState: (_s: unknown, _t: string, url: string) => {
      this.entries.push(url);
      this.location.hash = url;
    },
    replaceState: (_s: unknown, _t: string, url: string) => {
      this.entries[this.entries.length - 1] = url;
      this.location.hash = url;
    },
    state: null,
  };
  addEventListener(type: string, listener: () => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void) {
    this.listeners.get(type)?.delete(listener);
  }
  /** The person pressed Back, or typed a URL: the hash changes and the browser says so. */
  navigate(hash: string) {
    this.location.hash = hash;
    for (const l of this.listeners.get('hashchange') ?? []) l();
  }
}

const detail = (id: string) => documentDetail(id);

let win: FakeWindow;
let unwatch: () => void = () => {};
const initialReader = useReaderStore.getState();

beforeEach(() => {
  win = new FakeWindow();
  (globalThis as { window?: unknown }).window = win;
  setTransport(memoryTransport({ 'library:get': ({ id }) => detail(id), 'events:record': () => ({ recorded: true, entities: 0 }) }));
  useReaderStore.setState({ ...initialReader });
  useUiStore.setState({ screen: 'library' });
});

afterEach(() => unwatch());

const settle = () => new Promise((r) => setTimeout(r, 10));

test('a reload on a document URL opens that document at that page', async () => {
  win.location.hash = '#/doc/lease?page=7';
  unwatch = watchRoute();
  await settle();
  const reader = useReaderStore.getState();
  assert.deepEqual([useUiStore.getState().screen, reader.documentId, reader.page, reader.openedAt], ['reader', 'lease', 7, 7]);
});

test('turning pages rewrites the URL in place; another screen or document is a new step in the history', async () => {
  unwatch = watchRoute();
  assert.deepEqual(win.entries, ['#/library'], 'an app opened with no hash names its first screen without adding a step');
  await useReaderStore.getState().open('lease', 3);
  useReaderStore.getState().notePage(4);
  useReaderStore.getState().notePage(5);
  assert.deepEqual(win.entries, ['#/library', '#/doc/lease?page=5'], 'opening a document is one step, and its pages none');
  useUiStore.getState().show('settings');
  assert.deepEqual(win.entries, ['#/library', '#/doc/lease?page=5', '#/settings']);
});

test('Back to a document URL returns to that document and page; a plain anchor such as #question is not a place', async () => {
  unwatch = watchRoute();
  await useReaderStore.getState().open('lease', 12);
  useUiStore.getState().show('library');
  win.navigate('#/doc/lease?page=12');
  assert.deepEqual([useUiStore.getState().screen, useReaderStore.getState().page], ['reader', 12]);
  win.navigate('#/doc/lease?page=2');
  assert.equal(useReaderStore.getState().page, 2);
  win.navigate('#question');
  assert.equal(useUiStore.getState().screen, 'reader', 'a skip link leaves the app where it is');
});
