import assert from 'node:assert/strict';
import { after, before, beforeEach, mock, test } from 'node:test';
import type { CommandArgs } from '../../../../native/api/commands.js';
import type { Suggestion } from '../../../../native/api/types.js';
import { PAGE_SETTLE_MS, PROFILE_SETTLE_MS, useSuggestionsStore } from '../../../../renderer/stores/suggestionsStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

function suggestion(key: string, text: string, phrasing: Suggestion['phrasing'] = 'template'): Suggestion {
  return { key, text, reason: 'r', entities: [], entityIds: [], score: 1, documentId: 'lease', phrasing };
}

let modelLoaded = false;
/** One engine for the file: the store subscribes to profile:changed once, as the app does. */
const engine: MemoryTransport = memoryTransport({
  'suggest:get': ({ wording, page }) =>
    wording === 'model'
      ? { suggestions: [suggestion('a', 'Worded A?', 'model'), suggestion('b', 'Template B?', 'template')], modelLoaded: true }
      : { suggestions: [suggestion('a', `Template A${page ? ` p${page}` : ''}?`), suggestion('b', 'Template B?')], modelLoaded },
  'events:record': () => ({ recorded: true, entities: 0 }),
});
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
const asked = () => engine.calls.filter((c) => c.name === 'suggest:get').map((c) => c.args as CommandArgs<'suggest:get'>);
const texts = () => useSuggestionsStore.getState().suggestions.map((s) => s.text);

before(() => mock.timers.enable({ apis: ['setTimeout'] }));
after(() => mock.timers.reset());

beforeEach(async () => {
  modelLoaded = false;
  setTransport(engine);
  useUserStore.setState({ current: 'ana' });
  useSuggestionsStore.setState({ context: null, user: null, suggestions: [], loading: false, error: null });
  // Lets any timer a previous test left run out before its calls are forgotten.
  mock.timers.tick(PROFILE_SETTLE_MS);
  await settled();
  engine.calls.length = 0;
});

test('a new document is asked about at once, for the current user, with shown events recorded', async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  assert.deepEqual(asked(), [{ user: 'ana', documentId: 'lease', limit: 6, recordShown: true, wording: 'templates' }]);
  assert.deepEqual(texts(), ['Template A?', 'Template B?']);
  assert.equal(useSuggestionsStore.getState().loading, false);
});

test('paging waits for the page to settle, and only the last page is asked about', async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  useSuggestionsStore.getState().show({ documentId: 'lease', page: 2 });
  useSuggestionsStore.getState().show({ documentId: 'lease', page: 3 });
  assert.deepEqual(texts(), ['Template A?', 'Template B?'], 'the suggestions stay while paging within a document');
  mock.timers.tick(PAGE_SETTLE_MS - 1);
  await settled();
  assert.equal(asked().length, 1);
  mock.timers.tick(1);
  await settled();
  assert.deepEqual(
    asked().map((a) => a.page),
    [undefined, 3],
  );
  assert.deepEqual(texts(), ['Template A p3?', 'Template B?']);
});

test('the same context for the same user is not asked again', async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease', page: 1 });
  mock.timers.tick(0);
  await settled();
  useSuggestionsStore.getState().show({ documentId: 'lease', page: 1 });
  mock.timers.tick(PAGE_SETTLE_MS);
  await settled();
  assert.equal(asked().length, 1);
});

test('with a model loaded, its wording replaces the templates in place', async () => {
  modelLoaded = true;
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  assert.deepEqual(
    asked().map((a) => a.wording),
    ['templates', 'model'],
  );
  assert.deepEqual(texts(), ['Worded A?', 'Template B?']);
  assert.deepEqual(
    useSuggestionsStore.getState().suggestions.map((s) => s.phrasing),
    ['model', 'template'],
  );
});

test('dismissing removes the suggestion and tells the engine', async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  useSuggestionsStore.getState().dismiss(useSuggestionsStore.getState().suggestions[0]!);
  assert.deepEqual(texts(), ['Template B?']);
  assert.deepEqual(engine.calls.at(-1), { name: 'events:record', args: { type: 'dismiss', suggestionKey: 'a', documentId: 'lease', user: 'ana' } });
});

test('another user clears the suggestions and asks again at once', async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  useUserStore.setState({ current: 'ben' });
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  assert.deepEqual(texts(), []);
  mock.timers.tick(0);
  await settled();
  assert.deepEqual(
    asked().map((a) => a.user),
    ['ana', 'ben'],
  );
});

test("a profile change for the current user refreshes after the burst settles; another user's does not", async () => {
  useSuggestionsStore.getState().show({ documentId: 'lease' });
  mock.timers.tick(0);
  await settled();
  engine.emit('profile:changed', { user: 'ben' });
  mock.timers.tick(PROFILE_SETTLE_MS);
  await settled();
  assert.equal(asked().length, 1, "another user's change asks nothing");
  engine.emit('profile:changed', { user: 'ANA' });
  engine.emit('profile:changed', { user: 'ana' });
  mock.timers.tick(PROFILE_SETTLE_MS - 1);
  await settled();
  assert.equal(asked().length, 1);
  mock.timers.tick(1);
  await settled();
  assert.equal(asked().length, 2);
});

test('a failure shows a short notice and no suggestions', async () => {
  const warn = mock.method(console, 'warn', () => {});
  setTransport(
    memoryTransport({
      'suggest:get': () => {
        throw new Error('No knowledge store.');
      },
    }),
  );
  useSuggestionsStore.getState().show({ documentId: 'nda' });
  mock.timers.tick(0);
  await settled();
  warn.mock.restore();
  assert.deepEqual([texts(), useSuggestionsStore.getState().error], [[], 'Suggestions are not available right now.']);
});
