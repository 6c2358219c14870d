import type { Migration } from './Migration.js';

/** Questions, answers and the passages each answer cites. */
export const createConversations: Migration = {
  version: 80,
  name: 'create-conversations',
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        id         TEXT PRIMARY KEY,
        scope_key  TEXT NOT NULL,
        title      TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX conversations_scope ON conversations (scope_key, updated_at);

      CREATE TABLE conversation_documents (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        document_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, document_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE messages (
        id              INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        ord             INTEGER NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        text            TEXT NOT NULL,
        mode            TEXT CHECK (mode IN ('full-context', 'retrieval', 'extractive')),
        model_id        TEXT,
        created_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX messages_conversation ON messages (conversation_id, ord);

      CREATE TABLE citations (
        id          INTEGER PRIMARY KEY,
        message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        marker      TEXT NOT NULL,
        passage_id  INTEGER REFERENCES passages (id) ON DELETE SET NULL,
        document_id TEXT,
        page        INTEGER,
        quote       TEXT NOT NULL,
        char_start  INTEGER,
        char_end    INTEGER,
        supported   INTEGER NOT NULL CHECK (supported IN (0, 1))
      ) STRICT;
      CREATE INDEX citations_message ON citations (message_id);

      CREATE TABLE demonstrations (
        scope_key   TEXT NOT NULL,
        model_id    TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        prefix_hash TEXT NOT NULL,
        examples    TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (scope_key, model_id, prefix_hash)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
