import assert from 'node:assert/strict';
import { test } from 'node:test';
import nlp from 'compromise';
import { findNamedEntities } from '../../../../../native/knowledge/entities/findNamedEntities.js';
import { indexedBulkMatch, type BulkMatch } from '../../../../../native/knowledge/entities/indexedBulkMatch.js';

// Compromise's internals, as its tagger and matcher hand them to the sweep.
const world = nlp.world() as unknown as { methods: { one: { bulkMatch: BulkMatch } } };
const own = world.methods.one.bulkMatch;

// Contract prose and the one-sentence-per-name text entity extraction sends, with pronouns, contractions and lists.
const TEXTS = [
  'This Agreement is made by and between Excite, Inc., a Delaware corporation ("Excite"), and Vitamin Shoppe Industries Inc.',
  'Robert C. Hood\n\nBank of America\n\nRedwood City\n\nState of California\n\nDr. Andrew Weil\n\nSt. Louis Cardinals\n\nNew York Stock Exchange',
  "He said they'd walked to the old mill by the river, and she wasn't sure it would rain before Tuesday.",
  'The Licensee shall pay all fees within thirty (30) days; late payments bear interest at 1.5% per month.',
];

/** Runs `read` with compromise's own sweep, checking at every sweep that indexedBulkMatch returns the same; returns how many sweeps found something. */
function compareSweeps(read: () => void): number {
  let sweepsWithMatches = 0;
  const both: BulkMatch = (document, net, methods, opts) => {
    const expected = own(document, net, methods, opts);
    assert.deepEqual(indexedBulkMatch(document, net, methods, opts), expected);
    if (expected.length > 0) sweepsWithMatches++;
    return expected;
  };
  nlp.plugin({ methods: { one: { bulkMatch: both } } });
  try {
    read();
  } finally {
    nlp.plugin({ methods: { one: { bulkMatch: own } } });
  }
  return sweepsWithMatches;
}

test("indexedBulkMatch finds, in the same order, exactly what compromise's own sweep finds while tagging and matching", () => {
  for (const text of TEXTS) {
    const found = compareSweeps(() => {
      const doc = nlp(text);
      doc.people();
      doc.places();
      doc.organizations();
      doc.match('#Noun+');
      doc.matchOne('#Verb');
    });
    assert.ok(found > 0, `the patterns match something in: ${text}`);
  }
});

test('installed as a plugin, compromise tags people, places and organisations as before', () => {
  const text = TEXTS[1]!;
  const read = () => {
    const doc = nlp(text);
    // Term ids count up with every parse; everything else must be the same.
    const json = JSON.parse(JSON.stringify(doc.json(), (key, value: unknown) => (key === 'id' ? undefined : value))) as unknown;
    return { json, people: doc.people().out('array'), places: doc.places().out('array'), orgs: doc.organizations().out('array') };
  };
  const before = read();
  nlp.plugin({ methods: { one: { bulkMatch: indexedBulkMatch } } });
  try {
    assert.equal(world.methods.one.bulkMatch, indexedBulkMatch);
    assert.deepEqual(read(), before);
  } finally {
    nlp.plugin({ methods: { one: { bulkMatch: own } } });
  }
});

test('entity extraction tags with indexedBulkMatch: findNamedEntities installs it when it loads the tagger', async () => {
  const found = await findNamedEntities([{ text: 'The agreement was signed by Robert C. Hood of the Bank of America in Redwood City.' }], new Set());
  assert.ok(found.length > 0);
  assert.equal(world.methods.one.bulkMatch, indexedBulkMatch);
});
