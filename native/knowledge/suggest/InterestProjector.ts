import type { EntityGraphQueries } from '../../store/EntityGraphQueries.js';
import type { TextEntityLinker } from '../profile/TextEntityLinker.js';
import { isStopKey } from '../profile/textWords.js';

/** A candidate's interest borrowed from a related entity the user cares about. */
export interface Projection {
  /** In [0, 1]: the related interest times how strongly the two go together. */
  score: number;
  /** The interest it comes from (for the reason). */
  via: number;
}

/** Documents read per entity at most: beyond this an entity is everywhere and relates to everything a little. */
const MAX_DOCUMENTS = 5_000;
/** Co-occurrence in fewer documents than this is coincidence (two rare entities in one contract). */
const MIN_SHARED = 2;
/** Names sharing less than this (rarity-weighted) part of their words are not related by name. */
const MIN_NAME_OVERLAP = 0.2;

/**
 * Projects a user's interests through the library's own entity graph, which stands in
 * for a public knowledge graph. Two entities are related
 * - by co-occurrence: as much as they share documents beyond what their frequencies
 *   predict (normalized pointwise mutual information, so two entities every contract has
 *   are not "related"), shrunk when few documents back it; the document on screen is left
 *   out, since everything in it trivially shares it;
 * - by name: as much as their names share words, each word weighted by how rare it is in the
 *   library's text ("liability cap" and "limitation of liability"; "change in control" and
 *   "change of control", which normalization keeps apart).
 * A candidate gets the strongest interest × relatedness among the user's top interests, and
 * remembers which one.
 */
export class InterestProjector {
  constructor(
    private readonly queries: EntityGraphQueries,
    private readonly linker: TextEntityLinker,
  ) {}

  project(interests: ReadonlyArray<{ entityId: number; interest: number }>, candidateIds: readonly number[], contextDocument: string | null): Map<number, Projection> {
    const out = new Map<number, Projection>();
    if (interests.length === 0 || candidateIds.length === 0) return out;
    const documents = this.queries.documentCount.get()!.n - (contextDocument === null ? 0 : 1);
    const sets = new Map<number, Set<string>>();
    const docs = (id: number) => {
      let set = sets.get(id);
      if (!set) {
        set = new Set(this.queries.documentsOf.all(id, MAX_DOCUMENTS).map((r) => r.documentId));
        if (contextDocument !== null) set.delete(contextDocument);
        sets.set(id, set);
      }
      return set;
    };
    this.linker.refreshCounts();
    const candidates = [...new Set(candidateIds)];
    const words = new Map(this.queries.keysOf.all(JSON.stringify([...candidates, ...interests.map((u) => u.entityId)])).map((r) => [r.id, contentWords(r.key)]));
    for (const c of candidates) {
      const cd = docs(c);
      let best: Projection | null = null;
      for (const u of interests) {
        if (u.entityId === c) continue;
        let related = this.nameOverlap(words.get(u.entityId), words.get(c));
        const ud = docs(u.entityId);
        if (documents >= 2 && cd.size >= MIN_SHARED && ud.size >= MIN_SHARED) {
          const [small, large] = ud.size < cd.size ? [ud, cd] : [cd, ud];
          let shared = 0;
          for (const d of small) if (large.has(d)) shared++;
          if (shared >= MIN_SHARED) related = Math.max(related, cooccurrence(shared, ud.size, cd.size, documents));
        }
        const score = u.interest * related;
        if (score > 0 && (!best || score > best.score)) best = { score, via: u.entityId };
      }
      if (best) out.set(c, best);
    }
    return out;
  }

  /** Rarity-weighted Jaccard overlap of two names' content words; 0 below MIN_NAME_OVERLAP. */
  private nameOverlap(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
    if (!a || !b || a.size === 0 || b.size === 0) return 0;
    let shared = 0;
    let all = 0;
    for (const w of new Set([...a, ...b])) {
      const r = this.linker.rarity(w);
      all += r;
      if (a.has(w) && b.has(w)) shared += r;
    }
    const overlap = all === 0 ? 0 : shared / all;
    return overlap >= MIN_NAME_OVERLAP ? overlap : 0;
  }
}

function contentWords(key: string): Set<string> {
  return new Set(key.split(' ').filter((w) => w !== '' && !isStopKey(w)));
}

/** NPMI of two entities' document sets, counted from 0.2 up (weaker association is noise), shrunk by shared/(shared + 1). */
function cooccurrence(shared: number, a: number, b: number, documents: number): number {
  if (shared >= documents) return 0;
  const pab = shared / documents;
  const npmi = Math.log(pab / ((a / documents) * (b / documents))) / -Math.log(pab);
  return Math.max(0, (npmi - 0.2) / 0.8) * (shared / (shared + 1));
}
