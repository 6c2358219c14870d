import type { Database } from 'better-sqlite3';
import type { DefinedTerm, DocumentEntity } from '../api/types.js';

/** Reads the library's entities (written at ingest) and back-fills documents stored without them. */
export class EntityStore {
  constructor(private readonly db: Database) {}

  /** The terms a document defines, in document order. Throws DOCUMENT_NOT_FOUND. */
  terms(_documentId: string): DefinedTerm[] {
    void this.db;
    throw new Error('EntityStore.terms: not implemented yet');
  }

  /** A document's entities, or those mentioned on one page; most salient first. */
  entities(_documentId: string, _options: { page?: number; limit?: number } = {}): DocumentEntity[] {
    throw new Error('EntityStore.entities: not implemented yet');
  }

  /** Extracts entities for every document without current ones; each document in its own transaction. */
  async backfill(_options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<{ documents: number; entities: number }> {
    throw new Error('EntityStore.backfill: not implemented yet');
  }
}
