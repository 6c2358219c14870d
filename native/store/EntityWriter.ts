import type { Database, Statement } from 'better-sqlite3';
import type { DocumentEntities } from '../model/entityModel.js';

/**
 * Writes a document's entities into the library's entity graph, and takes them out
 * again. Callers run it inside their own transaction, so a document and its entities
 * are stored together or not at all.
 */
export class EntityWriter {
  private readonly findEntity: Statement<[string, string], { id: number }>;
  private readonly insertEntity: Statement<[string, string, string]>;
  private readonly insertAlias: Statement<[string, number]>;
  private readonly insertDocumentEntity: Statement<[string, number, string, string, number, number, string | null, number | null]>;
  private readonly insertMention: Statement<[number, number, number]>;
  private readonly markExtracted: Statement<[string, number, string]>;
  private readonly entitiesOf: Statement<[string], { entity_id: number }>;

  constructor(private readonly db: Database) {
    this.findEntity = db.prepare('SELECT id FROM entities WHERE kind = ? AND key = ?');
    this.insertEntity = db.prepare('INSERT INTO entities (kind, key, name) VALUES (?, ?, ?)');
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO entity_aliases (key, entity_id) VALUES (?, ?)');
    this.insertDocumentEntity = db.prepare(`INSERT INTO document_entities
      (document_id, entity_id, name, aliases, mentions, salience, definition, definition_passage_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMention = db.prepare('INSERT INTO mentions (passage_id, entity_id, count) VALUES (?, ?, ?)');
    this.markExtracted = db.prepare(`INSERT INTO entity_extraction (document_id, version, extracted_at) VALUES (?, ?, ?)
      ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, extracted_at = excluded.extracted_at`);
    this.entitiesOf = db.prepare('SELECT entity_id FROM document_entities WHERE document_id = ?');
  }

  /**
   * Stores the entities of a document that has none yet, and records which extractor read
   * it. `passageIds[i]` is the id of the document's passage i. Returns the entities stored.
   */
  write(documentId: string, passageIds: readonly number[], extracted: DocumentEntities, now: Date): number {
    for (const e of extracted.entities) {
      let entityId = this.findEntity.get(e.kind, e.key)?.id;
      // The first document to name an entity names it for the library.
      if (entityId === undefined) entityId = Number(this.insertEntity.run(e.kind, e.key, e.name).lastInsertRowid);
      for (const alias of e.aliasKeys) this.insertAlias.run(alias, entityId);
      const definitionPassage = e.definitionPassage === null ? null : (passageIds[e.definitionPassage] ?? null);
      this.insertDocumentEntity.run(documentId, entityId, e.name, JSON.stringify(e.aliases), e.totalMentions, e.salience, e.definition, definitionPassage);
      for (const [passage, count] of e.mentions) {
        const passageId = passageIds[passage];
        if (passageId !== undefined) this.insertMention.run(passageId, entityId, count);
      }
    }
    this.markExtracted.run(documentId, extracted.version, now.toISOString());
    return extracted.entities.length;
  }

  /** Removes what a document says of entities (before extracting it again); returns the entities it named. */
  clear(documentId: string): number[] {
    const ids = this.entitiesOf.all(documentId).map((r) => r.entity_id);
    this.db.prepare('DELETE FROM mentions WHERE passage_id IN (SELECT id FROM passages WHERE document_id = ?)').run(documentId);
    this.db.prepare('DELETE FROM document_entities WHERE document_id = ?').run(documentId);
    this.db.prepare('DELETE FROM entity_extraction WHERE document_id = ?').run(documentId);
    return ids;
  }

  /** The entities a document names, to prune after it is removed. */
  entityIdsOf(documentId: string): number[] {
    return this.entitiesOf.all(documentId).map((r) => r.entity_id);
  }

  /**
   * Deletes those of `ids` that no document names any more and no user profile holds: a
   * person's interests outlive the documents they came from. Returns how many were deleted.
   */
  pruneOrphans(ids: readonly number[]): number {
    if (ids.length === 0) return 0;
    return this.db
      .prepare(
        `DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?))
                  AND NOT EXISTS (SELECT 1 FROM document_entities d WHERE d.entity_id = entities.id)
                  AND NOT EXISTS (SELECT 1 FROM user_entities u WHERE u.entity_id = entities.id)`,
      )
      .run(JSON.stringify(ids)).changes;
  }
}
