import type { Database, Statement } from 'better-sqlite3';
import { addFamiliarity, decayedInterest } from './decay.js';
import type { EventWeight } from './eventWeights.js';
import type { LinkedEntity } from './TextEntityLinker.js';

interface AggregateRow {
  entityId: number;
  interest: number;
  interestAt: number;
  familiarity: number;
  blocked: number;
}

/**
 * The per-user aggregates, updated incrementally: one event touches only the rows of the
 * entities it is linked to. Interest is decayed to now before the gain is added, so the
 * stored (value, time) pair always means "this much, then".
 */
export class ProfileAggregates {
  private readonly read: Statement<[number, string], AggregateRow>;
  private readonly upsert: Statement<[number, number, number, number, number, number, number]>;
  private readonly touchDocument: Statement<[number, number, string, number, number, number]>;

  constructor(db: Database) {
    this.read = db.prepare(`
      SELECT entity_id AS entityId, interest, interest_at AS interestAt, familiarity, blocked
      FROM user_entities WHERE user_id = ? AND entity_id IN (SELECT value FROM json_each(?))`);
    this.upsert = db.prepare(`
      INSERT INTO user_entities (user_id, entity_id, interest, interest_at, familiarity, asked, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, entity_id) DO UPDATE SET
        interest = excluded.interest, interest_at = excluded.interest_at, familiarity = excluded.familiarity,
        asked = asked + excluded.asked, last_seen = excluded.last_seen`);
    this.touchDocument = db.prepare(`
      INSERT INTO user_entity_documents (user_id, entity_id, document_id, asked, touched, last_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, entity_id, document_id) DO UPDATE SET
        asked = asked + excluded.asked, touched = touched + excluded.touched, last_at = excluded.last_at`);
  }

  /**
   * Adds what one event teaches about `links` (scaled by `strength`, e.g. the dwell factor).
   * Blocked (forgotten) entities are skipped. Returns how many entities were updated.
   */
  apply(userId: number, links: readonly LinkedEntity[], weight: EventWeight, strength: number, documentId: string | null, now: number): number {
    if (links.length === 0 || strength <= 0) return 0;
    if (weight.interest === 0 && weight.familiarity === 0 && !weight.asked) return 0;
    const existing = new Map(this.read.all(userId, JSON.stringify(links.map((l) => l.entityId))).map((r) => [r.entityId, r]));
    let updated = 0;
    for (const link of links) {
      const row = existing.get(link.entityId);
      if (row?.blocked) continue;
      const w = link.weight * strength;
      const interest = Math.max(0, (row ? decayedInterest(row.interest, row.interestAt, now) : 0) + weight.interest * w);
      const familiarity = addFamiliarity(row?.familiarity ?? 0, weight.familiarity * w);
      const asked = weight.asked ? 1 : 0;
      this.upsert.run(userId, link.entityId, interest, now, familiarity, asked, now);
      // A dismissal is not a visit: reasons such as "you read about it in 3 documents" must not count it.
      if (documentId && weight.interest > 0) this.touchDocument.run(userId, link.entityId, documentId, asked, 1, now);
      updated++;
    }
    return updated;
  }
}
