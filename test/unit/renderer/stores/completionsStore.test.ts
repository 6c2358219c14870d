import assert from 'node:assert/strict';
import { after, before, beforeEach, mock, test } from 'node:test';
import type { Completion } from '../../../../native/api/types.js';
import { completeQuery, MIN_PREFIX, useCompletionsStore } from '../../../../renderer/stores/completionsStore.js';
import { SEARCH_DEBOUNCE_MS } from '../../../../renderer/stores/searchStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

const completion = (text: string): Completion => ({ text, kind: 'topic', entityId: text.length, reason: null });
const LIBRARY = ['termination', 'term', 'tenant', 'territory'];

let engine: MemoryTransport;
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
const texts = () => useCompletionsStore.getState().completions.map((c) => c.text);
const asked = () => engine.calls.filter((c) => c.name === 'suggest:autocomplete').map((c) => c.args);

/** Types and lets the debounce pass and the engine answer. */
async function type(text: string): Promise<void> {
  useCompletionsStore.getState().typed(text);
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
}

before(() => mock.timers.enable({ apis: ['setTimeout'] }));
after(() => mock.timers.reset());

beforeEach(() => {
  engine = memoryTransport({
    'suggest:autocomplete': ({ prefix }) => ({ completions: LIBRARY.filter((t) => t.startsWith(prefix.trim().toLowerCase())).map(completion) }),
  });
  setTransport(engine);
  useUserStore.setState({ current: 'ana' });
  useCompletionsStore.getState().close();
  useCompletionsStore.setState({ completions: [], active: -1, open: false });
});

test('completions for what was typed are asked for the current user after the search debounce', async () => {
  await type('ter');
  assert.deepEqual(asked(), [{ user: 'ana', prefix: 'ter', limit: 8 }]);
  assert.deepEqual(texts(), ['termination', 'term', 'territory']);
  assert.equal(useCompletionsStore.getState().open, true);
});

test(`fewer than ${MIN_PREFIX} letters ask nothing and close the list`, async () => {
  await type('te');
  assert.equal(useCompletionsStore.getState().open, true);
  await type(' t ');
  assert.equal(asked().length, 1);
  assert.deepEqual([texts(), useCompletionsStore.getState().open], [[], false]);
});

test('a completion equal to what is typed is no help and is left out', async () => {
  await type('Term ');
  assert.deepEqual(texts(), ['termination']);
});

test('the arrow keys open the list and move round it in both directions', async () => {
  await type('ter');
  const store = useCompletionsStore.getState();
  store.move(-1);
  assert.equal(useCompletionsStore.getState().active, 2, 'up from none wraps to the last');
  store.move(1);
  assert.equal(useCompletionsStore.getState().active, 0, 'down from the last wraps to the first');
  store.close();
  assert.deepEqual([useCompletionsStore.getState().open, useCompletionsStore.getState().active], [false, -1]);
  store.move(1);
  assert.deepEqual([useCompletionsStore.getState().open, useCompletionsStore.getState().active], [true, 0], 'down reopens a closed list at the top');
});

test('closing drops completions still on their way', async () => {
  useCompletionsStore.getState().typed('ter');
  useCompletionsStore.getState().close();
  mock.timers.tick(SEARCH_DEBOUNCE_MS);
  await settled();
  assert.deepEqual(asked(), []);
  assert.equal(useCompletionsStore.getState().open, false);
});

test('an engine that cannot complete leaves the list closed', async () => {
  setTransport(
    memoryTransport({
      'suggest:autocomplete': () => {
        throw new Error('No knowledge store.');
      },
    }),
  );
  const warn = mock.method(console, 'warn', () => {});
  await type('ter');
  await type('term');
  assert.equal(useCompletionsStore.getState().open, false);
  assert.ok(warn.mock.callCount() <= 1, 'warned once at most');
  warn.mock.restore();
});

test('completeQuery replaces text it extends, and otherwise only the last word', () => {
  assert.equal(completeQuery('term', 'termination'), 'termination');
  assert.equal(completeQuery('  Ter', 'territory'), 'territory');
  assert.equal(completeQuery('notice of term', 'termination'), 'notice of termination');
  assert.equal(completeQuery('deposit', 'tenant'), 'tenant');
});
