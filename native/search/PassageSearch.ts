import type { Database, Statement } from 'better-sqlite3';
import { LecternError } from '../api/errors.js';
import type { SearchHit, SearchQuery } from '../api/types.js';
import { ftsString, queryWords } from './queryWords.js';

export interface PassageSearchOptions {
  /** BM25 weight of the section title column relative to the passage text. Default 3. */
  titleWeight?: number;
  /**
   * For unscoped searches, the most postings (sum of document frequencies) the
   * query may touch; the rarest words are kept first. Default 150,000.
   */
  postingBudget?: number;
}

const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';
const MAX_LIMIT = 200;

/**
 * BM25 search over passages (FTS5, Porter stemming, section titles as a weighted
 * column). Queries are natural language: words are matched with OR and ranked by
 * BM25, so a question finds passages without the person knowing any syntax.
 *
 * Speed at a million passages comes from two things: scoped searches restrict the
 * index to each document's contiguous rowid range, and unscoped ones drop the most
 * common words (which barely change BM25's order) once the rarer ones already
 * select enough postings.
 */
export class PassageSearch {
  private readonly titleWeight: number;
  private readonly postingBudget: number;
  private readonly stemScratch: Statement<[string]>;
  private readonly stems: Statement<[], { term: string; offset: number }>;
  private readonly clearScratch: Statement<[]>;
  private readonly documentFrequency: Statement<[string], { doc: number }>;
  private readonly documentRange: Statement<[string], { first: number | null; last: number | null }>;
  private readonly hitRows: Statement<[string], HitRow>;
  private passageCount: number | null = null;

  constructor(private readonly db: Database, options: PassageSearchOptions = {}) {
    this.titleWeight = options.titleWeight ?? 3;
    this.postingBudget = options.postingBudget ?? 150_000;
    // A scratch FTS5 table with the same tokenizer tells how SQLite stems each query word.
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_scratch USING fts5 (t, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_scratch_terms USING fts5vocab (temp, query_scratch, 'instance');`);
    this.clearScratch = db.prepare('DELETE FROM temp.query_scratch');
    this.stemScratch = db.prepare('INSERT INTO temp.query_scratch (rowid, t) VALUES (1, ?)');
    this.stems = db.prepare('SELECT term, offset FROM temp.query_scratch_terms ORDER BY offset');
    this.documentFrequency = db.prepare('SELECT doc FROM passage_search_terms WHERE term = ?');
    this.documentRange = db.prepare('SELECT min(id) AS first, max(id) AS last FROM passages WHERE document_id = ?');
    this.hitRows = db.prepare(`
      SELECT p.id, p.document_id, d.title AS document_title, p.page_start, p.page_end, s.title AS section, p.text
      FROM json_each(?) j JOIN passages p ON p.id = j.value JOIN documents d ON d.id = p.document_id
      LEFT JOIN sections s ON s.id = p.section_id`);
  }

  /** Forget cached corpus statistics; call after documents are added or removed. */
  invalidate(): void {
    this.passageCount = null;
  }

  search(query: SearchQuery): SearchHit[] {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 10)), MAX_LIMIT);
    const words = queryWords(query.query).content;
    if (words.length === 0) return [];
    const scoped = (query.documentIds ?? []).length > 0;
    const chosen = scoped ? words : this.chooseWords(words);
    if (chosen.length === 0) return [];
    const match = chosen.map(ftsString).join(' OR ');
    const ranked = scoped ? this.rankScoped(match, query.documentIds!, limit) : this.rank(match, null, limit);
    return this.hits(ranked, match);
  }

  /** Most selective words first, within the posting budget; common words go when rarer ones suffice. */
  private chooseWords(words: string[]): string[] {
    const stems = this.stemsOf(words);
    const total = this.totalPassages();
    const scored = words.map((w, i) => ({ w, df: stems[i] ? (this.documentFrequency.get(stems[i]!)?.doc ?? 0) : 0 }));
    const present = scored.filter((s) => s.df > 0).sort((a, b) => a.df - b.df);
    if (present.length === 0) return [];
    const chosen: string[] = [];
    let postings = 0;
    for (const s of present) {
      const common = s.df > total * 0.1;
      if (chosen.length > 0 && (postings + s.df > this.postingBudget || common)) continue;
      chosen.push(s.w);
      postings += s.df;
    }
    return chosen;
  }

  private stemsOf(words: string[]): Array<string | undefined> {
    const out = new Array<string | undefined>(words.length);
    this.db.transaction(() => {
      this.clearScratch.run();
      this.stemScratch.run(words.join(' '));
      for (const { term, offset } of this.stems.all()) if (offset < words.length) out[offset] = term;
      this.clearScratch.run();
    })();
    return out;
  }

  private totalPassages(): number {
    this.passageCount ??= (this.db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
    return this.passageCount;
  }

  private rank(match: string, range: { first: number; last: number } | null, limit: number): Array<{ id: number; score: number }> {
    const where = range ? 'AND rowid BETWEEN ? AND ?' : '';
    const sql = `SELECT rowid AS id, -bm25(passage_search, ?, 1.0) AS score FROM passage_search
                 WHERE passage_search MATCH ? ${where} ORDER BY score DESC LIMIT ?`;
    const params: unknown[] = [this.titleWeight, match];
    if (range) params.push(range.first, range.last);
    params.push(limit);
    try {
      return this.db.prepare(sql).all(...params) as Array<{ id: number; score: number }>;
    } catch (error) {
      // Quoted words cannot form bad syntax; anything else here is a real fault.
      throw new LecternError('INTERNAL', `Search failed: ${(error as Error).message}`, { cause: error });
    }
  }

  private rankScoped(match: string, documentIds: readonly string[], limit: number): Array<{ id: number; score: number }> {
    const all: Array<{ id: number; score: number }> = [];
    for (const id of new Set(documentIds)) {
      const range = this.documentRange.get(id);
      if (!range || range.first === null || range.last === null) continue;
      all.push(...this.rank(match, { first: range.first, last: range.last }, limit));
    }
    return all.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private hits(ranked: Array<{ id: number; score: number }>, match: string): SearchHit[] {
    if (ranked.length === 0) return [];
    const rows = new Map(this.hitRows.all(JSON.stringify(ranked.map((r) => r.id))).map((r) => [r.id, r]));
    const snippet = this.db.prepare<[string, number], { s: string }>(
      `SELECT snippet(passage_search, 1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 40) AS s FROM passage_search WHERE passage_search MATCH ? AND rowid = ?`,
    );
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const row = rows.get(r.id);
      if (!row) continue;
      const { text, marks } = parseMarks(snippet.get(match, r.id)?.s ?? row.text.slice(0, 300));
      hits.push({
        documentId: row.document_id,
        documentTitle: row.document_title,
        passageId: row.id,
        page: row.page_start,
        pageEnd: row.page_end,
        section: row.section,
        text: row.text,
        snippet: text,
        snippetMarks: marks,
        score: Math.round(r.score * 1e4) / 1e4,
      });
    }
    return hits;
  }
}

interface HitRow {
  id: number;
  document_id: string;
  document_title: string;
  page_start: number;
  page_end: number;
  section: string | null;
  text: string;
}

function parseMarks(marked: string): { text: string; marks: Array<[number, number]> } {
  let text = '';
  const marks: Array<[number, number]> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_OPEN) open = text.length;
    else if (ch === MARK_CLOSE) {
      if (open >= 0 && text.length > open) marks.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, marks };
}
