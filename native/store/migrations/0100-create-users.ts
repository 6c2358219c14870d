import type { Migration } from './Migration.js';

/**
 * Local user profiles: a bounded event log (pruned by retention) and the aggregates
 * learnt from it. Deleting a user cascades to exactly their own rows.
 */
export const createUsers: Migration = {
  version: 100,
  name: 'create-users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at      TEXT NOT NULL,
        learning_paused INTEGER NOT NULL DEFAULT 0 CHECK (learning_paused IN (0, 1)),
        retention_days  INTEGER NOT NULL DEFAULT 90 CHECK (retention_days > 0)
      ) STRICT;
      INSERT INTO users (name, created_at) VALUES ('default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      -- at: milliseconds since the epoch.
      CREATE TABLE events (
        id             INTEGER PRIMARY KEY,
        user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        type           TEXT NOT NULL CHECK (type IN ('open', 'read', 'search', 'question', 'click', 'highlight', 'shown', 'accept', 'dismiss')),
        at             INTEGER NOT NULL,
        document_id    TEXT REFERENCES documents (id) ON DELETE SET NULL,
        page           INTEGER,
        text           TEXT,
        dwell_ms       INTEGER,
        suggestion_key TEXT
      ) STRICT;
      CREATE INDEX events_user_at ON events (user_id, at);

      -- interest is the value at interest_at and decays from there; familiarity lies in [0, 1].
      CREATE TABLE user_entities (
        user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        entity_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        interest    REAL NOT NULL DEFAULT 0,
        interest_at INTEGER NOT NULL,
        familiarity REAL NOT NULL DEFAULT 0,
        asked       INTEGER NOT NULL DEFAULT 0,
        last_seen   INTEGER NOT NULL,
        blocked     INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        PRIMARY KEY (user_id, entity_id)
      ) STRICT, WITHOUT ROWID;

      -- Per document, for reasons such as "You asked about indemnification in 3 other contracts".
      CREATE TABLE user_entity_documents (
        user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        entity_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        asked       INTEGER NOT NULL DEFAULT 0,
        touched     INTEGER NOT NULL DEFAULT 0,
        last_at     INTEGER NOT NULL,
        PRIMARY KEY (user_id, entity_id, document_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE suggestion_feedback (
        user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        suggestion_key TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('accepted', 'dismissed')),
        at             INTEGER NOT NULL,
        PRIMARY KEY (user_id, suggestion_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
