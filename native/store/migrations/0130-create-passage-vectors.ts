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

      -- Bumped by every change to a model's vectors, whoever makes it (a document removed takes its
      -- vectors by cascade): search keeps a model's vectors in memory while this stays the same.
      CREATE TABLE passage_vector_versions (
        model_id TEXT PRIMARY KEY,
        version  INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER passage_vectors_inserted AFTER INSERT ON passage_vectors BEGIN
        INSERT INTO passage_vector_versions (model_id, version) VALUES (NEW.model_id, 1)
          ON CONFLICT (model_id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER passage_vectors_updated AFTER UPDATE ON passage_vectors BEGIN
        INSERT INTO passage_vector_versions (model_id, version) VALUES (NEW.model_id, 1)
          ON CONFLICT (model_id) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER passage_vectors_deleted AFTER DELETE ON passage_vectors BEGIN
        INSERT INTO passage_vector_versions (model_id, version) VALUES (OLD.model_id, 1)
          ON CONFLICT (model_id) DO UPDATE SET version = version + 1;
      END;
    `);
  },
};
