import type { Migration } from './Migration.js';

/** GGUF models the person added, with what was read from their metadata. */
export const createModels: Migration = {
  version: 60,
  name: 'create-models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id                 TEXT PRIMARY KEY,
        sha256             TEXT NOT NULL UNIQUE,
        name               TEXT NOT NULL,
        path               TEXT NOT NULL,
        source_uri         TEXT,
        file_bytes         INTEGER NOT NULL,
        architecture       TEXT NOT NULL,
        parameters         INTEGER,
        train_context_size INTEGER NOT NULL,
        chat_template      TEXT,
        kind               TEXT NOT NULL CHECK (kind IN ('chat', 'embedding')),
        added_at           TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
