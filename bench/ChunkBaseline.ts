import Database from 'better-sqlite3';
import { normalizeWords } from '../native/eval/goldMatch.js';

/** Characters per baseline chunk. */
const CHUNK_CHARS = 1000;

/**
 * The evals' baseline retrieval: plain BM25 (FTS5) over fixed 1000-character chunks
 * of each document's text, the question's words joined with OR. No structure, no
 * stemming, no intent: what any search box over the raw text would do.
 */
export class ChunkBaseline {
  private readonly db = new Database(':memory:');
  private readonly query;

  constructor(documents: Iterable<[doc: string, text: string]>) {
    this.db.exec(`CREATE VIRTUAL TABLE chunks USING fts5 (doc UNINDEXED, text)`);
    const insert = this.db.prepare('INSERT INTO chunks (doc, text) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [doc, text] of documents) for (let i = 0; i < text.length; i += CHUNK_CHARS) insert.run(doc, text.slice(i, i + CHUNK_CHARS));
    })();
    this.query = this.db.prepare<[string, string, number], { text: string }>(`SELECT text FROM chunks WHERE chunks MATCH ? AND doc = ? ORDER BY bm25(chunks) LIMIT ?`);
  }

  /** The best `limit` chunks of `doc` for `question`, best first. */
  top(question: string, doc: string, limit: number): string[] {
    const words = normalizeWords(question)
      .map((w) => `"${w}"`)
      .join(' OR ');
    return words ? this.query.all(words, doc, limit).map((r) => r.text) : [];
  }

  close(): void {
    this.db.close();
  }
}
