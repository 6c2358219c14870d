import type { Database, Statement } from 'better-sqlite3';
import type { EntityKind } from '../api/types.js';

/** An entity whose name matched what was typed. */
export interface EntityMatch {
  entityId: number;
  kind: EntityKind;
  name: string;
  df: number;
  inDocument: number;
}

/** Entity rows looked at per keystroke at most, before ranking. */
const MAX_MATCHES = 200;
const PAST_QUESTIONS = 5;

/** The queries knowledge/suggest/Autocompleter completes the search box with: entity keys by prefix and by word, and past questions and searches. */
export class CompletionQueries {
  readonly byKey: Statement<[{ doc: string; a: string; aEnd: string; b: string; bEnd: string }], EntityMatch>;
  readonly byWord: Statement<[{ doc: string; pattern: string }], EntityMatch>;
  readonly past: Statement<[number, string], { text: string; type: string; at: number }>;
  readonly documentCount: Statement<[], { n: number }>;
  readonly kindOf: Statement<[number], { kind: EntityKind }>;

  constructor(db: Database) {
    const select = `SELECT e.id AS entityId, e.kind, e.name,
        (SELECT count(*) FROM document_entities d WHERE d.entity_id = e.id) AS df,
        EXISTS (SELECT 1 FROM document_entities d WHERE d.entity_id = e.id AND d.document_id = @doc) AS inDocument
      FROM entities e`;
    // Key ranges use the indexes on entities.key and entity_aliases.key.
    this.byKey = db.prepare(`${select} WHERE e.id IN (
        SELECT id FROM entities WHERE (key >= @a AND key < @aEnd) OR (key >= @b AND key < @bEnd)
        UNION SELECT entity_id FROM entity_aliases WHERE (key >= @a AND key < @aEnd) OR (key >= @b AND key < @bEnd)
        LIMIT ${MAX_MATCHES})`);
    this.byWord = db.prepare(`${select} WHERE e.id IN (SELECT id FROM entities WHERE key LIKE @pattern ESCAPE '\\' LIMIT ${MAX_MATCHES})`);
    this.past = db.prepare(`
      SELECT text, type, max(at) AS at FROM events
      WHERE user_id = ? AND type IN ('question', 'search') AND text LIKE ? ESCAPE '\\'
      GROUP BY lower(text) ORDER BY at DESC LIMIT ${PAST_QUESTIONS}`);
    this.documentCount = db.prepare('SELECT count(*) AS n FROM documents');
    this.kindOf = db.prepare('SELECT kind FROM entities WHERE id = ?');
  }
}
