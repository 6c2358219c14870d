import type { Database, Statement } from 'better-sqlite3';

/**
 * Makes sure a clause concept's topic entity exists, so a question can teach interest in a
 * concept no document of the library has yet: when one arrives, extraction writes its topic
 * under the same kind and key, and so the same entity, which the profile already holds.
 */
export class ConceptEntityWriter {
  private readonly find: Statement<[string], { id: number }>;
  private readonly insert: Statement<[string, string]>;

  constructor(db: Database) {
    this.find = db.prepare("SELECT id FROM entities WHERE kind = 'topic' AND key = ?");
    this.insert = db.prepare("INSERT INTO entities (kind, key, name) VALUES ('topic', ?, ?)");
  }

  /** The topic entity of this key, created with `name` when the library has none. Call inside the event's transaction. */
  ensure(key: string, name: string): number {
    return this.find.get(key)?.id ?? Number(this.insert.run(key, name).lastInsertRowid);
  }
}
