import assert from 'node:assert/strict';
import { after, before, beforeEach, mock, test } from 'node:test';
import type { SearchHit } from '../../../../native/api/types.js';
import { SEARCH_DEBOUNCE_MS, SEARCH_SETTLE_MS, useSearchStore } from '../../../../renderer/stores/searchStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

function hit(text: string): SearchHit {
  return { documentId: 'd', documentTitle: 'Lease', passageId: 1, page: 1, pageEnd: 1, section: null, text, snippet: text, snippetMarks: [], score: 1 };
}

let engine: MemoryTransport;
/** Lets the in-memory engine's answers (promise callbacks) run; timers stay mocked. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
const searches = () => engine.calls.filter((c) => c.name === 'search:query').map((c) => (c.args as { query: string }).query);
const recorded = () => engine.calls.filter((c) => c.name === 'events:record').map((c) => c.args);

beforeEach(() => {
  engine = memoryTransport({
    'search:query': ({ query }) => ({ results: query.includes('none') ? [] : [hit(`about ${query}`)] }),
    'events:record': () => ({ recorded: true, entities: 0 }),
  });
  setTransport(engine);
  useSearchStore.getState().clear();
});

// Once for the file: the store keeps its timer handles between tests, and a fresh mock clock would reuse their ids.
before(() => mock.timers.enable({ apis: ['setTimeout'] }));
after(() => mock.timers.reset());

test('typing is debounced: only the query that rested is searched', async () => {
  const store = useSearchStore.getState();
  store.setQuery('r');
  store.setQuery('re');
  store.setQuery('rent');
  assert.equal(useSearchStore.getState().searching, true);
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  assert.deepEqual(searches(), ['rent']);
  assert.deepEqual(
    useSearchStore.getState().results.map((r) => r.text),
    ['about rent'],
  );
  assert.equal(useSearchStore.getState().searching, false);
});

test('a blank query clears the results without asking the engine', () => {
  useSearchStore.getState().setQuery('   ');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  assert.deepEqual(searches(), []);
  assert.equal(useSearchStore.getState().searching, false);
});

test('a slow answer never overwrites a newer one', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  setTransport(
    memoryTransport({
      'search:query': async ({ query }) => {
        if (query === 'old') await gate;
        return { results: [hit(query)] };
      },
    }),
  );
  useSearchStore.getState().setQuery('old');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  useSearchStore.getState().setQuery('new');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  release();
  await settled();
  assert.deepEqual(
    useSearchStore.getState().results.map((r) => r.text),
    ['new'],
  );
});

test('a query with results becomes a search event once it has rested, and only once', async () => {
  useSearchStore.getState().setQuery('termination');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  assert.deepEqual(recorded(), [], 'not while the person may still be typing');
  mock.timers.tick(SEARCH_SETTLE_MS);
  useSearchStore.getState().noteHitOpened();
  assert.equal(recorded().length, 1);
  assert.deepEqual((recorded()[0] as { type: string; text: string }).text, 'termination');
});

test('opening a hit records the search at once; a query with no results is not a search', async () => {
  useSearchStore.getState().setQuery('deposit');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  useSearchStore.getState().noteHitOpened();
  assert.equal(recorded().length, 1);
  useSearchStore.getState().setQuery('none here');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  mock.timers.tick(SEARCH_SETTLE_MS);
  assert.equal(recorded().length, 1);
});

test('a failed search shows the error and no results', async () => {
  setTransport(
    memoryTransport({
      'search:query': () => {
        throw new Error('The index is being rebuilt.');
      },
    }),
  );
  useSearchStore.getState().setQuery('rent');
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  assert.deepEqual([useSearchStore.getState().results, useSearchStore.getState().error], [[], 'The index is being rebuilt.']);
});

test('clear drops a pending search', async () => {
  useSearchStore.getState().setQuery('rent');
  useSearchStore.getState().clear();
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  assert.deepEqual(searches(), []);
  assert.equal(useSearchStore.getState().query, '');
});
