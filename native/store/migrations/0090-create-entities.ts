import type { Migration } from './Migration.js';

/**
 * The library's own entity graph: entities shared across documents, what each document
 * says of them (defined terms keep their definition), and which passages mention them.
 * Co-occurrence comes from `mentions` sharing a passage or `document_entities` sharing a document.
 */
export const createEntities: Migration = {
  version: 90,
  name: 'create-entities',
  up(db) {
    db.exec(`
      CREATE TABLE entities (
        id   INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('term', 'party', 'person', 'organization', 'place', 'date', 'money', 'topic')),
        key  TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (kind, key)
      ) STRICT;
      CREATE INDEX entities_key ON entities (key);

      -- Other normalized names of an entity (aliases of one defined term), for linking text to it.
      CREATE TABLE entity_aliases (
        key       TEXT NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_id)
      ) STRICT, WITHOUT ROWID;
      -- Deleting an entity cascades here; without it each deletion scans every alias.
      CREATE INDEX entity_aliases_entity ON entity_aliases (entity_id);

      CREATE TABLE document_entities (
        document_id           TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        entity_id             INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        name                  TEXT NOT NULL,
        aliases               TEXT NOT NULL DEFAULT '[]',
        mentions              INTEGER NOT NULL,
        salience              REAL NOT NULL,
        definition            TEXT,
        definition_passage_id INTEGER REFERENCES passages (id) ON DELETE SET NULL,
        PRIMARY KEY (document_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX document_entities_entity ON document_entities (entity_id, document_id);
      -- Removing a document deletes its passages, and each deletion looks here for definitions it held.
      CREATE INDEX document_entities_definition ON document_entities (definition_passage_id);

      CREATE TABLE mentions (
        passage_id INTEGER NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
        entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        count      INTEGER NOT NULL,
        PRIMARY KEY (passage_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX mentions_entity ON mentions (entity_id, passage_id);

      -- Which extractor version has read each document; older or missing ones are back-filled.
      CREATE TABLE entity_extraction (
        document_id  TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        extracted_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
