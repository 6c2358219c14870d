import type { Database, Statement } from 'better-sqlite3';
import type { EntityKind } from '../api/types.js';

/** A user's aggregate of one entity, as the profile aggregates update it. */
export interface AggregateRow {
  entityId: number;
  interest: number;
  interestAt: number;
  familiarity: number;
  blocked: number;
}

/** A user's aggregate of one entity with the entity's name, as the profile page shows it. */
export interface UserEntityRow {
  entityId: number;
  entity: string;
  kind: EntityKind;
  interest: number;
  interestAt: number;
  familiarity: number;
  asked: number;
  lastSeen: number;
  blocked: number;
}

/** `user_entities` and `user_entity_documents`: what each user is interested in and familiar with, overall and per document. */
export class UserEntityRepository {
  private readonly read: Statement<[number, string], AggregateRow>;
  private readonly upsert: Statement<[number, number, number, number, number, number, number]>;
  private readonly touch: Statement<[number, number, string, number, number, number]>;
  private readonly rowsOf: Statement<[number], UserEntityRow>;
  private readonly countOf: Statement<[number], { n: number }>;

  constructor(private readonly db: Database) {
    this.read = db.prepare(`
      SELECT entity_id AS entityId, interest, interest_at AS interestAt, familiarity, blocked
      FROM user_entities WHERE user_id = ? AND entity_id IN (SELECT value FROM json_each(?))`);
    this.upsert = db.prepare(`
      INSERT INTO user_entities (user_id, entity_id, interest, interest_at, familiarity, asked, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, entity_id) DO UPDATE SET
        interest = excluded.interest, interest_at = excluded.interest_at, familiarity = excluded.familiarity,
        asked = asked + excluded.asked, last_seen = excluded.last_seen`);
    this.touch = db.prepare(`
      INSERT INTO user_entity_documents (user_id, entity_id, document_id, asked, touched, last_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, entity_id, document_id) DO UPDATE SET
        asked = asked + excluded.asked, touched = touched + excluded.touched, last_at = excluded.last_at`);
    this.rowsOf = db.prepare(`
      SELECT u.entity_id AS entityId, e.name AS entity, e.kind, u.interest, u.interest_at AS interestAt, u.familiarity, u.asked, u.last_seen AS lastSeen, u.blocked
      FROM user_entities u JOIN entities e ON e.id = u.entity_id WHERE u.user_id = ? ORDER BY u.entity_id`);
    this.countOf = db.prepare('SELECT count(*) AS n FROM user_entities WHERE user_id = ?');
  }

  /** The user's rows of these entities (absent: never met). */
  aggregates(userId: number, entityIds: readonly number[]): AggregateRow[] {
    return this.read.all(userId, JSON.stringify(entityIds));
  }

  /** Stores an entity's new interest and familiarity; `asked` is added to the count. */
  save(userId: number, entityId: number, interest: number, interestAt: number, familiarity: number, asked: number, lastSeen: number): void {
    this.upsert.run(userId, entityId, interest, interestAt, familiarity, asked, lastSeen);
  }

  /** Counts a visit (and a question, `asked` 1) to an entity in one document. */
  touchDocument(userId: number, entityId: number, documentId: string, asked: number, touched: number, at: number): void {
    this.touch.run(userId, entityId, documentId, asked, touched, at);
  }

  /** All of a user's rows, with the entities' names, by entity id. */
  list(userId: number): UserEntityRow[] {
    return this.rowsOf.all(userId);
  }

  count(userId: number): number {
    return this.countOf.get(userId)!.n;
  }

  /** Zeroes and blocks an entity for a user and drops its per-document counts; run it in a transaction. */
  block(userId: number, entityId: number, now: number): void {
    this.db
      .prepare(
        `
        INSERT INTO user_entities (user_id, entity_id, interest, interest_at, familiarity, asked, last_seen, blocked) VALUES (@user, @entity, 0, @now, 0, 0, @now, 1)
        ON CONFLICT (user_id, entity_id) DO UPDATE SET interest = 0, interest_at = @now, familiarity = 0, asked = 0, blocked = 1`,
      )
      .run({ user: userId, entity: entityId, now });
    this.db.prepare('DELETE FROM user_entity_documents WHERE user_id = ? AND entity_id = ?').run(userId, entityId);
  }
}
