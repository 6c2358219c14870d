import type { Migration } from './Migration.js';

/**
 * Embedding vectors of passages, per embedding model, for hybrid search:
 * - `embedding_models`: the vector length a model's stored vectors have. A model whose file was
 *   replaced under the same id and now makes vectors of another length has its vectors dropped
 *   and rebuilt (VectorRepository.reset), so one model's vectors always have one length.
 * - `passage_vectors`: one unit-length float32 vector (little-endian BLOB of `dimension` × 4
 *   bytes) per (model, passage). Removing a passage or a model removes its vectors.
 */
export const createPassageVectors: Migration = {
  version: 130,
  name: 'create-passage-vectors',
  up(db) {
    db.exec(`
      CREATE TABLE embedding_models (
        model_id  TEXT PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
        dimension INTEGER NOT NULL CHECK (dimension > 0)
      ) STRICT;

      CREATE TABLE passage_vectors (
        model_id   TEXT NOT NULL REFERENCES embedding_models (model_id) ON DELETE CASCADE,
        passage_id INTEGER NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
        vector     BLOB NOT NULL,
        PRIMARY KEY (model_id, passage_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX passage_vectors_passage ON passage_vectors (passage_id);
    `);
  },
};
