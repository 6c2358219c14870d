import type { Database, Statement } from 'better-sqlite3';
import { LecternError } from '../api/errors.js';
import type { PassageFilter } from '../api/types.js';

/** What `snippet()` puts around each matched word (characters no passage text holds). */
export const SNIPPET_MARK_OPEN = '\u0001';
export const SNIPPET_MARK_CLOSE = '\u0002';

/** A passage as a search hit shows it. */
export interface PassageHitRow {
  id: number;
  document_id: string;
  document_title: string;
  page_start: number;
  page_end: number;
  section: string | null;
  text: string;
}

/** A passage's rowid and its BM25 score (higher is better). */
export interface ScoredPassage {
  id: number;
  score: number;
}

/**
 * The full-text index of passages (FTS5 `passage_search`, its vocabulary and the passages it
 * points to), as search reads it: every statement search runs lives here, and ranking,
 * query planning and snippets' marks stay in native/search/PassageSearch.ts.
 *
 * FTS5 quirks handled here: better-sqlite3 binds JS numbers as REAL, and FTS5 silently
 * ignores a REAL rowid equality (every match comes back), so rowids are cast before they
 * reach FTS5; and one passage is rescored at a time, since FTS5 seeks a rowid equality where
 * `rowid IN (…)` would score every match in the library.
 */
export class PassageIndex {
  private readonly stemScratch: Statement<[string]>;
  private readonly scratchTerms: Statement<[], { term: string; offset: number }>;
  private readonly clearScratch: Statement<[]>;
  private readonly documentFrequencyOf: Statement<[string], { doc: number }>;
  private readonly documentRangeOf: Statement<[string], { first: number | null; last: number | null }>;
  private readonly hitRowsOf: Statement<[string], PassageHitRow>;
  private readonly matchingIdsOf: Statement<[string, string], { id: number }>;
  private readonly snippetOf: Statement<[string, number], { s: string }>;
  private readonly rescoreOf: Statement<[number, string, number], { score: number }>;
  private readonly openingIdsOf: Statement<[string, number], { id: number }>;
  private readonly latestOpeningIds: Statement<[number], { id: number }>;
  private readonly documentTextsOf: Statement<[string, number], { id: number; text: string }>;
  private readonly dataVersionOf: Statement<[], number>;
  private readonly passageCountOf: Statement<[], { n: number }>;
  private readonly ranked = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    // A scratch FTS5 table with the same tokenizer tells how SQLite stems each query word.
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_scratch USING fts5 (t, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_scratch_terms USING fts5vocab (temp, query_scratch, 'instance');`);
    this.clearScratch = db.prepare('DELETE FROM temp.query_scratch');
    this.stemScratch = db.prepare('INSERT INTO temp.query_scratch (rowid, t) VALUES (1, ?)');
    this.scratchTerms = db.prepare('SELECT term, offset FROM temp.query_scratch_terms ORDER BY offset');
    this.documentFrequencyOf = db.prepare('SELECT doc FROM passage_search_terms WHERE term = ?');
    this.documentRangeOf = db.prepare('SELECT min(id) AS first, max(id) AS last FROM passages WHERE document_id = ?');
    this.hitRowsOf = db.prepare(`
      SELECT p.id, p.document_id, d.title AS document_title, p.page_start, p.page_end, s.title AS section, p.text
      FROM json_each(?) j JOIN passages p ON p.id = j.value JOIN documents d ON d.id = p.document_id
      LEFT JOIN sections s ON s.id = p.section_id`);
    this.snippetOf = db.prepare(
      `SELECT snippet(passage_search, 1, '${SNIPPET_MARK_OPEN}', '${SNIPPET_MARK_CLOSE}', '…', 40) AS s FROM passage_search WHERE passage_search MATCH ? AND rowid = CAST(? AS INTEGER)`,
    );
    this.matchingIdsOf = db.prepare('SELECT rowid AS id FROM passage_search WHERE passage_search MATCH ? AND rowid IN (SELECT value FROM json_each(?))');
    this.dataVersionOf = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.rescoreOf = db.prepare('SELECT -bm25(passage_search, ?, 1.0) AS score FROM passage_search WHERE passage_search MATCH ? AND rowid = CAST(? AS INTEGER)');
    this.openingIdsOf = db.prepare('SELECT id FROM passages WHERE document_id = ? ORDER BY id LIMIT ?');
    this.documentTextsOf = db.prepare('SELECT id, text FROM passages WHERE document_id = ? ORDER BY id LIMIT ?');
    this.latestOpeningIds = db.prepare(`SELECT (SELECT min(p.id) FROM passages p WHERE p.document_id = d.id) AS id FROM documents d
      WHERE EXISTS (SELECT 1 FROM passages p WHERE p.document_id = d.id) ORDER BY d.added_at DESC, d.id LIMIT ?`);
    this.passageCountOf = db.prepare('SELECT count(*) AS n FROM passages');
  }

  /** How the index's tokenizer stems each word (undefined for a word it drops). */
  stems(words: readonly string[]): Array<string | undefined> {
    const out = new Array<string | undefined>(words.length);
    this.db.transaction(() => {
      this.clearScratch.run();
      this.stemScratch.run(words.join(' '));
      for (const { term, offset } of this.scratchTerms.all()) if (offset < words.length) out[offset] = term;
      this.clearScratch.run();
    })();
    return out;
  }

  /** Passages holding the stem. */
  documentFrequency(stem: string): number {
    return this.documentFrequencyOf.get(stem)?.doc ?? 0;
  }

  /** The document's passages' rowids, first to last (contiguous: a document's passages are inserted together); null when it has none. */
  documentRange(documentId: string): { first: number; last: number } | null {
    const range = this.documentRangeOf.get(documentId);
    return range && range.first !== null && range.last !== null ? { first: range.first, last: range.last } : null;
  }

  passageCount(): number {
    return this.passageCountOf.get()!.n;
  }

  /** Changes when another connection commits (read from the WAL index, no page read). */
  dataVersion(): number {
    return this.dataVersionOf.get()!;
  }

  /** The passages for hits, in no particular order. */
  hitRows(ids: readonly number[]): PassageHitRow[] {
    return this.hitRowsOf.all(JSON.stringify(ids));
  }

  /** Which of `ids` match the FTS5 expression. */
  matching(match: string, ids: readonly number[]): number[] {
    return this.matchingIdsOf.all(match, JSON.stringify(ids)).map((r) => r.id);
  }

  /** The passage's text around the matched words, marked; undefined when it does not match. */
  snippet(match: string, id: number): string | undefined {
    return this.snippetOf.get(match, id)?.s;
  }

  /** One passage's BM25 score for `match`; undefined when it does not match. */
  rescore(titleWeight: number, match: string, id: number): number | undefined {
    return this.rescoreOf.get(titleWeight, match, id)?.score;
  }

  /** The document's first passages, in order. */
  openings(documentId: string, count: number): number[] {
    return this.openingIdsOf.all(documentId, count).map((r) => r.id);
  }

  /** The first `count` passages of a document with their text, in reading order. */
  documentTexts(documentId: string, count: number): Array<{ id: number; text: string }> {
    return this.documentTextsOf.all(documentId, count);
  }

  /** The first passage of each of the most recently added documents. */
  latestOpenings(count: number): number[] {
    return this.latestOpeningIds.all(count).map((r) => r.id);
  }

  /**
   * The top passages by BM25 for an FTS5 expression, within a rowid range when given, and
   * among the passages `filter` allows (inside the query, so the top is filled from them).
   */
  rank(titleWeight: number, match: string, range: { first: number; last: number } | null, limit: number, filter?: PassageFilter): ScoredPassage[] {
    if (filter?.only && filter.only.length === 0) return [];
    let where = range ? 'AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)' : '';
    if (filter?.only) where += ' AND rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))';
    if (filter?.exclude && filter.exclude.length > 0) where += ' AND rowid NOT IN (SELECT CAST(value AS INTEGER) FROM json_each(?))';
    let statement = this.ranked.get(where);
    if (!statement) {
      statement = this.db.prepare(`SELECT rowid AS id, -bm25(passage_search, ?, 1.0) AS score FROM passage_search
                 WHERE passage_search MATCH ? ${where} ORDER BY score DESC LIMIT ?`);
      this.ranked.set(where, statement);
    }
    const params: unknown[] = [titleWeight, match];
    if (range) params.push(range.first, range.last);
    if (filter?.only) params.push(JSON.stringify(filter.only));
    if (filter?.exclude && filter.exclude.length > 0) params.push(JSON.stringify(filter.exclude));
    params.push(limit);
    try {
      return statement.all(...params) as ScoredPassage[];
    } catch (error) {
      // Quoted words cannot form bad syntax; anything else here is a real fault.
      throw new LecternError('INTERNAL', `Search failed: ${(error as Error).message}`, { cause: error });
    }
  }
}
