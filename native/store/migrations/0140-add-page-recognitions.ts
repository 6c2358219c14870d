import type { Migration } from './Migration.js';

/**
 * What OCR read:
 * - `page_recognitions`: each page recognised, stored the moment it is read, so a document whose
 *   OCR stopped (cancelled, the app closed) resumes where it stopped. `layout` is the page's
 *   recognised words laid out (JSON of the ingest's LayoutPage), from which the page text and
 *   geometry are built like a born-digital page's; `confidence` is tesseract's mean word
 *   confidence (0–1). Kept across re-reads of the document's file, which only OCR changes.
 * - `pages.ocr_confidence`: the confidence of the text a page holds, null when it came from the
 *   PDF's own text layer.
 * - `documents.ocr_lang`: the languages the document was recognised in ('eng', 'eng+fra').
 */
export const addPageRecognitions: Migration = {
  version: 140,
  name: 'add-page-recognitions',
  up(db) {
    db.exec(`
      CREATE TABLE page_recognitions (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        number      INTEGER NOT NULL CHECK (number >= 1),
        lang        TEXT NOT NULL,
        confidence  REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
        layout      TEXT NOT NULL,
        PRIMARY KEY (document_id, number)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE pages ADD COLUMN ocr_confidence REAL CHECK (ocr_confidence IS NULL OR (ocr_confidence >= 0 AND ocr_confidence <= 1));
      ALTER TABLE documents ADD COLUMN ocr_lang TEXT;
    `);
  },
};
