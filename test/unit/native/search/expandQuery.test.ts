import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsRun, expansionsFor, type PhraseGroup } from '../../../../native/search/expandQuery.js';

const group = (...members: Array<[string, string[]]>): PhraseGroup => ({ members: members.map(([phrase, key]) => ({ phrase, key })) });
const STATEMENTS = group(['income statement', ['incom', 'statement']], ['statement of operations', ['statement', 'oper']], ['profit and loss', ['profit', 'loss']]);
const CEO = group(['ceo', ['ceo']], ['chief executive officer', ['chief', 'execut', 'offic']]);

test('a member found as consecutive stems brings in the other members of its group', () => {
  assert.deepEqual(expansionsFor(['show', 'incom', 'statement'], [STATEMENTS, CEO]), ['statement of operations', 'profit and loss']);
  assert.deepEqual(expansionsFor(['ceo', 'salari'], [STATEMENTS, CEO]), ['chief executive officer']);
});

test('stems of a member scattered through the question do not count as the member', () => {
  assert.deepEqual(expansionsFor(['incom', 'tax', 'statement'], [STATEMENTS]), []);
});

test('members the question already holds are not added again, and the count is capped', () => {
  assert.deepEqual(expansionsFor(['incom', 'statement', 'profit', 'loss'], [STATEMENTS]), ['statement of operations']);
  assert.equal(expansionsFor(['incom', 'statement'], [STATEMENTS], 1).length, 1);
});

test('containsRun finds a run only in order and adjacent', () => {
  assert.ok(containsRun(['a', 'b', 'c'], ['b', 'c']));
  assert.ok(!containsRun(['a', 'b', 'c'], ['a', 'c']));
  assert.ok(!containsRun(['a'], ['a', 'b']));
});
