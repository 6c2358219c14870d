import type { Database, Statement } from 'better-sqlite3';
import { LecternError } from '../api/errors.js';
import {
  LOW_OCR_CONFIDENCE,
  type DocumentDetail,
  type DocumentFormat,
  type DocumentStatus,
  type DocumentSummary,
  type Passage,
  type PageSpan,
  type SectionNode,
} from '../api/types.js';
import type { StructuredDocument } from '../model/documentModel.js';
import { INGEST_VERSION } from '../model/ingestVersion.js';
import type { DocumentEntities } from '../model/entityModel.js';
import { EntityWriter } from './EntityWriter.js';
import { findQuote } from './findQuote.js';
import { AnnotationRepository, type ReanchorCounts } from './AnnotationRepository.js';

export interface NewDocument {
  sha256: string;
  sourcePath: string;
  format: DocumentFormat;
  bytes: number;
  status: DocumentStatus;
  structured: StructuredDocument;
  /** Stored in the document's transaction; null or absent leaves the document to entity back-fill. */
  entities?: DocumentEntities | null;
  /** Told when the entities could not be stored; the document is stored without them. */
  onEntitiesFailed?: (error: unknown) => void;
}

/** A new reading of a stored document's file (see DocumentRepository.replaceContent). */
export interface ReplacementContent {
  /** The content read; must still be the document's. */
  sha256: string;
  status: DocumentStatus;
  structured: StructuredDocument;
  /** Null or absent leaves the document to entity back-fill. */
  entities?: DocumentEntities | null;
  onEntitiesFailed?: (error: unknown) => void;
}

export interface ReplacedContent {
  summary: DocumentSummary;
  /** Citations found again in the new passages, and those whose quote is no longer there (kept, without a passage). */
  citations: { relocated: number; unlinked: number };
  /** Users' annotations found again in the new page texts (kept or moved), and those orphaned (kept, not drawn). */
  annotations: ReanchorCounts;
}

export interface OutdatedDocument {
  id: string;
  title: string;
  sourcePath: string;
  sha256: string;
  ingestVersion: number;
}

export interface StoredPage {
  number: number;
  width: number;
  height: number;
  text: string;
  geometry: Float32Array | null;
}

interface DocumentRow {
  id: string;
  sha256: string;
  title: string;
  source_path: string;
  format: DocumentFormat;
  pages: number;
  bytes: number;
  status: DocumentStatus;
  added_at: string;
  ocr_pages: number;
  fidelity: number | null;
  passages: number;
}

const SUMMARY_COLUMNS = `d.id, d.sha256, d.title, d.source_path, d.format, d.pages, d.bytes, d.status, d.added_at, d.ocr_pages, d.fidelity,
  (SELECT count(*) FROM passages p WHERE p.document_id = d.id) AS passages`;

/** Documents and everything hanging off them: pages, sections, passages and the search index. */
export class DocumentRepository {
  private readonly byId: Statement<[string], DocumentRow>;
  private readonly bySha: Statement<[string], { id: string }>;
  private readonly entityWriter: EntityWriter;
  /** Prepared on the first write and kept: preparing them for each document was a cost of every import. */
  private contentStatements: ContentStatements | null = null;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byId = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE d.id = ?`);
    this.bySha = db.prepare('SELECT id FROM documents WHERE sha256 = ?');
    this.entityWriter = new EntityWriter(db);
  }

  findIdBySha256(sha256: string): string | null {
    return this.bySha.get(sha256)?.id ?? null;
  }

  /** Where a document was imported from, and what that file held then (to tell it is still the same file). */
  source(id: string): { id: string; title: string; path: string; sha256: string; bytes: number } | null {
    const row = this.db.prepare('SELECT id, title, source_path, sha256, bytes FROM documents WHERE id = ?').get(id) as
      { id: string; title: string; source_path: string; sha256: string; bytes: number } | undefined;
    return row ? { id: row.id, title: row.title, path: row.source_path, sha256: row.sha256, bytes: row.bytes } : null;
  }

  /**
   * Stores a document with its pages, sections, passages, index entries and entities in
   * one transaction: a crash leaves either all of it or none of it. Content another writer
   * (another process on this library) stored first is not stored again: `duplicate` is then
   * true and `summary` is that document.
   */
  insert(doc: NewDocument): { summary: DocumentSummary; duplicate: boolean } {
    const { structured } = doc;
    const { id, duplicate } = this.db
      .transaction(() => {
        // Checked under the write lock: a check before it races another process's import of the same file.
        const existing = this.bySha.get(doc.sha256);
        if (existing) return { id: existing.id, duplicate: true };
        const id = this.freeId(doc.sha256);
        this.db
          .prepare(
            `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at, ingest_version, fidelity, ocr_pages, author, import_notes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            doc.sha256,
            structured.title,
            doc.sourcePath,
            doc.format,
            structured.pages.length,
            doc.bytes,
            doc.status,
            this.now().toISOString(),
            INGEST_VERSION,
            structured.fidelity ?? null,
            structured.pages.filter((p) => (p.textLayer ?? 'ok') !== 'ok').length,
            structured.author ?? null,
            importNotesColumn(structured),
          );
        this.writeContent(id, structured, doc.entities ?? null, doc.onEntitiesFailed);
        return { id, duplicate: false };
      })
      .immediate();
    return { summary: this.summary(id)!, duplicate };
  }

  /**
   * Writes a document's pages, sections, passages (with their spans and index entries) and
   * entities; the caller holds the transaction. Returns the new passages' ids, in order.
   */
  private writeContent(id: string, structured: StructuredDocument, entities: DocumentEntities | null, onEntitiesFailed?: (error: unknown) => void): number[] {
    const write = (this.contentStatements ??= prepareContentStatements(this.db));
    for (const p of structured.pages) {
      const geometry = p.geometry ? Buffer.from(p.geometry.buffer, p.geometry.byteOffset, p.geometry.byteLength) : null;
      write.page.run(id, p.number, p.width, p.height, p.text, geometry, p.fidelity ?? null, p.textLayer ?? 'ok', p.ocrConfidence ?? null);
    }
    const sectionIds: number[] = [];
    for (const s of structured.sections) {
      const parent = s.parent === null ? null : sectionIds[s.parent]!;
      sectionIds.push(Number(write.section.run(id, parent, s.level, s.title, s.page, s.index).lastInsertRowid));
    }
    const passageIds: number[] = [];
    structured.passages.forEach((p, ord) => {
      const section = p.section === null ? null : sectionIds[p.section]!;
      const passageId = Number(write.passage.run(id, section, ord, p.page, p.pageEnd, p.text, p.wordCount).lastInsertRowid);
      passageIds.push(passageId);
      p.spans.forEach((s, i) => write.span.run(passageId, i, s.page, s.charStart, s.charEnd));
    });
    if (passageIds.length > 0) write.index.run(passageIds[0]!, passageIds.at(-1)!);
    if (entities) {
      try {
        // A savepoint: entities that cannot be stored are left out, the document is not.
        this.db.transaction(() => this.entityWriter.write(id, passageIds, entities, this.now()))();
      } catch (error) {
        onEntitiesFailed?.(error);
      }
    }
    return passageIds;
  }

  /**
   * Removes a document and everything derived from it, with the entities only it named
   * (those a user profile holds stay).
   */
  /** Takes a document's passages out of the search index; deleting an entry needs the text and section title it was made from. */
  private unindexPassages(id: string): void {
    this.db
      .prepare(
        `INSERT INTO passage_search (passage_search, rowid, section_title, text)
         SELECT 'delete', s.id, s.section_title, s.text FROM passage_search_source s
         WHERE s.id IN (SELECT id FROM passages WHERE document_id = ?)`,
      )
      .run(id);
  }

  remove(id: string): void {
    const exists = this.byId.get(id);
    if (!exists) throw notFound(id);
    this.db
      .transaction(() => {
        const entityIds = this.entityWriter.entityIdsOf(id);
        this.unindexPassages(id);
        this.db.prepare('DELETE FROM passages WHERE document_id = ?').run(id);
        this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
        this.entityWriter.pruneOrphans(entityIds);
      })
      .immediate();
  }

  /**
   * Replaces what an older pipeline read of a document (pages, sections, passages, index
   * entries, entities) with a new reading, in one transaction, keeping the document itself:
   * its id, added_at, a title a person set, and everything that points at it (conversations,
   * profiles, events). Citations of its passages keep their quotes and are found again in the
   * new passages; one whose text is gone keeps its quote and page, without a passage.
   * Returns null, changing nothing, when the document is gone or its file's content differs
   * from `sha256` (it changed while being read).
   */
  replaceContent(id: string, content: ReplacementContent): ReplacedContent | null {
    const { structured } = content;
    const citations = { relocated: 0, unlinked: 0 };
    let annotations: ReanchorCounts = { kept: 0, moved: 0, orphaned: 0 };
    const replaced = this.db
      .transaction(() => {
        const row = this.db.prepare<[string], { sha256: string }>('SELECT sha256 FROM documents WHERE id = ?').get(id);
        if (!row || row.sha256 !== content.sha256) return false;
        const cited = this.db
          .prepare<[string, string], { id: number; quote: string; page: number | null }>(
            `SELECT id, quote, page FROM citations
           WHERE document_id = ? OR passage_id IN (SELECT id FROM passages WHERE document_id = ?)`,
          )
          .all(id, id);
        const entityIds = this.entityWriter.clear(id);
        // The index entries go first: deleting one needs the text and section title it was made from.
        this.unindexPassages(id);
        this.db.prepare('DELETE FROM passages WHERE document_id = ?').run(id);
        this.db.prepare('DELETE FROM sections WHERE document_id = ?').run(id);
        this.db.prepare('DELETE FROM pages WHERE document_id = ?').run(id);
        this.db
          .prepare(
            `UPDATE documents SET title = CASE WHEN title_by_user = 1 THEN title ELSE ? END, pages = ?, status = ?,
             ingest_version = ?, fidelity = ?, ocr_pages = ?, author = ?, import_notes = ? WHERE id = ?`,
          )
          .run(
            structured.title,
            structured.pages.length,
            content.status,
            INGEST_VERSION,
            structured.fidelity ?? null,
            structured.pages.filter((p) => (p.textLayer ?? 'ok') !== 'ok').length,
            structured.author ?? null,
            importNotesColumn(structured),
            id,
          );
        const passageIds = this.writeContent(id, structured, content.entities ?? null, content.onEntitiesFailed);
        this.entityWriter.pruneOrphans(entityIds);
        const quotable = structured.passages.map((p, i) => ({ id: passageIds[i]!, page: p.page, text: p.text, spans: p.spans }));
        const relink = this.db.prepare('UPDATE citations SET passage_id = ?, document_id = ?, page = ?, char_start = ?, char_end = ? WHERE id = ?');
        for (const c of cited) {
          const found = findQuote(quotable, c.quote);
          if (found) citations.relocated++;
          else citations.unlinked++;
          if (found) relink.run(found.passageId, id, found.page, found.charStart, found.charEnd, c.id);
          else relink.run(null, id, c.page, null, null, c.id);
        }
        // Annotations are anchored to page texts, which were just replaced.
        annotations = new AnnotationRepository(this.db).reanchorDocument(id);
        return true;
      })
      .immediate();
    return replaced ? { summary: this.summary(id)!, citations, annotations } : null;
  }

  /** Documents read by a pipeline older than `version`, oldest import first. */
  outdated(version: number): OutdatedDocument[] {
    return this.db
      .prepare<[number], { id: string; title: string; source_path: string; sha256: string; ingest_version: number }>(
        'SELECT id, title, source_path, sha256, ingest_version FROM documents WHERE ingest_version < ? ORDER BY added_at, id',
      )
      .all(version)
      .map((r) => ({ id: r.id, title: r.title, sourcePath: r.source_path, sha256: r.sha256, ingestVersion: r.ingest_version }));
  }

  /** Sets a title chosen by a person (already trimmed and checked by the contract) and marks it so a re-read keeps it. */
  rename(id: string, title: string): DocumentSummary {
    const changed = this.db.prepare('UPDATE documents SET title = ?, title_by_user = 1 WHERE id = ?').run(title, id).changes;
    if (changed === 0) throw notFound(id);
    return this.summary(id)!;
  }

  list(): DocumentSummary[] {
    return this.db.prepare<[], DocumentRow>(`SELECT ${SUMMARY_COLUMNS} FROM documents d ORDER BY d.added_at, d.id`).all().map(toSummary);
  }

  summary(id: string): DocumentSummary | null {
    const row = this.byId.get(id);
    return row ? toSummary(row) : null;
  }

  /** Metadata plus the section tree. */
  detail(id: string): DocumentDetail {
    const row = this.byId.get(id);
    if (!row) throw notFound(id);
    const rows = this.db
      .prepare<[string], { id: number; parent_id: number | null; level: number; title: string; page: number }>(
        'SELECT id, parent_id, level, title, page FROM sections WHERE document_id = ? ORDER BY ord',
      )
      .all(id);
    const nodes = new Map<number, SectionNode>();
    const roots: SectionNode[] = [];
    for (const r of rows) {
      const node: SectionNode = { id: r.id, title: r.title, level: r.level, page: r.page, children: [] };
      nodes.set(r.id, node);
      const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
      (parent ? parent.children : roots).push(node);
    }
    const about = this.db.prepare<[string], { author: string | null; import_notes: string | null }>('SELECT author, import_notes FROM documents WHERE id = ?').get(id);
    const lowConfidencePages = this.db
      .prepare<[string, number], { number: number }>('SELECT number FROM pages WHERE document_id = ? AND ocr_confidence < ? ORDER BY number')
      .all(id, LOW_OCR_CONFIDENCE)
      .map((r) => r.number);
    return {
      ...toSummary(row),
      sha256: row.sha256,
      sections: roots,
      author: about?.author ?? null,
      importNotes: about?.import_notes ? about.import_notes.split('\n') : [],
      lowConfidencePages,
    };
  }

  /** Every passage of a document, in reading order. */
  passages(id: string): Passage[] {
    if (!this.byId.get(id)) throw notFound(id);
    return this.passagesWhere('p.document_id = ?', [id]);
  }

  /** Passages by id, in the order asked; unknown ids are skipped. */
  passagesById(ids: readonly number[]): Passage[] {
    if (ids.length === 0) return [];
    const found = this.passagesWhere(`p.id IN (${ids.map(() => '?').join(',')})`, ids);
    const byId = new Map(found.map((p) => [p.id, p]));
    return ids.map((i) => byId.get(i)).filter((p): p is Passage => p !== undefined);
  }

  /** Characters of passage text in these documents. */
  textLength(ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return (this.db.prepare(`SELECT coalesce(sum(length(text)), 0) AS n FROM passages WHERE document_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number }).n;
  }

  page(documentId: string, number: number): StoredPage | null {
    const row = this.db
      .prepare<[string, number], { number: number; width: number; height: number; text: string; geometry: Buffer | null }>(
        'SELECT number, width, height, text, geometry FROM pages WHERE document_id = ? AND number = ?',
      )
      .get(documentId, number);
    if (!row) return null;
    const geometry = row.geometry ? new Float32Array(row.geometry.buffer.slice(row.geometry.byteOffset, row.geometry.byteOffset + row.geometry.byteLength)) : null;
    return { number: row.number, width: row.width, height: row.height, text: row.text, geometry };
  }

  private passagesWhere(where: string, params: readonly unknown[]): Passage[] {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.document_id, p.section_id, s.title AS section, p.ord, p.page_start, p.page_end, p.text, p.word_count,
                (SELECT group_concat(sp.page || ':' || sp.char_start || ':' || sp.char_end, ';')
                   FROM (SELECT * FROM passage_spans WHERE passage_id = p.id ORDER BY ord) sp) AS spans
         FROM passages p LEFT JOIN sections s ON s.id = p.section_id
         WHERE ${where} ORDER BY p.document_id, p.ord`,
      )
      .all(...params) as Array<{
      id: number;
      document_id: string;
      section_id: number | null;
      section: string | null;
      ord: number;
      page_start: number;
      page_end: number;
      text: string;
      word_count: number;
      spans: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      documentId: r.document_id,
      sectionId: r.section_id,
      section: r.section,
      order: r.ord,
      page: r.page_start,
      pageEnd: r.page_end,
      text: r.text,
      wordCount: r.word_count,
      spans: parseSpans(r.spans),
    }));
  }

  /** Ids are the sha256's first 12 hex digits, longer only on the (astronomically rare) clash. */
  private freeId(sha256: string): string {
    for (let n = 12; n <= 64; n += 4) {
      const id = sha256.slice(0, n);
      if (!this.byId.get(id)) return id;
    }
    throw new LecternError('INTERNAL', 'Could not assign a document id.');
  }
}

interface ContentStatements {
  page: Statement<[string, number, number, number, string, Buffer | null, number | null, string, number | null]>;
  section: Statement<[string, number | null, number, string, number, number]>;
  passage: Statement<[string, number | null, number, number, number, string, number]>;
  span: Statement<[number, number, number, number, number]>;
  /** Indexes the passages with ids in [first, last]. */
  index: Statement<[number, number]>;
}

function prepareContentStatements(db: Database): ContentStatements {
  return {
    page: db.prepare('INSERT INTO pages (document_id, number, width, height, text, geometry, fidelity, text_layer, ocr_confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    section: db.prepare('INSERT INTO sections (document_id, parent_id, level, title, page, ord) VALUES (?, ?, ?, ?, ?, ?)'),
    passage: db.prepare('INSERT INTO passages (document_id, section_id, ord, page_start, page_end, text, word_count) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    span: db.prepare('INSERT INTO passage_spans (passage_id, ord, page, char_start, char_end) VALUES (?, ?, ?, ?, ?)'),
    index: db.prepare('INSERT INTO passage_search (rowid, section_title, text) SELECT id, section_title, text FROM passage_search_source WHERE id BETWEEN ? AND ?'),
  };
}

function parseSpans(spans: string | null): PageSpan[] {
  if (!spans) return [];
  return spans.split(';').map((s) => {
    const [page, start, end] = s.split(':').map(Number);
    return { page: page!, charStart: start!, charEnd: end! };
  });
}

/** One note per line; null when there are none. */
function importNotesColumn(structured: StructuredDocument): string | null {
  const notes = (structured.importNotes ?? []).map((n) => n.replace(/\s+/g, ' ').trim()).filter((n) => n !== '');
  return notes.length > 0 ? notes.join('\n') : null;
}

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    path: row.source_path,
    format: row.format,
    pages: row.pages,
    passages: row.passages,
    bytes: row.bytes,
    status: row.status,
    addedAt: row.added_at,
    ocrPages: row.ocr_pages,
    fidelity: row.fidelity,
  };
}

export function notFound(id: string): LecternError {
  return new LecternError('DOCUMENT_NOT_FOUND', `No document with id "${id}" in this library; it may have been removed.`);
}
