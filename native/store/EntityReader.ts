import type { Database } from 'better-sqlite3';
import type { EntityKind } from '../api/types.js';
import type { EntitySourceDocument } from '../model/entityModel.js';
import { readEntitySource } from './readEntitySource.js';

/** A term a document defines (or uses), with the passage that defines it. */
export interface DefinedTermRow {
  entity_id: number;
  name: string;
  aliases: string;
  mentions: number;
  definition: string | null;
  definition_passage_id: number | null;
  page: number | null;
  ord: number | null;
  text: string | null;
}

/**
 * Reads the library's entity graph (written by EntityWriter at ingest) for knowledge/EntityStore:
 * a document's terms and entities, and what back-fill needs.
 */
export class EntityReader {
  constructor(private readonly db: Database) {}

  documentExists(documentId: string): boolean {
    return this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId) !== undefined;
  }

  documentCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  /** The terms of a document, with where each is defined. */
  terms(documentId: string): DefinedTermRow[] {
    return this.db
      .prepare<[string], DefinedTermRow>(
        `SELECT de.entity_id, de.name, de.aliases, de.mentions, de.definition, de.definition_passage_id, p.page_start AS page, p.ord, p.text
         FROM document_entities de
         JOIN entities e ON e.id = de.entity_id
         LEFT JOIN passages p ON p.id = de.definition_passage_id
         WHERE de.document_id = ? AND e.kind = 'term'`,
      )
      .all(documentId);
  }

  /** Every passage of a document that mentions a term, in document order. */
  termUses(documentId: string): Array<{ entity_id: number; passage_id: number; count: number; page: number; ord: number }> {
    return this.db
      .prepare<[string], { entity_id: number; passage_id: number; count: number; page: number; ord: number }>(
        `SELECT m.entity_id, m.passage_id, m.count, p.page_start AS page, p.ord
         FROM passages p
         JOIN mentions m ON m.passage_id = p.id
         JOIN entities e ON e.id = m.entity_id
         WHERE p.document_id = ? AND e.kind = 'term'
         ORDER BY p.ord`,
      )
      .all(documentId);
  }

  /** A document's entities with their salience in it and `df`, the documents of the library that name them. */
  documentEntities(documentId: string): Array<{ id: number; kind: EntityKind; name: string; mentions: number; salience: number; df: number }> {
    return this.db
      .prepare<[string], { id: number; kind: EntityKind; name: string; mentions: number; salience: number; df: number }>(
        `SELECT e.id, e.kind, de.name, de.mentions, de.salience, ${DF} AS df
           FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.document_id = ?`,
      )
      .all(documentId);
  }

  /** The entities mentioned on one page of a document, with their mentions there and `df`. */
  pageEntities(documentId: string, page: number): Array<{ id: number; kind: EntityKind; name: string; mentions: number; df: number }> {
    return this.db
      .prepare<[{ document: string; page: number }], { id: number; kind: EntityKind; name: string; mentions: number; df: number }>(
        `SELECT e.id, e.kind, de.name, on_page.mentions, ${DF} AS df
           FROM (SELECT m.entity_id, sum(m.count) AS mentions
                 FROM passages p JOIN mentions m ON m.passage_id = p.id
                 WHERE p.document_id = @document AND p.page_start <= @page AND p.page_end >= @page
                 GROUP BY m.entity_id) on_page
           JOIN entities e ON e.id = on_page.entity_id
           JOIN document_entities de ON de.entity_id = e.id AND de.document_id = @document`,
      )
      .all({ document: documentId, page });
  }

  /** Documents whose entities were never extracted, or by an extractor older than `version`; oldest first. */
  pendingExtraction(version: number): string[] {
    return this.db
      .prepare<[number], { id: string }>(
        `SELECT d.id FROM documents d LEFT JOIN entity_extraction x ON x.document_id = d.id
         WHERE x.document_id IS NULL OR x.version < ? ORDER BY d.added_at, d.id`,
      )
      .all(version)
      .map((r) => r.id);
  }

  /** How many passages a document has, and the first one's id: whether it changed since it was read. */
  passageStats(documentId: string): { n: number; first: number | null } {
    return this.db.prepare<[string], { n: number; first: number | null }>('SELECT count(*) AS n, min(id) AS first FROM passages WHERE document_id = ?').get(documentId)!;
  }

  /** A stored document in the shape extraction reads (see readEntitySource). */
  source(documentId: string): { source: EntitySourceDocument; passageIds: number[] } | null {
    return readEntitySource(this.db, documentId);
  }
}

const DF = `(SELECT count(*) FROM document_entities x WHERE x.entity_id = e.id)`;
