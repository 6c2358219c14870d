import type { ProfileSignalQueries } from '../../store/ProfileSignalQueries.js';
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
  constructor(private readonly queries: ProfileSignalQueries) {}

  top(userId: number, now: number, count = 16): TopInterests {
    const rows = this.queries.strongest.all({ user: userId, now, half: INTEREST_HALF_LIFE_MS, limit: count });
    const scale = Math.max(rows[0]?.decayed ?? 0, INTEREST_SCALE_FLOOR);
    return { scale, top: rows.map((r) => ({ entityId: r.entityId, interest: r.decayed / scale })).filter((r) => r.interest >= MIN_INTEREST) };
  }

  /** The profile rows of these entities (absent: never met), interest on the scale of `top`. */
  entities(userId: number, entityIds: readonly number[], now: number, scale: number): Map<number, EntitySignal> {
    const out = new Map<number, EntitySignal>();
    if (entityIds.length === 0) return out;
    for (const r of this.queries.rows.all({ user: userId, ids: JSON.stringify(entityIds), now, half: INTEREST_HALF_LIFE_MS })) {
      const blocked = r.blocked === 1;
      out.set(r.entityId, { interest: blocked ? 0 : r.decayed / scale, familiarity: blocked ? 0 : r.familiarity, asked: blocked ? 0 : r.asked, blocked });
    }
    return out;
  }

  /** Per-document history of these entities, seen from `documentId` (null: the library, where every document is "elsewhere"). */
  documents(userId: number, entityIds: readonly number[], documentId: string | null): Map<number, DocumentSignal> {
    const out = new Map<number, DocumentSignal>();
    if (entityIds.length === 0) return out;
    for (const r of this.queries.perDocument.all({ user: userId, ids: JSON.stringify(entityIds), doc: documentId ?? '' })) {
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
    for (const r of this.queries.answeredKeys.all({ user: userId, keys: json })) if (answered.get(r.key) !== 'dismissed') answered.set(r.key, r.state);
    const shown = new Map(this.queries.shownKeys.all({ user: userId, keys: json }).map((r) => [r.key, r.times]));
    return { answered, shown };
  }
}
