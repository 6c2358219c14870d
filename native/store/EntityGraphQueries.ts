import type { Database, Statement } from 'better-sqlite3';

/** The queries knowledge/suggest/InterestProjector walks the library's entity graph with: the documents of an entity, and entities' keys. */
export class EntityGraphQueries {
  readonly documentsOf: Statement<[number, number], { documentId: string }>;
  readonly documentCount: Statement<[], { n: number }>;
  readonly keysOf: Statement<[string], { id: number; key: string }>;

  constructor(db: Database) {
    this.documentsOf = db.prepare('SELECT document_id AS documentId FROM document_entities WHERE entity_id = ? LIMIT ?');
    this.documentCount = db.prepare('SELECT count(*) AS n FROM entity_extraction');
    this.keysOf = db.prepare('SELECT id, key FROM entities WHERE id IN (SELECT value FROM json_each(?))');
  }
}
