import type { Migration } from './Migration.js';

/**
 * Full-text index over passages with their section title as a second, weighted column.
 * External content (a view) so the text is stored once; the repository keeps the index
 * in step inside the same transactions that write or delete passages.
 */
export const createPassageSearch: Migration = {
  version: 50,
  name: 'create-passage-search',
  up(db) {
    db.exec(`
      CREATE VIEW passage_search_source AS
        SELECT p.id AS id, coalesce(s.title, '') AS section_title, p.text AS text
        FROM passages p LEFT JOIN sections s ON s.id = p.section_id;

      CREATE VIRTUAL TABLE passage_search USING fts5 (
        section_title, text,
        content = 'passage_search_source', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );

      CREATE VIRTUAL TABLE passage_search_terms USING fts5vocab (passage_search, 'row');
    `);
  },
};
