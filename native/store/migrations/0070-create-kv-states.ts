import type { Migration } from './Migration.js';

/**
 * Saved KV-cache states: one file per (model, load settings, prompt prefix). The
 * manifest columns are checked against the loaded model before a file is restored.
 */
export const createKvStates: Migration = {
  version: 70,
  name: 'create-kv-states',
  up(db) {
    db.exec(`
      CREATE TABLE kv_states (
        id             INTEGER PRIMARY KEY,
        model_id       TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        model_sha256   TEXT NOT NULL,
        settings_hash  TEXT NOT NULL,
        prefix_hash    TEXT NOT NULL,
        scope_key      TEXT NOT NULL,
        file           TEXT NOT NULL,
        tokens         INTEGER NOT NULL,
        bytes          INTEGER NOT NULL,
        created_at     TEXT NOT NULL,
        last_used_at   TEXT NOT NULL,
        UNIQUE (model_id, settings_hash, prefix_hash)
      ) STRICT;
      CREATE INDEX kv_states_last_used ON kv_states (last_used_at);
      CREATE INDEX kv_states_scope ON kv_states (scope_key);
    `);
  },
};
