import type { Database, Statement } from 'better-sqlite3';
import type { UserEventType } from '../api/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The most events kept per user, whatever the retention: the log stays small on any machine. */
export const MAX_EVENTS_PER_USER = 20_000;
/** The cap is checked every this many writes per user, so a write costs one index probe, not a count. */
const CAP_CHECK_EVERY = 100;

/** An event as the export shows it (`at` in ms). */
export type StoredEvent = NewEvent;

export interface NewEvent {
  type: UserEventType;
  at: number;
  documentId: string | null;
  page: number | null;
  text: string | null;
  dwellMs: number | null;
  suggestionKey: string | null;
}

/**
 * A user's bounded event log. Each append deletes what fell out of the retention window
 * (an index range on (user_id, at), usually empty); every CAP_CHECK_EVERY appends the oldest
 * events beyond MAX_EVENTS_PER_USER go too, so the log never holds more than
 * MAX_EVENTS_PER_USER + CAP_CHECK_EVERY - 1 events.
 */
export class EventLog {
  private readonly insert: Statement<[number, string, number, string | null, number | null, string | null, number | null, string | null]>;
  private readonly expire: Statement<[number, number]>;
  private readonly expireShown: Statement<[number, number]>;
  private readonly overCap: Statement<[{ user: number; cap: number }]>;
  private readonly shownBefore: Statement<[{ user: number }]>;
  private readonly countOf: Statement<[number], { n: number }>;
  private readonly writesSinceCheck = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly cap = MAX_EVENTS_PER_USER,
  ) {
    this.countOf = db.prepare('SELECT count(*) AS n FROM events WHERE user_id = ?');
    this.insert = db.prepare('INSERT INTO events (user_id, type, at, document_id, page, text, dwell_ms, suggestion_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.expire = db.prepare('DELETE FROM events WHERE user_id = ? AND at < ?');
    this.expireShown = db.prepare('DELETE FROM shown_suggestions WHERE user_id = ? AND last_at < ?');
    this.overCap = db.prepare(`
      DELETE FROM events WHERE user_id = @user AND id IN (
        SELECT id FROM events WHERE user_id = @user ORDER BY at DESC, id DESC LIMIT -1 OFFSET @cap)`);
    // Shown suggestions are an index over 'shown' events: none may outlive the oldest event kept.
    this.shownBefore = db.prepare(`
      DELETE FROM shown_suggestions WHERE user_id = @user AND last_at < coalesce((SELECT min(at) FROM events WHERE user_id = @user), 0)`);
  }

  /** Appends an event and prunes the log; call inside the caller's transaction. */
  append(userId: number, event: NewEvent, retentionDays: number): void {
    this.insert.run(userId, event.type, event.at, event.documentId, event.page, event.text, event.dwellMs, event.suggestionKey);
    this.expireBefore(userId, event.at - retentionDays * DAY_MS);
    const writes = (this.writesSinceCheck.get(userId) ?? CAP_CHECK_EVERY - 1) + 1;
    if (writes >= CAP_CHECK_EVERY) {
      this.enforceCap(userId);
      this.writesSinceCheck.set(userId, 0);
    } else {
      this.writesSinceCheck.set(userId, writes);
    }
  }

  /** Deletes what is older than the retention window as of `now` (used when the retention changes). */
  prune(userId: number, retentionDays: number, now: number): void {
    this.expireBefore(userId, now - retentionDays * DAY_MS);
    this.enforceCap(userId);
  }

  /** How many events the log holds for a user. */
  count(userId: number): number {
    return this.countOf.get(userId)!.n;
  }

  /** A user's events, oldest first, as the profile export lists them. */
  list(userId: number): StoredEvent[] {
    return this.db
      .prepare(
        `
      SELECT type, at, document_id AS documentId, page, text, dwell_ms AS dwellMs, suggestion_key AS suggestionKey
      FROM events WHERE user_id = ? ORDER BY at, id`,
      )
      .all(userId) as StoredEvent[];
  }

  private expireBefore(userId: number, cutoff: number): void {
    this.expire.run(userId, cutoff);
    this.expireShown.run(userId, cutoff);
  }

  private enforceCap(userId: number): void {
    if (this.overCap.run({ user: userId, cap: this.cap }).changes > 0) this.shownBefore.run({ user: userId });
  }
}
