import type { Database, Statement } from 'better-sqlite3';

/** `suggestion_feedback` and `shown_suggestions`: which suggestions a user accepted or dismissed, and which were shown, about what. */
export class SuggestionFeedbackRepository {
  private readonly upsertFeedback: Statement<[number, string | null, string, number]>;
  private readonly feedbackOf: Statement<[number], { suggestionKey: string; state: 'accepted' | 'dismissed'; at: number }>;
  private readonly upsertShown: Statement<[number, string, string | null, string, string, number]>;
  private readonly lastShownAt: Statement<[number, string], { lastAt: number }>;
  private readonly shownEntities: Statement<[number, string], { entityIds: string }>;

  constructor(db: Database) {
    this.upsertFeedback = db.prepare(`
          INSERT INTO suggestion_feedback (user_id, suggestion_key, state, at) VALUES (?, ?, ?, ?)
          ON CONFLICT (user_id, suggestion_key) DO UPDATE SET state = excluded.state, at = excluded.at`);
    this.feedbackOf = db.prepare(`SELECT suggestion_key AS suggestionKey, state, at FROM suggestion_feedback WHERE user_id = ? ORDER BY at`);
    this.upsertShown = db.prepare(`
      INSERT INTO shown_suggestions (user_id, suggestion_key, document_id, text, entity_ids, times, last_at) VALUES (?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT (user_id, suggestion_key) DO UPDATE SET text = excluded.text, entity_ids = excluded.entity_ids, times = times + 1, last_at = excluded.last_at`);
    this.lastShownAt = db.prepare('SELECT last_at AS lastAt FROM shown_suggestions WHERE user_id = ? AND suggestion_key = ?');
    this.shownEntities = db.prepare('SELECT entity_ids AS entityIds FROM shown_suggestions WHERE user_id = ? AND suggestion_key = ?');
  }

  /** Records (or replaces) the user's answer to a suggestion. */
  setFeedback(userId: number, key: string | null, state: 'accepted' | 'dismissed', at: number): void {
    this.upsertFeedback.run(userId, key, state, at);
  }

  /** The user's feedback, oldest first. */
  feedback(userId: number): Array<{ suggestionKey: string; state: 'accepted' | 'dismissed'; at: number }> {
    return this.feedbackOf.all(userId);
  }

  /** Remembers a suggestion as shown (once more), with the entities it is about. */
  rememberShown(userId: number, key: string, documentId: string | null, text: string, entityIds: readonly number[], at: number): void {
    this.upsertShown.run(userId, key, documentId, text, JSON.stringify(entityIds), at);
  }

  /** When the suggestion was last shown to the user; undefined if never. */
  lastShown(userId: number, key: string): { lastAt: number } | undefined {
    return this.lastShownAt.get(userId, key);
  }

  /** The entities a shown suggestion is about; undefined if it was never shown. */
  entitiesOfShown(userId: number, key: string): number[] | undefined {
    const row = this.shownEntities.get(userId, key);
    return row ? (JSON.parse(row.entityIds) as number[]) : undefined;
  }
}
