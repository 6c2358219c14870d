import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { MIN_READ_DWELL_MS } from '../../../../native/api/types.js';
import { watchReading } from '../../../../renderer/stores/readingTracker.js';
import { useReaderStore } from '../../../../renderer/stores/readerStore.js';
import { useUiStore } from '../../../../renderer/stores/uiStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';
import { documentDetail } from './documentDetail.js';

/** The two browser objects the tracker listens on; Node has neither, and an EventTarget is all it uses. */
const page = Object.assign(new EventTarget(), { visibilityState: 'visible' as 'visible' | 'hidden' });
Object.assign(globalThis, { document: page, window: new EventTarget() });

const detail = (id: string) => documentDetail(id, 'pdf', 10);

let engine: MemoryTransport;
let clock: number;
let stop: () => void;
const events = () => engine.calls.filter((c) => c.name === 'events:record').map((c) => c.args as Record<string, unknown>);

beforeEach(() => {
  engine = memoryTransport({ 'events:record': () => ({ recorded: true, entities: 0 }) });
  setTransport(engine);
  clock = 0;
  page.visibilityState = 'visible';
  useUserStore.setState({ current: 'ana' });
  useUiStore.setState({ screen: 'reader' });
  useReaderStore.setState({ detail: null, page: 1 });
  stop = watchReading(() => clock);
});

afterEach(() => stop());

test('a document arriving in the reader is an open event, once', () => {
  useReaderStore.setState({ detail: detail('lease'), page: 1 });
  useReaderStore.setState({ page: 2 });
  assert.deepEqual(events(), [{ type: 'open', documentId: 'lease', user: 'ana' }]);
});

test('leaving a page read long enough records a read with its dwell time', () => {
  useReaderStore.setState({ detail: detail('lease'), page: 1 });
  clock += 45_000;
  useReaderStore.setState({ page: 2 });
  assert.deepEqual(events().at(-1), { type: 'read', documentId: 'lease', page: 1, dwellMs: 45_000, user: 'ana' });
});

test('a page only scrolled past is not reading', () => {
  useReaderStore.setState({ detail: detail('lease'), page: 1 });
  clock += MIN_READ_DWELL_MS - 1;
  useReaderStore.setState({ page: 2 });
  assert.deepEqual(
    events().map((e) => e.type),
    ['open'],
  );
});

test('leaving the reader, hiding the window and stopping each end the stay on the page', () => {
  useReaderStore.setState({ detail: detail('lease'), page: 3 });
  clock += 5_000;
  useUiStore.setState({ screen: 'library' });
  useUiStore.setState({ screen: 'reader' });
  clock += 6_000;
  page.visibilityState = 'hidden';
  page.dispatchEvent(new Event('visibilitychange'));
  clock += 60_000; // hidden: not reading
  page.visibilityState = 'visible';
  page.dispatchEvent(new Event('visibilitychange'));
  clock += 7_000;
  stop();
  stop = () => {};
  assert.deepEqual(
    events()
      .filter((e) => e.type === 'read')
      .map((e) => e.dwellMs),
    [5_000, 6_000, 7_000],
  );
});

test('what was read before the user switched belongs to the user who read it', () => {
  useReaderStore.setState({ detail: detail('lease'), page: 1 });
  clock += 10_000;
  useUserStore.setState({ current: 'ben' });
  clock += 3_000;
  useReaderStore.setState({ page: 2 });
  const reads = events().filter((e) => e.type === 'read');
  assert.deepEqual(
    reads.map((e) => [e.user, e.dwellMs]),
    [
      ['ana', 10_000],
      ['ben', 3_000],
    ],
  );
});
