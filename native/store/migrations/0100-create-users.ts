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
      -- Questions and accepted suggestions carry a key, so "already asked" is one lookup.
      CREATE INDEX events_user_key ON events (user_id, suggestion_key) WHERE suggestion_key IS NOT NULL;
      -- Removing a document sets its events' document_id to NULL; without this it scans every event.
      CREATE INDEX events_document ON events (document_id);

      -- interest is the value at interest_at and decays from there; familiarity lies in [0, 1].
      -- documents / asked_documents: how many documents the user met it in / asked about it in,
      -- kept by the triggers below from user_entity_documents, so reasons cost one row per entity.
      CREATE TABLE user_entities (
        user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        entity_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        interest    REAL NOT NULL DEFAULT 0,
        interest_at INTEGER NOT NULL,
        familiarity REAL NOT NULL DEFAULT 0,
        asked       INTEGER NOT NULL DEFAULT 0,
        documents   INTEGER NOT NULL DEFAULT 0,
        asked_documents INTEGER NOT NULL DEFAULT 0,
        last_seen   INTEGER NOT NULL,
        blocked     INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        PRIMARY KEY (user_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX user_entities_entity ON user_entities (entity_id);

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
      CREATE INDEX user_entity_documents_document ON user_entity_documents (document_id);
      -- Also when a removed document's rows go by cascade.
      CREATE TRIGGER user_entity_documents_added AFTER INSERT ON user_entity_documents BEGIN
        UPDATE user_entities SET documents = documents + 1, asked_documents = asked_documents + (new.asked > 0)
        WHERE user_id = new.user_id AND entity_id = new.entity_id;
      END;
      CREATE TRIGGER user_entity_documents_asked AFTER UPDATE OF asked ON user_entity_documents WHEN old.asked = 0 AND new.asked > 0 BEGIN
        UPDATE user_entities SET asked_documents = asked_documents + 1 WHERE user_id = new.user_id AND entity_id = new.entity_id;
      END;
      CREATE TRIGGER user_entity_documents_removed AFTER DELETE ON user_entity_documents BEGIN
        UPDATE user_entities SET documents = max(0, documents - 1), asked_documents = max(0, asked_documents - (old.asked > 0))
        WHERE user_id = old.user_id AND entity_id = old.entity_id;
      END;

      CREATE TABLE suggestion_feedback (
        user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        suggestion_key TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('accepted', 'dismissed')),
        at             INTEGER NOT NULL,
        PRIMARY KEY (user_id, suggestion_key)
      ) STRICT, WITHOUT ROWID;

      -- What each suggestion shown to a user was about, so a later accept or dismiss that names
      -- only its key is learnt on the right entities. entity_ids: a JSON array, only ever read whole.
      -- Pruned with the events (same retention), so it never outlives the log it indexes.
      CREATE TABLE shown_suggestions (
        user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        suggestion_key TEXT NOT NULL,
        document_id    TEXT REFERENCES documents (id) ON DELETE CASCADE,
        text           TEXT NOT NULL,
        entity_ids     TEXT NOT NULL DEFAULT '[]',
        times          INTEGER NOT NULL DEFAULT 1,
        last_at        INTEGER NOT NULL,
        PRIMARY KEY (user_id, suggestion_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX shown_suggestions_document ON shown_suggestions (document_id);
    `);
  },
};
