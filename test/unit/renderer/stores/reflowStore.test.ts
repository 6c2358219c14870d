import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { ReflowChapter } from '../../../../native/api/types.js';
import { useReflowStore } from '../../../../renderer/stores/reflowStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

let engine: MemoryTransport;
let release: (() => void) | null = null;

function chapter(documentId: string, number: number): ReflowChapter {
  return {
    documentId,
    chapter: number,
    html: `<p data-char-start="0" data-char-end="9">Chapter ${number}</p>`,
    chapters: [1, 2].map((n) => ({ number: n, title: `Chapter ${n}`, textLength: 9 })),
    structure: 'source',
    notice: null,
  };
}

beforeEach(() => {
  release = null;
  engine = memoryTransport({
    'library:chapter': async ({ id, chapter: n }) => {
      if (n === 9) throw new LecternError('INVALID_ARGUMENT', '"Book" has 2 chapters; there is no chapter 9.');
      if (n === 1 && id === 'slow') await new Promise<void>((r) => (release = r));
      return chapter(id, n);
    },
  });
  setTransport(engine);
  useReflowStore.setState({ documentId: null, chapter: 0, content: null, error: null, serif: true });
});

test('load fetches a chapter once; the same chapter again is not fetched', async () => {
  await useReflowStore.getState().load('book', 2);
  await useReflowStore.getState().load('book', 2);
  assert.equal(useReflowStore.getState().content?.chapter, 2);
  assert.equal(engine.calls.length, 1);
});

test('a chapter asked for later wins over an earlier one still on its way', async () => {
  const first = useReflowStore.getState().load('slow', 1);
  await useReflowStore.getState().load('slow', 2);
  release!();
  await first;
  assert.equal(useReflowStore.getState().content?.chapter, 2, 'the late answer for chapter 1 is dropped');
});

test('a refused chapter is an error that says why, and toggleSerif flips the typeface', async () => {
  await useReflowStore.getState().load('book', 9);
  assert.match(useReflowStore.getState().error ?? '', /Could not open chapter 9: .*no chapter 9/);
  assert.equal(useReflowStore.getState().serif, true);
  useReflowStore.getState().toggleSerif();
  assert.equal(useReflowStore.getState().serif, false);
});
