import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NeedleCell, NeedleGrid } from '../../../../native/api/evalTypes.js';
import { formatNeedleGrid } from '../../../../native/eval/formatNeedleGrid.js';
import { answerHolds, makeNeedle } from '../../../../native/eval/makeNeedle.js';
import { defaultLengths, MIN_LENGTH } from '../../../../native/eval/runNeedleGrid.js';
import { seededRandom } from '../../../../native/eval/seededRandom.js';

test('a needle states its seven-digit value once, and its question does not give it away', () => {
  for (let seed = 0; seed < 50; seed++) {
    const n = makeNeedle(seededRandom(seed));
    assert.match(n.value, /^\d{7}$/);
    assert.equal(n.fact.split(n.value).length, 2);
    assert.ok(!n.question.includes(n.value));
    assert.ok(n.fact.startsWith(n.question.replace(/^What is t/, 'T').replace(/\?$/, '')), `${n.fact} / ${n.question}`);
  }
});

test('an answer holds the value however its digits are grouped, and not when a digit differs', () => {
  assert.equal(answerHolds('{"answer": "4821337"}', '4821337'), true);
  assert.equal(answerHolds('It is 4,821,337.', '4821337'), true);
  assert.equal(answerHolds('It is 4 821 337', '4821337'), true);
  assert.equal(answerHolds('It is 4821338', '4821337'), false);
  assert.equal(answerHolds('48213', '4821337'), false);
});

test('default lengths are an eighth, a quarter, half and all of the longest, leaving out any under the minimum', () => {
  assert.deepEqual(defaultLengths(8000), [1000, 2000, 4000, 8000]);
  assert.deepEqual(defaultLengths(600), [150, 300, 600]);
  assert.ok(defaultLengths(600).every((l) => l >= MIN_LENGTH));
});

test('the table has a row per length and a column per depth, blanks for cells not run, and recall per row and column', () => {
  const cell = (length: number, depth: number, found: boolean): NeedleCell => ({
    length,
    depth,
    placedDepth: depth,
    found,
    answer: '',
    promptTokens: null,
    evaluatedTokens: null,
    ms: 1,
  });
  const grid: NeedleGrid = {
    documentId: 'd',
    documentTitle: 'Log',
    model: { id: 'm', name: 'tiny' },
    contextSize: 2048,
    trainContextSize: 1024,
    contextScale: 2,
    documentTokens: 5000,
    lengths: [500, 1000],
    depths: [0, 100],
    cells: [cell(500, 100, true), cell(500, 0, false), cell(1000, 100, true)],
    complete: false,
    seed: 3,
    startedAt: '2026-12-06T10:00:00.000Z',
    ms: 1500,
    notes: ['Left out 9000 tokens: the document has 5000.'],
  };
  const lines = formatNeedleGrid(grid).split('\n');
  assert.match(lines[0]!, /context 2048 tokens \(trained 1024, YaRN ×2\)/);
  assert.match(
    lines.find((l) => l.startsWith('500'))!,
    /^500 +· +✓ +50%$/,
  );
  assert.match(
    lines.find((l) => l.startsWith('1000'))!,
    /^1000 +✓ +100%$/,
  );
  assert.match(
    lines.find((l) => l.startsWith('recall'))!,
    /^recall +0% +100% +67%$/,
  );
  assert.ok(lines.includes('3/4 cells in 1.5 s (stopped before the end).'));
  assert.ok(lines.includes('Left out 9000 tokens: the document has 5000.'));
});
