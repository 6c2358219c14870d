import type { Migration } from './Migration.js';

/**
 * `geometry` packs the page's text items as float32 sextuples
 * (charStart, charEnd, x, y, width, height) in PDF user space. It is only ever read
 * whole, to turn a character range into rectangles, so a blob beats a row per item.
 */
export const createPages: Migration = {
  version: 20,
  name: 'create-pages',
  up(db) {
    db.exec(`
      CREATE TABLE pages (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        number      INTEGER NOT NULL CHECK (number >= 1),
        width       REAL NOT NULL,
        height      REAL NOT NULL,
        text        TEXT NOT NULL,
        geometry    BLOB,
        PRIMARY KEY (document_id, number)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
