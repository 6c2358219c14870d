import type { Migration } from './Migration.js';

export const createSections: Migration = {
  version: 30,
  name: 'create-sections',
  up(db) {
    db.exec(`
      CREATE TABLE sections (
        id          INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        parent_id   INTEGER REFERENCES sections (id) ON DELETE CASCADE,
        level       INTEGER NOT NULL CHECK (level >= 1),
        title       TEXT NOT NULL,
        page        INTEGER NOT NULL,
        ord         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sections_document ON sections (document_id, ord);
      CREATE INDEX sections_parent ON sections (parent_id);
    `);
  },
};
