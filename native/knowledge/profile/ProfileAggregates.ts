import type { UserEntityRepository } from '../../store/UserEntityRepository.js';
import { addFamiliarity, decayedInterest } from './decay.js';
import type { EventWeight } from './eventWeights.js';
import type { LinkedEntity } from './TextEntityLinker.js';

/**
 * The per-user aggregates, updated incrementally: one event touches only the rows of the
 * entities it is linked to. Interest is decayed to now before the gain is added, so the
 * stored (value, time) pair always means "this much, then".
 */
export class ProfileAggregates {
  constructor(private readonly rows: UserEntityRepository) {}

  /**
   * Adds what one event teaches about `links` (scaled by `strength`, e.g. the dwell factor).
   * Blocked (forgotten) entities are skipped. Returns how many entities were updated.
   */
  apply(userId: number, links: readonly LinkedEntity[], weight: EventWeight, strength: number, documentId: string | null, now: number): number {
    if (links.length === 0 || strength <= 0) return 0;
    if (weight.interest === 0 && weight.familiarity === 0 && !weight.asked) return 0;
    const existing = new Map(
      this.rows
        .aggregates(
          userId,
          links.map((l) => l.entityId),
        )
        .map((r) => [r.entityId, r]),
    );
    let updated = 0;
    for (const link of links) {
      const row = existing.get(link.entityId);
      if (row?.blocked) continue;
      const w = link.weight * strength;
      const interest = Math.max(0, (row ? decayedInterest(row.interest, row.interestAt, now) : 0) + weight.interest * w);
      const familiarity = addFamiliarity(row?.familiarity ?? 0, weight.familiarity * w);
      const asked = weight.asked ? 1 : 0;
      this.rows.save(userId, link.entityId, interest, now, familiarity, asked, now);
      // A dismissal is not a visit: reasons such as "you read about it in 3 documents" must not count it.
      if (documentId && weight.interest > 0) this.rows.touchDocument(userId, link.entityId, documentId, asked, 1, now);
      updated++;
    }
    return updated;
  }
}
