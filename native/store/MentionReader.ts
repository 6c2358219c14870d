import type { Database, Statement } from 'better-sqlite3';

/** An entity and how strongly a place (document, page, passage) is about it, in (0, 1]. */
export interface WeightedEntity {
  entityId: number;
  weight: number;
}

/** Which entities a document, a page or a passage is most about, from `document_entities` and `mentions`. */
export class MentionReader {
  private readonly salient: Statement<[string, number], WeightedEntity>;
  private readonly onPage: Statement<[{ doc: string; page: number; limit: number }], WeightedEntity>;
  private readonly inPassage: Statement<[number, number], WeightedEntity>;
  private readonly passageDocument: Statement<[number], { documentId: string }>;
  private readonly document: Statement<[string]>;

  constructor(db: Database) {
    this.salient = db.prepare(`
      SELECT entity_id AS entityId, salience / max(salience) OVER () AS weight
      FROM document_entities WHERE document_id = ? ORDER BY salience DESC, entity_id LIMIT ?`);
    this.onPage = db.prepare(`
      WITH counts AS (
        SELECT m.entity_id, sum(m.count) AS n
        FROM passages p JOIN mentions m ON m.passage_id = p.id
        WHERE p.document_id = @doc AND p.page_start <= @page AND p.page_end >= @page
        GROUP BY m.entity_id
      )
      SELECT entity_id AS entityId, CAST(n AS REAL) / max(n) OVER () AS weight FROM counts ORDER BY n DESC, entity_id LIMIT @limit`);
    this.inPassage = db.prepare(`
      SELECT entity_id AS entityId, CAST(count AS REAL) / max(count) OVER () AS weight
      FROM mentions WHERE passage_id = ? ORDER BY count DESC, entity_id LIMIT ?`);
    this.passageDocument = db.prepare('SELECT document_id AS documentId FROM passages WHERE id = ?');
    this.document = db.prepare('SELECT 1 FROM documents WHERE id = ?');
  }

  /** A document's `limit` most salient entities, the first weighing 1. */
  salientIn(documentId: string, limit: number): WeightedEntity[] {
    return this.salient.all(documentId, limit);
  }

  /** The `limit` entities mentioned most on a page, the first weighing 1. */
  mentionedOnPage(documentId: string, page: number, limit: number): WeightedEntity[] {
    return this.onPage.all({ doc: documentId, page, limit });
  }

  /** The `limit` entities mentioned most in a passage, the first weighing 1. */
  mentionedInPassage(passageId: number, limit: number): WeightedEntity[] {
    return this.inPassage.all(passageId, limit);
  }

  /** The document a passage belongs to; null for an unknown passage. */
  documentOfPassage(passageId: number): string | null {
    return this.passageDocument.get(passageId)?.documentId ?? null;
  }

  documentExists(documentId: string): boolean {
    return this.document.get(documentId) !== undefined;
  }
}
