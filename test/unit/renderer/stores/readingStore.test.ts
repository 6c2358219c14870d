import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { ReadingProgress } from '../../../../native/api/annotationTypes.js';
import { useReaderStore } from '../../../../renderer/stores/readerStore.js';
import { SAVE_DELAY_MS, useReadingStore, watchProgress } from '../../../../renderer/stores/readingStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';
import { documentDetail } from './documentDetail.js';

const detail = (id: string) => documentDetail(id);

/** A small engine keeping progress per user and document, as 'reading:*' does. */
function progressEngine(saved: Map<string, ReadingProgress>): MemoryTransport {
  const key = (user: string, documentId: string) => `${user}/${documentId}`;
  const make = (user: string, documentId: string, page: number, position: number): ReadingProgress => {
    const before = saved.get(key(user, documentId));
    const furthestPage = Math.max(page, before?.furthestPage ?? 0);
    return {
      documentId,
      user,
      page,
      position,
      furthestPage,
      percent: Math.round((100 * furthestPage) / 40),
      spoilerFree: before?.spoilerFree ?? false,
      spoilerLimitPage: before?.spoilerLimitPage ?? furthestPage,
      updatedAt: new Date().toISOString(),
    };
  };
  return memoryTransport({
    'library:get': ({ id }) => detail(id),
    'events:record': () => ({ recorded: true, entities: 0 }),
    'reading:get': ({ user, documentId }) => ({ progress: saved.get(key(user, documentId)) ?? null }),
    'reading:list': ({ user }) => ({ progress: [...saved.values()].filter((p) => p.user === user) }),
    'reading:set': ({ user, documentId, page, position }) => {
      const progress = make(user, documentId, page, position);
      saved.set(key(user, documentId), progress);
      return { progress };
    },
    'reading:setSpoilerFree': ({ user, documentId, spoilerFree, limitPage }) => {
      const base = saved.get(key(user, documentId)) ?? make(user, documentId, 1, 0);
      const progress = { ...base, spoilerFree, spoilerLimitPage: limitPage ?? base.furthestPage };
      saved.set(key(user, documentId), progress);
      return { progress };
    },
  });
}

let engine: MemoryTransport;
let saved: Map<string, ReadingProgress>;
let unwatch: () => void = () => {};
const initialReader = useReaderStore.getState();

beforeEach(() => {
  saved = new Map();
  engine = progressEngine(saved);
  setTransport(engine);
  useReaderStore.setState({ ...initialReader });
  useReadingStore.setState({ recent: [], current: null, restore: null, error: null });
  useUserStore.setState({ current: 'default' });
});

afterEach(() => unwatch());

const sets = () => engine.calls.filter((c) => c.name === 'reading:set').map((c) => c.args as { page: number; position: number });
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('a document opened without a page goes to the saved page and hands the viewer the place on it, once', async () => {
  saved.set('default/book', { ...(await progressEngine(new Map()).invoke('reading:set', { user: 'default', documentId: 'book', page: 23, position: 0.4 })).progress });
  unwatch = watchProgress();
  await useReaderStore.getState().open('book');
  await until(() => useReaderStore.getState().page === 23);
  assert.deepEqual(useReadingStore.getState().takeRestore('book'), { documentId: 'book', page: 23, position: 0.4 });
  assert.equal(useReadingStore.getState().takeRestore('book'), null, 'taken once');
  assert.equal(useReadingStore.getState().current?.page, 23);
});

test('a document opened at a page (a citation, the URL) stays at that page', async () => {
  saved.set('default/book', { ...(await progressEngine(new Map()).invoke('reading:set', { user: 'default', documentId: 'book', page: 23, position: 0.4 })).progress });
  unwatch = watchProgress();
  await useReaderStore.getState().open('book', 5);
  await until(() => useReadingStore.getState().current !== null);
  assert.equal(useReaderStore.getState().page, 5);
  assert.equal(useReadingStore.getState().restore, null);
});

test('turning pages saves the last place once, after the reader stops, with the position noted on that page', async () => {
  unwatch = watchProgress();
  await useReaderStore.getState().open('book');
  await until(() => engine.calls.some((c) => c.name === 'reading:get'));
  await new Promise((r) => setTimeout(r, 20));
  for (const page of [3, 4, 5]) useReaderStore.getState().notePage(page);
  useReadingStore.getState().notePosition('book', 5, 0.25);
  await new Promise((r) => setTimeout(r, SAVE_DELAY_MS / 2));
  assert.equal(sets().length, 0, 'not while still moving');
  await until(() => sets().length === 1);
  assert.deepEqual(
    sets().map((a) => [a.page, a.position]),
    [[5, 0.25]],
  );
  await until(() => useReadingStore.getState().recent.length === 1);
  assert.equal(useReadingStore.getState().progressOf('book')?.page, 5);
});

test('spoiler-free on, with a page or following the reading, and off again, shows on the open document at once', async () => {
  unwatch = watchProgress();
  await useReaderStore.getState().open('book', 12);
  await until(() => engine.calls.some((c) => c.name === 'reading:get'));
  await useReadingStore.getState().setSpoilerFree('book', true, 8);
  assert.deepEqual([useReadingStore.getState().current?.spoilerFree, useReadingStore.getState().current?.spoilerLimitPage], [true, 8]);
  await useReadingStore.getState().setSpoilerFree('book', false);
  assert.equal(useReadingStore.getState().current?.spoilerFree, false);
});

test('another user sees their own progress: switching users reloads the list and the open document’s place', async () => {
  unwatch = watchProgress();
  await engine.invoke('reading:set', { user: 'ada', documentId: 'book', page: 30, position: 0 });
  await useReaderStore.getState().open('book', 2);
  await until(() => engine.calls.filter((c) => c.name === 'reading:get').length === 1);
  assert.equal(useReadingStore.getState().recent.length, 0);
  useUserStore.setState({ current: 'ada' });
  await until(() => useReadingStore.getState().recent.length === 1 && useReadingStore.getState().current?.page === 30);
});
