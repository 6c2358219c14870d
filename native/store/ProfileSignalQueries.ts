import type { Database, Statement } from 'better-sqlite3';

/** The queries knowledge/suggest/UserSignalReader ranks with: a user's decayed interests, per-document history and answered or shown suggestions. */
export class ProfileSignalQueries {
  readonly strongest: Statement<[{ user: number; now: number; half: number; limit: number }], { entityId: number; decayed: number }>;
  readonly rows: Statement<[{ user: number; ids: string; now: number; half: number }], { entityId: number; decayed: number; familiarity: number; asked: number; blocked: number }>;
  readonly perDocument: Statement<
    [{ user: number; ids: string; doc: string }],
    { entityId: number; documents: number; askedDocuments: number; askedHere: number; touchedHere: number }
  >;
  readonly answeredKeys: Statement<[{ user: number; keys: string }], { key: string; state: string }>;
  readonly shownKeys: Statement<[{ user: number; keys: string }], { key: string; times: number }>;

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
}
