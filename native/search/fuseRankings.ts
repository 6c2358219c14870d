/** The constant of reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): large enough that one list's top rank does not outvote agreement between lists. */
export const RRF_K = 60;

export interface FusedRank {
  id: number;
  /** Σ 1 / (k + rank) over the lists that hold the id (ranks from 1). */
  score: number;
}

/**
 * Reciprocal-rank fusion of ranked id lists (best first): each list gives an id
 * 1 / (k + rank), and ids are ordered by the sum. Only ranks count, so BM25 scores and
 * cosine similarities, which share no scale, fuse without calibration. Ties (equal sums) keep
 * the order of the first list that holds the id, then of the next list, so a single list comes
 * back in its own order. An id repeated within one list counts at its best rank only.
 */
export function fuseRankings(rankings: ReadonlyArray<readonly number[]>, options: { k?: number; limit?: number } = {}): FusedRank[] {
  const k = options.k ?? RRF_K;
  if (!(k >= 0) || !Number.isFinite(k)) throw new RangeError(`k must be a finite number ≥ 0, not ${k}`);
  const scores = new Map<number, number>();
  /** Where each id first appears: list index, then rank, for stable ties. */
  const firstSeen = new Map<number, number>();
  let position = 0;
  for (const ranking of rankings) {
    const seen = new Set<number>();
    ranking.forEach((id, index) => {
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
      if (!firstSeen.has(id)) firstSeen.set(id, position);
      position++;
    });
  }
  const fused = [...scores].map(([id, score]) => ({ id, score }));
  fused.sort((a, b) => b.score - a.score || firstSeen.get(a.id)! - firstSeen.get(b.id)!);
  return options.limit === undefined ? fused : fused.slice(0, Math.max(0, options.limit));
}
