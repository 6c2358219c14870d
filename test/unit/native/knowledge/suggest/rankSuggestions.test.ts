import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../../../../../native/knowledge/suggest/ContextCandidateReader.js';
import { rankSuggestions, type RankingSignals } from '../../../../../native/knowledge/suggest/rankSuggestions.js';
import type { EntitySignal } from '../../../../../native/knowledge/suggest/UserSignalReader.js';

function candidate(key: string, relevance: number, kind: Candidate['kind'] = 'topic', entityIds: number[] = []): Candidate {
  return { key, text: `About ${key}?`, kind, name: key, entityIds, relevance, place: 'page', definedOnPage: null, mentions: 1 };
}

function signals(extra: Partial<RankingSignals> = {}): RankingSignals {
  return { entities: new Map(), history: new Map(), projections: new Map(), answered: new Map(), shown: new Map(), ...extra };
}

const entity = (interest: number, familiarity = 0): EntitySignal => ({ interest, familiarity, asked: 0, blocked: false });
const keys = (ranked: ReturnType<typeof rankSuggestions>) => ranked.map((r) => r.candidate.key);

test('for someone new, suggestions follow their relevance to what is on screen', () => {
  const ranked = rankSuggestions([candidate('b', 1), candidate('a', 2), candidate('c', 0.5)], signals(), 10);
  assert.deepEqual(keys(ranked), ['a', 'b', 'c']);
  assert.ok(ranked.every((r) => r.personal === 0));
});

test('equal scores fall back to the key, so the order never depends on the input order', () => {
  assert.deepEqual(keys(rankSuggestions([candidate('y', 1), candidate('x', 1)], signals(), 10)), ['x', 'y']);
});

test("the user's interest lifts a less relevant suggestion above a more relevant one", () => {
  const ranked = rankSuggestions([candidate('plain', 1.5, 'topic', [1]), candidate('liked', 1, 'topic', [2])], signals({ entities: new Map([[2, entity(0.4)]]) }), 10);
  assert.deepEqual(keys(ranked), ['liked', 'plain']);
});

test('a projected interest counts, but for less than the same interest of its own', () => {
  const own = rankSuggestions([candidate('t', 1, 'topic', [1])], signals({ entities: new Map([[1, entity(0.5)]]) }), 1)[0]!;
  const projected = rankSuggestions([candidate('t', 1, 'topic', [1])], signals({ projections: new Map([[1, { score: 0.5, via: 9 }]]) }), 1)[0]!;
  assert.ok(projected.personal > 0 && projected.personal < own.personal);
  assert.ok(projected.score < own.score);
});

test('questions already answered and entities already asked about in this document are dropped', () => {
  const ranked = rankSuggestions(
    [candidate('asked', 3), candidate('here', 2, 'term', [5]), candidate('kept', 1)],
    signals({ answered: new Map([['asked', 'accepted']]), history: new Map([[5, { askedHere: 1, touchedHere: 1, askedElsewhere: 0, touchedElsewhere: 0 }]]) }),
    10,
  );
  assert.deepEqual(keys(ranked), ['kept']);
});

test('what the user knows well and what was shown many times without being taken give way', () => {
  const familiar = rankSuggestions([candidate('known', 1.2, 'topic', [1]), candidate('new', 1, 'topic', [2])], signals({ entities: new Map([[1, entity(0, 1)]]) }), 10);
  assert.deepEqual(keys(familiar), ['new', 'known']);
  const shownFreely = rankSuggestions([candidate('seen', 1.05), candidate('fresh', 1)], signals({ shown: new Map([['seen', 3]]) }), 10);
  assert.deepEqual(keys(shownFreely), ['seen', 'fresh'], 'three showings cost nothing');
  const tired = rankSuggestions([candidate('seen', 1.05), candidate('fresh', 1)], signals({ shown: new Map([['seen', 5]]) }), 10);
  assert.deepEqual(keys(tired), ['fresh', 'seen']);
});

test('at most one suggestion per entity', () => {
  const ranked = rankSuggestions([candidate('q1', 3, 'term', [1]), candidate('q2', 2, 'term', [1]), candidate('q3', 1, 'topic', [2])], signals(), 10);
  assert.deepEqual(keys(ranked), ['q1', 'q3']);
});

test('parties and defined terms together take at most half the places while other kinds are left', () => {
  const ranked = rankSuggestions(
    [candidate('p1', 5, 'party', [1]), candidate('t1', 4, 'term', [2]), candidate('t2', 3, 'term', [3]), candidate('d1', 1, 'date', [4]), candidate('m1', 0.5, 'money', [5])],
    signals(),
    4,
  );
  assert.deepEqual(keys(ranked), ['p1', 't1', 'd1', 'm1']);
  // With nothing else left, the second pass fills the places.
  assert.deepEqual(keys(rankSuggestions([candidate('p1', 5, 'party', [1]), candidate('t1', 4, 'term', [2]), candidate('t2', 3, 'term', [3])], signals(), 4)), ['p1', 't1', 't2']);
});

test('a strong interest outranked by what is on screen still gets the third place', () => {
  const onScreen = ['a', 'b', 'c', 'd'].map((k, i) => candidate(k, 3 - i * 0.1, 'topic', [10 + i]));
  const termination = candidate('termination', 0.1, 'topic', [1]);
  const ranked = rankSuggestions([...onScreen, termination], signals({ entities: new Map([[1, entity(1)]]) }), 4);
  assert.deepEqual(keys(ranked), ['a', 'b', 'termination', 'c']);
});

test('a weak interest gets no reserved place', () => {
  const onScreen = ['a', 'b', 'c', 'd'].map((k, i) => candidate(k, 3 - i * 0.1, 'topic', [10 + i]));
  const ranked = rankSuggestions([...onScreen, candidate('faint', 0.1, 'topic', [1])], signals({ entities: new Map([[1, entity(0.3)]]) }), 4);
  assert.deepEqual(keys(ranked), ['a', 'b', 'c', 'd']);
});
