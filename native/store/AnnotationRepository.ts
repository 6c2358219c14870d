import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Annotation, AnnotationAnchor, AnnotationColor, AnnotationKind, SavedAnswer } from '../api/annotationTypes.js';
import type { PageSpan, Rect } from '../api/types.js';
import { reanchorQuote } from './reanchorQuote.js';

/** An annotation as written: everything but the ids and times the repository gives it. */
export interface NewAnnotation {
  documentId: string;
  kind: AnnotationKind;
  color: AnnotationColor | null;
  anchor: AnnotationAnchor;
  note: string;
  answer: SavedAnswer | null;
  /** Null: to be computed from the page geometry when next read. */
  rects: Array<Rect & { page: number }> | null;
  orphaned?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface AnnotationFilter {
  documentId?: string;
  kind?: AnnotationKind;
  color?: AnnotationColor;
  /** Words the quote or the note must all hold, case-insensitive. */
  query?: string;
  limit?: number;
}

/** What re-anchoring did to a document's annotations after a re-read. */
export interface ReanchorCounts {
  kept: number;
  moved: number;
  orphaned: number;
}

interface AnnotationRow {
  id: string;
  user_name: string;
  document_id: string;
  kind: AnnotationKind;
  color: AnnotationColor | null;
  page: number;
  spans: string;
  quote: string;
  note: string;
  answer: string | null;
  rects: string | null;
  orphaned: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `SELECT a.id, u.name AS user_name, a.document_id, a.kind, a.color, a.page, a.spans, a.quote, a.note, a.answer, a.rects, a.orphaned, a.created_at, a.updated_at
  FROM annotations a JOIN users u ON u.id = a.user_id`;
const ORDER = 'ORDER BY a.document_id, a.page, coalesce(a.char_start, -1), a.created_at, a.id';
const DEFAULT_LIMIT = 10_000;

/** Users' annotations: highlights, underlines, notes, bookmarks and saved answers, anchored to page texts. */
export class AnnotationRepository {
  private readonly byId: Statement<[string, number], AnnotationRow>;
  private readonly highlightedEntities = new Map<string, { version: string; ids: ReadonlySet<number> }>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byId = db.prepare(`${SELECT} WHERE a.id = ? AND a.user_id = ?`);
  }

  /** The user's annotation, or undefined (another user's is not theirs to see). */
  get(userId: number, id: string): Annotation | undefined {
    const row = this.byId.get(id, userId);
    return row && toAnnotation(row);
  }

  /** The user's annotations matching the filter, by document, page, then position on the page. */
  list(userId: number, filter: AnnotationFilter = {}): Annotation[] {
    const where = ['a.user_id = ?'];
    const params: unknown[] = [userId];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`a.${column} = ?`);
      params.push(value);
    };
    equal('document_id', filter.documentId);
    equal('kind', filter.kind);
    equal('color', filter.color);
    for (const word of (filter.query ?? '').split(/\s+/).filter((w) => w !== '')) {
      // instr on lowercased text: no LIKE wildcards to escape in what a person typed.
      where.push("(instr(lower(a.quote), lower(?)) > 0 OR instr(lower(a.note), lower(?)) > 0 OR instr(lower(coalesce(json_extract(a.answer, '$.text'), '')), lower(?)) > 0)");
      params.push(word, word, word);
    }
    params.push(filter.limit ?? DEFAULT_LIMIT);
    return (this.db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ${ORDER} LIMIT ?`).all(...params) as AnnotationRow[]).map(toAnnotation);
  }

  insert(userId: number, annotation: NewAnnotation): Annotation {
    const id = randomUUID();
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO annotations (id, user_id, document_id, kind, color, page, char_start, spans, quote, note, answer, rects, orphaned, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        userId,
        annotation.documentId,
        annotation.kind,
        annotation.color,
        annotation.anchor.page,
        annotation.anchor.spans[0]?.charStart ?? null,
        JSON.stringify(annotation.anchor.spans),
        annotation.anchor.quote,
        annotation.note,
        annotation.answer === null ? null : JSON.stringify(annotation.answer),
        annotation.rects === null ? null : JSON.stringify(annotation.rects),
        annotation.orphaned ? 1 : 0,
        annotation.createdAt ?? at,
        annotation.updatedAt ?? at,
      );
    return this.get(userId, id)!;
  }

  /**
   * Inserts many in one transaction: all or none. An annotation the user already has (same
   * document, kind, anchor, note and answer) is skipped, so importing a file twice adds nothing.
   * Returns how many were added.
   */
  insertMany(userId: number, annotations: readonly NewAnnotation[]): number {
    const same = this.db.prepare<[number, string, string, number, string, string, string, string | null], { id: string }>(
      `SELECT id FROM annotations WHERE user_id = ? AND document_id = ? AND kind = ? AND page = ? AND spans = ? AND quote = ? AND note = ? AND answer IS ?`,
    );
    return this.db
      .transaction(() => {
        let added = 0;
        for (const a of annotations) {
          const answer = a.answer === null ? null : JSON.stringify(a.answer);
          if (same.get(userId, a.documentId, a.kind, a.anchor.page, JSON.stringify(a.anchor.spans), a.anchor.quote, a.note, answer)) continue;
          this.insert(userId, a);
          added++;
        }
        return added;
      })
      .immediate();
  }

  /** Changes colour, note or kind; undefined when the user has no such annotation. */
  update(userId: number, id: string, changes: { color?: AnnotationColor | null; note?: string; kind?: AnnotationKind }): Annotation | undefined {
    const current = this.get(userId, id);
    if (!current) return undefined;
    this.db
      .prepare('UPDATE annotations SET color = ?, note = ?, kind = ?, updated_at = ? WHERE id = ? AND user_id = ?')
      .run(changes.color !== undefined ? changes.color : current.color, changes.note ?? current.note, changes.kind ?? current.kind, this.now().toISOString(), id, userId);
    return this.get(userId, id);
  }

  /** Deletes and returns it; undefined when the user has no such annotation. */
  delete(userId: number, id: string): Annotation | undefined {
    const current = this.get(userId, id);
    if (current) this.db.prepare('DELETE FROM annotations WHERE id = ? AND user_id = ?').run(id, userId);
    return current;
  }

  /** Stores rectangles computed from the page geometry (they are computed once, then read). */
  setRects(id: string, rects: ReadonlyArray<Rect & { page: number }>): void {
    this.db.prepare('UPDATE annotations SET rects = ? WHERE id = ?').run(JSON.stringify(rects), id);
  }

  /**
   * The passages holding any of the user's highlighted, underlined or noted ranges (in these
   * documents, or all): "Ask about my highlights". Orphaned annotations mark nothing.
   */
  highlightedPassageIds(userId: number, documentIds: readonly string[] = []): number[] {
    const scoped = documentIds.length > 0 ? 'AND document_id IN (SELECT value FROM json_each(?))' : '';
    const params: unknown[] = [userId];
    if (documentIds.length > 0) params.push(JSON.stringify(documentIds));
    const marked = this.db
      .prepare<unknown[], { document_id: string; spans: string }>(
        `SELECT document_id, spans FROM annotations WHERE user_id = ? AND kind IN ('highlight', 'underline', 'note') AND orphaned = 0 AND spans <> '[]' ${scoped}`,
      )
      .all(...params);
    const byDocument = new Map<string, PageSpan[]>();
    for (const row of marked) {
      let spans = byDocument.get(row.document_id);
      if (!spans) byDocument.set(row.document_id, (spans = []));
      spans.push(...(JSON.parse(row.spans) as PageSpan[]));
    }
    // Each document's passage ranges read once, by page: a join per annotation span would scan the document's passages each time.
    const rangesOf = this.db.prepare<[string], { id: number; page: number; char_start: number; char_end: number }>(
      'SELECT ps.passage_id AS id, ps.page, ps.char_start, ps.char_end FROM passages p JOIN passage_spans ps ON ps.passage_id = p.id WHERE p.document_id = ?',
    );
    const ids = new Set<number>();
    for (const [documentId, spans] of byDocument) {
      const onPage = new Map<number, Array<{ id: number; start: number; end: number }>>();
      for (const r of rangesOf.iterate(documentId)) {
        let ranges = onPage.get(r.page);
        if (!ranges) onPage.set(r.page, (ranges = []));
        ranges.push({ id: r.id, start: r.char_start, end: r.char_end });
      }
      for (const span of spans) for (const r of onPage.get(span.page) ?? []) if (r.start < span.charEnd && r.end > span.charStart) ids.add(r.id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  /**
   * The entities named in the passages a user highlighted, underlined or noted in one document:
   * what suggestions weigh more. Kept per user and document until their annotations or the
   * document's passages change, so a page turn does not read every passage range again.
   */
  highlightedEntityIds(userId: number, documentId: string): ReadonlySet<number> {
    const v = this.db
      .prepare<[{ user: number; doc: string }], { n: number; latest: string | null; lo: number | null; hi: number | null }>(
        `SELECT count(*) AS n, max(updated_at) AS latest,
                (SELECT min(id) FROM passages WHERE document_id = @doc) AS lo, (SELECT max(id) FROM passages WHERE document_id = @doc) AS hi
         FROM annotations WHERE user_id = @user AND document_id = @doc AND kind IN ('highlight', 'underline', 'note')`,
      )
      .get({ user: userId, doc: documentId })!;
    const version = `${v.n}:${v.latest}:${v.lo}:${v.hi}`;
    const key = `${userId}:${documentId}`;
    const cached = this.highlightedEntities.get(key);
    if (cached?.version === version) return cached.ids;
    const passages = v.n === 0 ? [] : this.highlightedPassageIds(userId, [documentId]);
    const ids = new Set<number>();
    if (passages.length > 0) {
      const rows = this.db
        .prepare<[string], { id: number }>('SELECT DISTINCT entity_id AS id FROM mentions WHERE passage_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(passages));
      for (const r of rows) ids.add(r.id);
    }
    this.highlightedEntities.set(key, { version, ids });
    return ids;
  }

  /**
   * After a re-read replaced a document's pages, finds every annotation's quote again (see
   * reanchorQuote) and moves its spans there; one not found is kept, marked orphaned. Moved
   * annotations lose their rectangles until next read. Call inside the re-read's transaction.
   */
  reanchorDocument(documentId: string): ReanchorCounts {
    const counts: ReanchorCounts = { kept: 0, moved: 0, orphaned: 0 };
    const rows = this.db
      .prepare<[string], { id: string; page: number; spans: string; quote: string }>('SELECT id, page, spans, quote FROM annotations WHERE document_id = ?')
      .all(documentId);
    if (rows.length === 0) return counts;
    const texts = new Map<number, string | null>();
    const textOf = this.db.prepare<[string, number], { text: string }>('SELECT text FROM pages WHERE document_id = ? AND number = ?');
    const pageText = (page: number): string | null => {
      if (!texts.has(page)) texts.set(page, textOf.get(documentId, page)?.text ?? null);
      return texts.get(page)!;
    };
    const pageCount = this.db.prepare<[string], { pages: number }>('SELECT pages FROM documents WHERE id = ?').get(documentId)?.pages ?? 1;
    const write = this.db.prepare('UPDATE annotations SET page = ?, char_start = ?, spans = ?, rects = NULL, orphaned = ? WHERE id = ?');
    for (const row of rows) {
      const spans = JSON.parse(row.spans) as PageSpan[];
      if (spans.length === 0 && row.quote === '') {
        // A page note or bookmark: its page, while the document still has it.
        write.run(Math.min(row.page, Math.max(1, pageCount)), null, '[]', 0, row.id);
        counts.kept++;
        continue;
      }
      const found = reanchorQuote(pageText, { page: row.page, spans, quote: row.quote });
      if (!found || found.length === 0) {
        write.run(row.page, spans[0]?.charStart ?? null, row.spans, 1, row.id);
        counts.orphaned++;
      } else {
        write.run(found[0]!.page, found[0]!.charStart, JSON.stringify(found), 0, row.id);
        if (JSON.stringify(found) === row.spans) counts.kept++;
        else counts.moved++;
      }
    }
    return counts;
  }

  /** Users with annotations of the document (to tell each that they changed). */
  usersOf(documentId: string): string[] {
    return this.db
      .prepare<[string], { name: string }>('SELECT DISTINCT u.name FROM annotations a JOIN users u ON u.id = a.user_id WHERE a.document_id = ? ORDER BY u.name')
      .all(documentId)
      .map((r) => r.name);
  }
}

const PENDING_RECTS = new WeakSet<Annotation>();

function toAnnotation(row: AnnotationRow): Annotation {
  const spans = JSON.parse(row.spans) as PageSpan[];
  const annotation: Annotation = {
    id: row.id,
    documentId: row.document_id,
    user: row.user_name,
    kind: row.kind,
    color: row.color,
    anchor: { page: row.page, spans, quote: row.quote },
    note: row.note,
    answer: row.answer === null ? null : (JSON.parse(row.answer) as SavedAnswer),
    rects: row.rects === null ? [] : (JSON.parse(row.rects) as Array<Rect & { page: number }>),
    orphaned: row.orphaned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.rects === null && spans.length > 0 && row.orphaned === 0) PENDING_RECTS.add(annotation);
  return annotation;
}

/**
 * True for an annotation read with no rectangles stored (never computed, or dropped by a
 * re-anchor) that could have some: its reader computes them from the page geometry and stores them (setRects).
 */
export function rectsPending(annotation: Annotation): boolean {
  return PENDING_RECTS.has(annotation);
}
