import { LecternError } from '../../api/errors.js';
import type { Migration } from './Migration.js';

const OLD_FORMAT_CHECK = "CHECK (format IN ('pdf', 'txt', 'md'))";
const NEW_FORMAT_CHECK = "CHECK (format IN ('pdf', 'txt', 'md', 'epub', 'docx', 'html'))";

/**
 * EPUB, DOCX and HTML documents:
 * - `documents.format` accepts `epub`, `docx` and `html`. SQLite cannot alter a CHECK, so the
 *   table is rebuilt from its own stored definition with only that CHECK changed (SQLite's
 *   "other kinds of table schema changes" procedure; `migrate` turns foreign keys off for it).
 * - `author`: the author the file's metadata names (EPUB `dc:creator`, DOCX core properties).
 * - `import_notes`: what the import left out on purpose and the person should know (tracked
 *   changes and comments of a DOCX), one note per line; null when there is nothing to say.
 */
export const reflowableFormats: Migration = {
  version: 150,
  name: 'reflowable-formats',
  rebuildsTables: true,
  up(db) {
    const table = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'documents'`).get();
    if (!table?.sql.includes(OLD_FORMAT_CHECK))
      throw new LecternError('LIBRARY_DAMAGED', `The library's documents table is not as this version expects (no format check to widen): ${table?.sql ?? 'no table'}`);
    const indexes = db.prepare<[], { sql: string }>(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'documents' AND sql IS NOT NULL`).all();
    db.exec(table.sql.replace(OLD_FORMAT_CHECK, NEW_FORMAT_CHECK).replace(/^CREATE TABLE "?documents"?/, 'CREATE TABLE documents_next'));
    db.exec(`
      INSERT INTO documents_next SELECT * FROM documents;
      DROP TABLE documents;
      ALTER TABLE documents_next RENAME TO documents;
    `);
    for (const index of indexes) db.exec(index.sql);
    db.exec(`
      ALTER TABLE documents ADD COLUMN author TEXT;
      ALTER TABLE documents ADD COLUMN import_notes TEXT;
    `);
  },
};
