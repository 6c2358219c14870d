import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { DefinedTerm } from '../../../../native/api/types.js';
import { filterTerms, useTermsStore } from '../../../../renderer/stores/termsStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

function term(name: string, aliases: string[] = [], definition: string | null = null): DefinedTerm {
  return { entityId: name.length, term: name, aliases, definition, definedAt: null, uses: [], mentions: 1 };
}

const TERMS: Record<string, DefinedTerm[]> = { lease: [term('Tenant'), term('Premises')], nda: [term('Recipient')] };
let engine: MemoryTransport;

beforeEach(() => {
  engine = memoryTransport({
    'knowledge:terms': ({ documentId }) => {
      if (documentId === 'broken') throw new LecternError('DOCUMENT_NOT_FOUND', 'No such document.');
      return { terms: TERMS[documentId] ?? [] };
    },
  });
  setTransport(engine);
  useTermsStore.setState({ documentId: null, terms: null, error: null, filter: '' });
});

test("load reads the document's terms once, and again for another document", async () => {
  await useTermsStore.getState().load('lease');
  await useTermsStore.getState().load('lease');
  assert.deepEqual(
    useTermsStore.getState().terms!.map((t) => t.term),
    ['Tenant', 'Premises'],
  );
  assert.equal(engine.calls.length, 1, 'the same document is not read twice');
  useTermsStore.getState().setFilter('ten');
  await useTermsStore.getState().load('nda');
  assert.deepEqual(
    useTermsStore.getState().terms!.map((t) => t.term),
    ['Recipient'],
  );
  assert.equal(useTermsStore.getState().filter, '', 'the filter is for the document it was typed in');
});

test('an answer for a document no longer open is dropped, even when it comes last', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  setTransport(
    memoryTransport({
      'knowledge:terms': async ({ documentId }) => {
        if (documentId === 'lease') await gate;
        return { terms: TERMS[documentId] ?? [] };
      },
    }),
  );
  const slow = useTermsStore.getState().load('lease');
  await useTermsStore.getState().load('nda');
  release();
  await slow;
  assert.equal(useTermsStore.getState().documentId, 'nda');
  assert.deepEqual(
    useTermsStore.getState().terms!.map((t) => t.term),
    ['Recipient'],
  );
});

test('a failure leaves an empty list and says what could not be read', async () => {
  await useTermsStore.getState().load('broken');
  assert.deepEqual(useTermsStore.getState().terms, []);
  assert.equal(useTermsStore.getState().error, 'Could not read the defined terms: No such document.');
});

test('filterTerms matches the name, an alias or the definition, ignoring case and surrounding space', () => {
  const terms = [term('Licensee', ['Customer']), term('Territory', [], 'The countries listed in Schedule 2.'), term('Fee')];
  assert.deepEqual(
    filterTerms(terms, '  LICENS ').map((t) => t.term),
    ['Licensee'],
  );
  assert.deepEqual(
    filterTerms(terms, 'custom').map((t) => t.term),
    ['Licensee'],
  );
  assert.deepEqual(
    filterTerms(terms, 'schedule').map((t) => t.term),
    ['Territory'],
  );
  assert.equal(filterTerms(terms, '   '), terms);
});
