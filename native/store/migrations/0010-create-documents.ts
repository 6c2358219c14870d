import type { Migration } from './Migration.js';

export const createDocuments: Migration = {
  version: 10,
  name: 'create-documents',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id          TEXT PRIMARY KEY,
        sha256      TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        source_path TEXT NOT NULL,
        format      TEXT NOT NULL CHECK (format IN ('pdf', 'txt', 'md')),
        pages       INTEGER NOT NULL CHECK (pages >= 0),
        bytes       INTEGER NOT NULL CHECK (bytes >= 0),
        status      TEXT NOT NULL CHECK (status IN ('ingested', 'needs-ocr')),
        added_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_added_at ON documents (added_at);
    `);
  },
};
