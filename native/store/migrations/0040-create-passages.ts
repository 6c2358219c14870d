import type { Migration } from './Migration.js';

/**
 * Passage ids are assigned in one increasing run per document (one transaction per
 * document), so a document's passages form a contiguous rowid range that search can
 * use to restrict the full-text index cheaply.
 */
export const createPassages: Migration = {
  version: 40,
  name: 'create-passages',
  up(db) {
    db.exec(`
      CREATE TABLE passages (
        id          INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        section_id  INTEGER REFERENCES sections (id) ON DELETE SET NULL,
        ord         INTEGER NOT NULL,
        page_start  INTEGER NOT NULL,
        page_end    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        word_count  INTEGER NOT NULL,
        CHECK (page_end >= page_start)
      ) STRICT;
      CREATE INDEX passages_document ON passages (document_id, ord);
      CREATE INDEX passages_section ON passages (section_id);

      CREATE TABLE passage_spans (
        passage_id INTEGER NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
        ord        INTEGER NOT NULL,
        page       INTEGER NOT NULL,
        char_start INTEGER NOT NULL,
        char_end   INTEGER NOT NULL,
        PRIMARY KEY (passage_id, ord),
        CHECK (char_end >= char_start)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
