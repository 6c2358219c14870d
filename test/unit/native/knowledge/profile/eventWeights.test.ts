import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dwellFactor, EVENT_WEIGHTS, MAX_READ_DWELL_MS, MIN_READ_DWELL_MS } from '../../../../../native/knowledge/profile/eventWeights.js';

test('a glance shorter than the minimum dwell teaches nothing, a minute counts once, a long stay at most twice', () => {
  assert.equal(dwellFactor(MIN_READ_DWELL_MS - 1), 0);
  assert.equal(dwellFactor(60_000), 1);
  assert.equal(dwellFactor(30_000), 0.5);
  assert.equal(dwellFactor(MAX_READ_DWELL_MS), 2);
  assert.equal(dwellFactor(60 * 60_000), 2, 'a window left open');
});

test('a read of unknown length counts half', () => {
  assert.equal(dwellFactor(undefined), 0.5);
});

test('asking teaches the most interest, a long read the most familiarity, and a dismissal lowers interest', () => {
  const weights = Object.values(EVENT_WEIGHTS);
  assert.equal(EVENT_WEIGHTS.question.interest, Math.max(...weights.map((w) => w.interest)));
  // A read is scaled by its dwell (ProfileStore passes dwellFactor as the strength); the other events count once.
  const others = Object.entries(EVENT_WEIGHTS).filter(([type]) => type !== 'read');
  assert.ok(EVENT_WEIGHTS.read.familiarity * dwellFactor(MAX_READ_DWELL_MS) > Math.max(...others.map(([, w]) => w.familiarity)));
  assert.ok(EVENT_WEIGHTS.dismiss.interest < 0);
  assert.ok(EVENT_WEIGHTS.open.interest < EVENT_WEIGHTS.search.interest, 'a passing act says less than a deliberate one');
  assert.equal(EVENT_WEIGHTS.shown.interest, 0);
});

test('only questions and accepted suggestions count as having asked', () => {
  assert.deepEqual(
    Object.entries(EVENT_WEIGHTS)
      .filter(([, w]) => w.asked)
      .map(([type]) => type)
      .sort(),
    ['accept', 'question'],
  );
});
