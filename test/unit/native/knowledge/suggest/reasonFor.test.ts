import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../../../../../native/knowledge/suggest/ContextCandidateReader.js';
import { reasonFor, type ReasonInput } from '../../../../../native/knowledge/suggest/reasonFor.js';

function candidate(extra: Partial<Candidate> = {}): Candidate {
  return { key: 'k', text: 'q', kind: 'term', name: 'Licensee', entityIds: [1], relevance: 1, place: 'document', definedOnPage: null, mentions: 3, ...extra };
}

function input(extra: Partial<ReasonInput> = {}): ReasonInput {
  return { candidate: candidate(), signal: undefined, history: undefined, related: null, noun: 'agreement', ...extra };
}

const history = (askedElsewhere: number, touchedElsewhere: number) => ({ askedHere: 0, touchedHere: 0, askedElsewhere, touchedElsewhere });
const signal = (interest: number, familiarity = 0) => ({ interest, familiarity, asked: 0, blocked: false });

test("the user's own questions elsewhere come first, counted in contracts for a contract", () => {
  assert.equal(reasonFor(input({ history: history(3, 5), signal: signal(1), related: { name: 'x', asked: true } })), 'You asked about Licensee in 3 other contracts');
  assert.equal(reasonFor(input({ history: history(1, 0) })), 'You asked about Licensee in 1 other contract');
  assert.equal(reasonFor(input({ history: history(2, 0), noun: 'report' })), 'You asked about Licensee in 2 other documents');
  assert.equal(reasonFor(input({ history: history(2, 0), noun: null })), 'You asked about Licensee in 2 documents');
});

test('reading elsewhere is only mentioned when the interest is noticeable', () => {
  assert.equal(reasonFor(input({ history: history(0, 2), signal: signal(0.2) })), 'You have been reading about Licensee in 2 other contracts');
  assert.equal(reasonFor(input({ history: history(0, 2), signal: signal(0.1) })), 'A defined term of this agreement');
});

test('a related interest says whether the user asked or only read about it', () => {
  assert.equal(reasonFor(input({ related: { name: 'indemnification', asked: true } })), 'Related to indemnification, which you have been asking about');
  assert.equal(reasonFor(input({ related: { name: 'indemnification', asked: false } })), 'Related to indemnification, which you have been reading about');
});

test('where it is on screen comes before what the document says of it', () => {
  assert.equal(reasonFor(input({ candidate: candidate({ place: 'selection' }) })), 'Licensee is in your selection');
  assert.equal(reasonFor(input({ candidate: candidate({ place: 'page', kind: 'topic', name: 'Governing Law' }) })), 'Governing law is on this page');
  assert.equal(reasonFor(input({ candidate: candidate({ place: 'page', kind: 'section', name: '12. Notices' }) })), 'A section on this page');
  assert.equal(reasonFor(input({ candidate: candidate({ place: 'section', kind: 'party', name: 'Acme' }) })), 'Acme comes up in this section');
});

test('a defined term says where it is defined, and whether it is new to the user', () => {
  assert.equal(reasonFor(input({ candidate: candidate({ definedOnPage: 4 }) })), 'Defined on page 4 and new to you');
  assert.equal(reasonFor(input({ candidate: candidate({ definedOnPage: 4 }), signal: signal(0.1, 0.5) })), 'Defined on page 4');
});

test('the other kinds say what they are in the document or the library', () => {
  const kinds: Array<[Candidate['kind'], string | null, string]> = [
    ['party', 'lease', 'A party to this lease'],
    ['money', 'lease', 'An amount in this lease'],
    ['date', null, 'A date in your documents'],
    ['topic', 'lease', 'Covered in this lease and new to you'],
    ['topic', null, 'Comes up in 3 of your documents'],
    ['section', 'lease', 'A section of this lease'],
    ['document', null, 'An overview of your library'],
    ['document', 'lease', 'An overview of this lease'],
    ['person', 'lease', 'Mentioned 3 times in this lease'],
    ['place', null, 'Mentioned in 3 of your documents'],
  ];
  for (const [kind, noun, expected] of kinds) assert.equal(reasonFor(input({ candidate: candidate({ kind }), noun })), expected, `${kind} in ${noun}`);
  assert.equal(reasonFor(input({ candidate: candidate({ kind: 'person', mentions: 1 }) })), 'Mentioned 1 time in this agreement');
});
