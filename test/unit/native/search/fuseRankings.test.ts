import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuseRankings, RRF_K } from '../../../../native/search/fuseRankings.js';

describe('fuseRankings', () => {
  test('an id both lists rank second beats ids only one list ranks first', () => {
    const fused = fuseRankings([
      [1, 2, 3],
      [4, 2, 5],
    ]);
    assert.equal(fused[0]!.id, 2);
    assert.equal(fused[0]!.score, 2 / (RRF_K + 2));
  });

  test('scores are Σ 1/(k + rank) with ranks from 1', () => {
    const fused = fuseRankings([[7, 8], [8]], { k: 10 });
    assert.deepEqual(
      fused.map((f) => f.id),
      [8, 7],
    );
    assert.equal(fused.find((f) => f.id === 8)!.score, 1 / 12 + 1 / 11);
    assert.equal(fused.find((f) => f.id === 7)!.score, 1 / 11);
  });

  test('one list comes back in its own order, and an empty second list changes nothing', () => {
    const bm25 = [42, 3, 17, 99, 5];
    assert.deepEqual(
      fuseRankings([bm25]).map((f) => f.id),
      bm25,
    );
    assert.deepEqual(
      fuseRankings([bm25, []]).map((f) => f.id),
      bm25,
    );
  });

  test('equal sums keep the first list’s order: the first list breaks ties', () => {
    // 1 is first in list A and absent in B; 9 is first in B and absent in A: equal sums.
    assert.deepEqual(
      fuseRankings([[1], [9]]).map((f) => f.id),
      [1, 9],
    );
    assert.deepEqual(
      fuseRankings([[9], [1]]).map((f) => f.id),
      [9, 1],
    );
  });

  test('an id repeated within one list counts once, at its best rank', () => {
    const fused = fuseRankings([[4, 4, 6]]);
    assert.deepEqual(
      fused.map((f) => f.id),
      [4, 6],
    );
    assert.equal(fused[0]!.score, 1 / (RRF_K + 1));
    assert.equal(fused[1]!.score, 1 / (RRF_K + 3));
  });

  test('limit keeps the best n; no lists give nothing', () => {
    assert.deepEqual(
      fuseRankings([[1, 2, 3]], { limit: 2 }).map((f) => f.id),
      [1, 2],
    );
    assert.deepEqual(fuseRankings([]), []);
    assert.deepEqual(fuseRankings([[1]], { limit: 0 }), []);
  });

  test('a negative or infinite k is refused', () => {
    assert.throws(() => fuseRankings([[1]], { k: -1 }), RangeError);
    assert.throws(() => fuseRankings([[1]], { k: Infinity }), RangeError);
  });
});
