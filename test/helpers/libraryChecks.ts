/**
 * Whole-library invariants, checked straight on the SQLite file: every document
 * is complete (or absent), and the full-text index matches the passages.
 */
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';

export interface RowCounts {
  documents: number;
  pages: number;
  sections: number;
  passages: number;
  spans: number;
  /** Distinct terms in the full-text index itself (not the content view). */
  indexTerms: number;
}

export function rowCounts(db: Database): RowCounts {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    documents: n('SELECT count(*) AS n FROM documents'),
    pages: n('SELECT count(*) AS n FROM pages'),
    sections: n('SELECT count(*) AS n FROM sections'),
    passages: n('SELECT count(*) AS n FROM passages'),
    spans: n('SELECT count(*) AS n FROM passage_spans'),
    indexTerms: n('SELECT count(*) AS n FROM passage_search_terms'),
  };
}

/** Rows that belong to one document, table by table. */
export function rowCountsOf(db: Database, documentId: string): Omit<RowCounts, 'indexTerms'> {
  const n = (sql: string) => (db.prepare(sql).get(documentId) as { n: number }).n;
  return {
    documents: n('SELECT count(*) AS n FROM documents WHERE id = ?'),
    pages: n('SELECT count(*) AS n FROM pages WHERE document_id = ?'),
    sections: n('SELECT count(*) AS n FROM sections WHERE document_id = ?'),
    passages: n('SELECT count(*) AS n FROM passages WHERE document_id = ?'),
    spans: n('SELECT count(*) AS n FROM passage_spans WHERE passage_id IN (SELECT id FROM passages WHERE document_id = ?)'),
  };
}

export function assertLibraryEmpty(db: Database): void {
  assert.deepEqual(rowCounts(db), { documents: 0, pages: 0, sections: 0, passages: 0, spans: 0, indexTerms: 0 });
}

/**
 * Every document has all its pages, ingested ones have passages (needs-ocr ones none),
 * every passage has spans, nothing points at a missing row, and the FTS index agrees
 * with the passages it indexes.
 */
export function assertLibraryConsistent(db: Database): void {
  assert.deepEqual(db.pragma('foreign_key_check'), [], 'no rows point at missing parents');
  const docs = db
    .prepare(
      `SELECT d.id, d.status, d.pages,
                (SELECT count(*) FROM pages p WHERE p.document_id = d.id) AS page_rows,
                (SELECT count(*) FROM passages p WHERE p.document_id = d.id) AS passages
              FROM documents d`,
    )
    .all() as Array<{ id: string; status: string; pages: number; page_rows: number; passages: number }>;
  for (const d of docs) {
    assert.equal(d.page_rows, d.pages, `document ${d.id} has all ${d.pages} pages stored`);
    if (d.status === 'ingested') assert.ok(d.passages > 0, `ingested document ${d.id} has passages`);
    else assert.equal(d.passages, 0, `needs-ocr document ${d.id} has no passages`);
  }
  const orphans = (
    db
      .prepare(
        `SELECT
      (SELECT count(*) FROM pages WHERE document_id NOT IN (SELECT id FROM documents)) +
      (SELECT count(*) FROM sections WHERE document_id NOT IN (SELECT id FROM documents)) +
      (SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)) +
      (SELECT count(*) FROM passage_spans WHERE passage_id NOT IN (SELECT id FROM passages)) AS n`,
      )
      .get() as { n: number }
  ).n;
  assert.equal(orphans, 0, 'no rows outlive their document');
  const spanless = (db.prepare('SELECT count(*) AS n FROM passages p WHERE NOT EXISTS (SELECT 1 FROM passage_spans s WHERE s.passage_id = p.id)').get() as { n: number }).n;
  assert.equal(spanless, 0, 'every passage has spans');
  // With rank = 1, FTS5 also checks the index against the external content (the passages).
  assert.doesNotThrow(() => db.prepare("INSERT INTO passage_search (passage_search, rank) VALUES ('integrity-check', 1)").run(), 'the search index matches the passages');
}
