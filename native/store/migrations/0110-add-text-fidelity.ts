import type { Migration } from './Migration.js';

/**
 * What ingest knows about the quality of each document's text:
 * - `ingest_version`: the text pipeline that read it (a library read by an older one is re-read
 *   in the background); rows from before this migration are version 1.
 * - `fidelity`: the share of the body words of a page (or the whole document) that reached a
 *   passage, in order and once; null where nothing was measured.
 * - `text_layer`: per page, whether its text layer is usable (`ok`), absent (`none`: a scan), or
 *   garbage (`garbage`: unmapped glyphs, control characters, not language); the last two need OCR.
 * - `ocr_pages`: how many pages of the document need OCR.
 * - `title_by_user`: the title was set by a person (rename) and a re-read keeps it.
 */
export const addTextFidelity: Migration = {
  version: 110,
  name: 'add-text-fidelity',
  up(db) {
    db.exec(`
      ALTER TABLE documents ADD COLUMN ingest_version INTEGER NOT NULL DEFAULT 1 CHECK (ingest_version >= 1);
      ALTER TABLE documents ADD COLUMN fidelity REAL CHECK (fidelity IS NULL OR (fidelity >= 0 AND fidelity <= 1));
      ALTER TABLE documents ADD COLUMN ocr_pages INTEGER NOT NULL DEFAULT 0 CHECK (ocr_pages >= 0);
      ALTER TABLE documents ADD COLUMN title_by_user INTEGER NOT NULL DEFAULT 0 CHECK (title_by_user IN (0, 1));
      ALTER TABLE pages ADD COLUMN fidelity REAL CHECK (fidelity IS NULL OR (fidelity >= 0 AND fidelity <= 1));
      ALTER TABLE pages ADD COLUMN text_layer TEXT NOT NULL DEFAULT 'ok' CHECK (text_layer IN ('ok', 'none', 'garbage'));
      CREATE INDEX documents_ingest_version ON documents (ingest_version);
    `);
  },
};
