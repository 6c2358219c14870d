import type { Database, Statement } from 'better-sqlite3';
import { INTEREST_HALF_LIFE_MS } from '../profile/decay.js';

/** What the profile says about one entity, as ranking uses it. */
export interface EntitySignal {
  /** Decayed interest scaled so the user's strongest is 1 (weak histories stay weak: below 2 is never scaled up). */
  interest: number;
  familiarity: number;
  asked: number;
  blocked: boolean;
}

/** How the user met an entity in this document and in the others. */
export interface DocumentSignal {
  askedHere: number;
  touchedHere: number;
  /** Other documents where they asked about it. */
  askedElsewhere: number;
  /** Other documents where they read, searched, clicked or asked about it. */
  touchedElsewhere: number;
}

/** The user's strongest interests, strongest first, on the scale `entities` uses. */
export interface TopInterests {
  top: Array<{ entityId: number; interest: number }>;
  /** What decayed interests are divided by. */
  scale: number;
}

/** Interests scale against the user's strongest, but never against less than this (one question ≈ 1). */
const INTEREST_SCALE_FLOOR = 2;
/** Below this (scaled) an entity no longer counts as an interest. */
const MIN_INTEREST = 0.005;

/**
 * Reads a user's aggregates for ranking: the top interests (decayed in SQL, one pass over
 * the user's rows) and then only the rows of the entities a context offers.
 */
export class UserSignalReader {
  private readonly strongest: Statement<[{ user: number; now: number; half: number; limit: number }], { entityId: number; decayed: number }>;
  private readonly rows: Statement<
    [{ user: number; ids: string; now: number; half: number }],
    { entityId: number; decayed: number; familiarity: number; asked: number; blocked: number }
  >;
  private readonly perDocument: Statement<
    [{ user: number; ids: string; doc: string }],
    { entityId: number; documents: number; askedDocuments: number; askedHere: number; touchedHere: number }
  >;
  private readonly answeredKeys: Statement<[{ user: number; keys: string }], { key: string; state: string }>;
  private readonly shownKeys: Statement<[{ user: number; keys: string }], { key: string; times: number }>;

  constructor(db: Database) {
    const decayed = 'interest * pow(0.5, max(0, @now - interest_at) / @half)';
    this.strongest = db.prepare(`
      SELECT entity_id AS entityId, ${decayed} AS decayed FROM user_entities
      WHERE user_id = @user AND blocked = 0 AND interest > 0 ORDER BY decayed DESC, entity_id LIMIT @limit`);
    this.rows = db.prepare(`
      SELECT entity_id AS entityId, ${decayed} AS decayed, familiarity, asked, blocked FROM user_entities
      WHERE user_id = @user AND entity_id IN (SELECT value FROM json_each(@ids))`);
    this.perDocument = db.prepare(`
      SELECT e.entity_id AS entityId, e.documents, e.asked_documents AS askedDocuments,
             coalesce(d.asked, 0) AS askedHere, coalesce(d.touched, 0) AS touchedHere
      FROM user_entities e LEFT JOIN user_entity_documents d ON d.user_id = e.user_id AND d.entity_id = e.entity_id AND d.document_id = @doc
      WHERE e.user_id = @user AND e.blocked = 0 AND e.entity_id IN (SELECT value FROM json_each(@ids))`);
    this.answeredKeys = db.prepare(`
      SELECT suggestion_key AS key, state FROM suggestion_feedback WHERE user_id = @user AND suggestion_key IN (SELECT value FROM json_each(@keys))
      UNION ALL
      SELECT DISTINCT suggestion_key AS key, 'asked' AS state FROM events
      WHERE user_id = @user AND type = 'question' AND suggestion_key IN (SELECT value FROM json_each(@keys))`);
    this.shownKeys = db.prepare(`SELECT suggestion_key AS key, times FROM shown_suggestions WHERE user_id = @user AND suggestion_key IN (SELECT value FROM json_each(@keys))`);
  }

  top(userId: number, now: number, count = 16): TopInterests {
    const rows = this.strongest.all({ user: userId, now, half: INTEREST_HALF_LIFE_MS, limit: count });
    const scale = Math.max(rows[0]?.decayed ?? 0, INTEREST_SCALE_FLOOR);
    return { scale, top: rows.map((r) => ({ entityId: r.entityId, interest: r.decayed / scale })).filter((r) => r.interest >= MIN_INTEREST) };
  }

  /** The profile rows of these entities (absent: never met), interest on the scale of `top`. */
  entities(userId: number, entityIds: readonly number[], now: number, scale: number): Map<number, EntitySignal> {
    const out = new Map<number, EntitySignal>();
    if (entityIds.length === 0) return out;
    for (const r of this.rows.all({ user: userId, ids: JSON.stringify(entityIds), now, half: INTEREST_HALF_LIFE_MS })) {
      const blocked = r.blocked === 1;
      out.set(r.entityId, { interest: blocked ? 0 : r.decayed / scale, familiarity: blocked ? 0 : r.familiarity, asked: blocked ? 0 : r.asked, blocked });
    }
    return out;
  }

  /** Per-document history of these entities, seen from `documentId` (null: the library, where every document is "elsewhere"). */
  documents(userId: number, entityIds: readonly number[], documentId: string | null): Map<number, DocumentSignal> {
    const out = new Map<number, DocumentSignal>();
    if (entityIds.length === 0) return out;
    for (const r of this.perDocument.all({ user: userId, ids: JSON.stringify(entityIds), doc: documentId ?? '' })) {
      out.set(r.entityId, {
        askedHere: r.askedHere,
        touchedHere: r.touchedHere,
        askedElsewhere: r.askedDocuments - (r.askedHere > 0 ? 1 : 0),
        touchedElsewhere: r.documents - (r.touchedHere > 0 ? 1 : 0),
      });
    }
    return out;
  }

  /** Which of these suggestion keys were asked, accepted or dismissed (dismissed wins), and how often each was shown. */
  keys(userId: number, keys: readonly string[]): { answered: Map<string, string>; shown: Map<string, number> } {
    const json = JSON.stringify(keys);
    const answered = new Map<string, string>();
    for (const r of this.answeredKeys.all({ user: userId, keys: json })) if (answered.get(r.key) !== 'dismissed') answered.set(r.key, r.state);
    const shown = new Map(this.shownKeys.all({ user: userId, keys: json }).map((r) => [r.key, r.times]));
    return { answered, shown };
  }
}
