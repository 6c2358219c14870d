import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { Citation, Passage } from '../../../../native/api/types.js';
import { useReaderStore, ZOOM_STEPS } from '../../../../renderer/stores/readerStore.js';
import { useUiStore } from '../../../../renderer/stores/uiStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';
import { documentDetail } from './documentDetail.js';

const detail = documentDetail;

const passage = { id: 1, documentId: 'notes', text: 'Some notes.' } as Passage;
let engine: MemoryTransport;
const initial = useReaderStore.getState();

beforeEach(() => {
  engine = memoryTransport({
    'library:get': ({ id }) => {
      if (id === 'gone') throw new LecternError('DOCUMENT_NOT_FOUND', 'This document was removed.');
      return id === 'notes' ? detail('notes', 'txt', 2) : detail(id, 'pdf', 12);
    },
    'library:passages': () => ({ passages: [passage] }),
    'events:record': () => ({ recorded: true, entities: 0 }),
  });
  setTransport(engine);
  useReaderStore.setState({ ...initial });
  useUiStore.setState({ screen: 'library' });
  useUserStore.setState({ current: 'default' });
});

const commands = () => engine.calls.map((c) => c.name);

test('opening a PDF shows the reader at the page asked for, with the page count from the engine', async () => {
  await useReaderStore.getState().open('lease', 4);
  const s = useReaderStore.getState();
  assert.deepEqual([s.detail?.id, s.page, s.pageCount, s.passages, useUiStore.getState().screen], ['lease', 4, 12, null, 'reader']);
  assert.deepEqual(commands(), ['library:get'], 'a PDF is read from its pages, not its passages');
});

test('a text document is read from its passages', async () => {
  await useReaderStore.getState().open('notes');
  assert.deepEqual(useReaderStore.getState().passages, [passage]);
});

test('opening the open document again only moves the page, and drops an old citation highlight', async () => {
  await useReaderStore.getState().open('lease');
  useReaderStore.setState({ highlight: { documentId: 'lease', page: 1, rects: [], quote: 'q', charStart: null, charEnd: null } });
  await useReaderStore.getState().open('lease', 7);
  assert.deepEqual(commands(), ['library:get']);
  assert.deepEqual([useReaderStore.getState().page, useReaderStore.getState().highlight], [7, null]);
});

test('a document that cannot be opened says so', async () => {
  await useReaderStore.getState().open('gone');
  assert.equal(useReaderStore.getState().error, 'Could not open the document: This document was removed.');
});

test('goToPage rounds and keeps the page within the document', async () => {
  await useReaderStore.getState().open('lease');
  const { goToPage } = useReaderStore.getState();
  goToPage(40);
  assert.equal(useReaderStore.getState().page, 12);
  goToPage(-3);
  assert.equal(useReaderStore.getState().page, 1);
  goToPage(2.6);
  assert.equal(useReaderStore.getState().page, 3);
});

test('zoom steps through the fixed steps and stops at both ends', () => {
  const { zoomIn, zoomOut, setScale } = useReaderStore.getState();
  zoomIn();
  assert.equal(useReaderStore.getState().scale, 1.1);
  setScale(1.3); // a fitted width between steps
  zoomOut();
  assert.equal(useReaderStore.getState().scale, 1.25);
  setScale(ZOOM_STEPS.at(-1)!);
  zoomIn();
  assert.equal(useReaderStore.getState().scale, 4);
  setScale(ZOOM_STEPS[0]!);
  zoomOut();
  assert.equal(useReaderStore.getState().scale, 0.5);
});

test('find: opening asks for focus, each step is a new tick, closing clears the query and matches', () => {
  const s = useReaderStore.getState();
  s.openFind();
  s.setFindQuery('rent');
  s.findAgain(false);
  s.findAgain(true);
  s.setFindMatches({ current: 1, total: 3 });
  assert.deepEqual([useReaderStore.getState().findFocus, useReaderStore.getState().findStep], [1, { tick: 2, previous: true }]);
  s.closeFind();
  assert.deepEqual([useReaderStore.getState().findOpen, useReaderStore.getState().findQuery, useReaderStore.getState().findMatches], [false, '', null]);
});

test('a citation opens its document at its page with its highlight, and counts as a click', async () => {
  const citation: Citation = {
    marker: '[1]',
    passageId: 5,
    documentId: 'lease',
    page: 9,
    quote: 'Rent is due monthly.',
    charStart: 10,
    charEnd: 30,
    supported: true,
    spans: [],
    rects: [{ page: 9, x: 1, y: 2, width: 3, height: 4 }],
  };
  await useReaderStore.getState().showCitation(citation);
  const s = useReaderStore.getState();
  assert.deepEqual([s.documentId, s.page, s.highlight?.quote, s.highlight?.rects.length], ['lease', 9, 'Rent is due monthly.', 1]);
  assert.deepEqual(engine.calls.find((c) => c.name === 'events:record')?.args, { type: 'click', documentId: 'lease', page: 9, passageId: 5, user: 'default' });
});

test('a citation with no document or page goes nowhere', async () => {
  await useReaderStore
    .getState()
    .showCitation({ marker: '[2]', passageId: null, documentId: null, page: null, quote: '', charStart: null, charEnd: null, supported: false, spans: [], rects: [] });
  assert.deepEqual(engine.calls, []);
});

const storedCitation: Citation = {
  marker: 'P1',
  passageId: 5,
  documentId: 'lease',
  page: 9,
  quote: 'Rent is due monthly.',
  charStart: 10,
  charEnd: 30,
  supported: true,
  spans: [],
  rects: [], // as qa:messages reads it back
};

test('a citation read back without rectangles (a restored conversation) is located again and its highlight drawn', async () => {
  engine = memoryTransport({
    'library:get': ({ id }) => detail(id, 'pdf', 12),
    'library:locate': ({ passageId, quote }) => ({
      location: {
        page: 9,
        quote,
        charStart: 10,
        charEnd: 30,
        spans: [{ page: 9, charStart: 10, charEnd: 30 }],
        rects: [{ page: 9, x: 72, y: 600, width: 200, height: 12 }],
        whole: passageId !== 5,
      },
    }),
    'events:record': () => ({ recorded: true, entities: 0 }),
  });
  setTransport(engine);
  await useReaderStore.getState().showCitation(storedCitation);
  assert.deepEqual(engine.calls.find((c) => c.name === 'library:locate')?.args, { id: 'lease', passageId: 5, quote: 'Rent is due monthly.' });
  const h = useReaderStore.getState().highlight;
  assert.deepEqual([h?.page, h?.rects, h?.quote], [9, [{ page: 9, x: 72, y: 600, width: 200, height: 12 }], 'Rent is due monthly.']);
});

test('a text document is highlighted by its quote: no locating for a citation without rectangles', async () => {
  await useReaderStore.getState().showCitation({ ...storedCitation, documentId: 'notes', page: 1 });
  assert.equal(
    engine.calls.some((c) => c.name === 'library:locate'),
    false,
  );
  assert.equal(useReaderStore.getState().highlight?.quote, 'Rent is due monthly.');
});

test('a citation whose passage cannot be located still opens its page, with what the citation holds', async () => {
  engine = memoryTransport({
    'library:get': ({ id }) => detail(id, 'pdf', 12),
    'library:locate': () => ({ location: null }),
    'events:record': () => ({ recorded: true, entities: 0 }),
  });
  setTransport(engine);
  await useReaderStore.getState().showCitation(storedCitation);
  const s = useReaderStore.getState();
  assert.deepEqual([s.page, s.highlight?.quote, s.highlight?.rects], [9, 'Rent is due monthly.', []]);
});

test('a search hit opens its page and highlights the sentence holding the matched words', async () => {
  engine = memoryTransport({
    'library:get': ({ id }) => detail(id, 'pdf', 12),
    'library:locate': ({ quote }) => ({
      location: { page: 4, quote, charStart: 0, charEnd: quote.length, spans: [], rects: [{ page: 4, x: 1, y: 2, width: 3, height: 4 }], whole: false },
    }),
  });
  setTransport(engine);
  const text = 'The tenant keeps the garden. Rent is due on the first day of each month. Pets need consent.';
  await useReaderStore.getState().showSearchHit({
    documentId: 'lease',
    documentTitle: 'Lease',
    passageId: 31,
    page: 4,
    pageEnd: 4,
    section: null,
    text,
    snippet: '…Rent is due on the first day…',
    snippetMarks: [
      [1, 5],
      [9, 12],
    ],
    score: 3,
  });
  assert.deepEqual(engine.calls.find((c) => c.name === 'library:locate')?.args, { id: 'lease', passageId: 31, quote: 'Rent is due on the first day of each month.' });
  const s = useReaderStore.getState();
  assert.deepEqual([s.documentId, s.page, s.highlight?.rects.length], ['lease', 4, 1]);
});
