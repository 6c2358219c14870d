import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { LecternError } from '../../../../native/api/errors.js';
import { queryWords } from '../../../../native/search/queryWords.js';
import { readVocabularyFile, searchVocabulary, thesaurusSchema } from '../../../../native/search/SearchVocabulary.js';

/** Porter stems as FTS5 makes them, the way the index does. */
function porterStems(words: string[]): string[] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance');`);
  db.prepare('INSERT INTO t (rowid, x) VALUES (1, ?)').run(words.join(' '));
  const out: string[] = [];
  for (const r of db.prepare('SELECT term, offset FROM v').all() as Array<{ term: string; offset: number }>) out[r.offset] = r.term;
  db.close();
  return out;
}

test('the shipped thesaurus covers both domains with the pairs people ask about', () => {
  const { thesaurus } = searchVocabulary();
  const groupOf = (term: string) => thesaurus.groups.find((g) => g.terms.includes(term));
  assert.ok(groupOf('income statement')?.terms.includes('statement of operations'));
  assert.ok(groupOf('balance sheet')?.terms.includes('statement of financial position'));
  assert.ok(groupOf('revenue')?.terms.includes('net sales'));
  assert.ok(groupOf('ceo')?.terms.includes('chief executive officer'));
  assert.ok(groupOf('non-compete') && groupOf('change of control') && groupOf('governing law') && groupOf('limitation of liability'));
  assert.deepEqual(new Set(thesaurus.groups.map((g) => g.domain)), new Set(['contracts', 'filings']));
});

test('no thesaurus term appears in two groups, and every term keeps a content word', () => {
  const seen = new Map<string, number>();
  searchVocabulary().thesaurus.groups.forEach((g, i) => {
    for (const t of g.terms) {
      assert.ok(!seen.has(t), `"${t}" is in groups ${seen.get(t)} and ${i}`);
      seen.set(t, i);
      assert.ok(queryWords(t).content.length > 0, t);
    }
  });
});

test('each listed stem exception is real: the stemmer gives every word of every family that stem', () => {
  for (const e of searchVocabulary().stemExceptions.stems) {
    const words = e.families.flat();
    const stems = porterStems(words);
    words.forEach((w, i) => assert.equal(stems[i], e.stem, `"${w}" stems to ${stems[i]}, not ${e.stem}`));
  }
});

test('a malformed vocabulary file fails with INTERNAL and says what is wrong', () => {
  const file = new URL('../../../../../package.json', import.meta.url).pathname;
  assert.throws(
    () => readVocabularyFile(file, thesaurusSchema),
    (e: unknown) => e instanceof LecternError && e.code === 'INTERNAL' && /malformed/.test(e.message),
  );
});
