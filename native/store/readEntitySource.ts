import type { Database } from 'better-sqlite3';
import type { EntitySourceDocument } from '../model/entityModel.js';

/**
 * A stored document read back in the shape extraction reads at ingest, with the id of
 * each passage, so back-fill finds exactly what ingest would have. Null if it is not there.
 */
export function readEntitySource(db: Database, documentId: string): { source: EntitySourceDocument; passageIds: number[] } | null {
  const doc = db.prepare<[string], { title: string }>('SELECT title FROM documents WHERE id = ?').get(documentId);
  if (!doc) return null;
  const sectionRows = db
    .prepare<[string], { id: number; parent_id: number | null; title: string; page: number }>('SELECT id, parent_id, title, page FROM sections WHERE document_id = ? ORDER BY ord')
    .all(documentId);
  const sectionIndex = new Map(sectionRows.map((s, i) => [s.id, i]));
  const sections = sectionRows.map((s) => ({ title: s.title, page: s.page, parent: s.parent_id === null ? null : (sectionIndex.get(s.parent_id) ?? null) }));
  const passageRows = db
    .prepare<[string], { id: number; section_id: number | null; page_start: number; text: string }>(
      'SELECT id, section_id, page_start, text FROM passages WHERE document_id = ? ORDER BY ord',
    )
    .all(documentId);
  const passages = passageRows.map((p) => ({ text: p.text, page: p.page_start, section: p.section_id === null ? null : (sectionIndex.get(p.section_id) ?? null) }));
  return { source: { title: doc.title, sections, passages }, passageIds: passageRows.map((p) => p.id) };
}
