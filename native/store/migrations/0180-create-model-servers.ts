import type { Migration } from './Migration.js';

/**
 * Inference servers registered as chat models (`models:addServer`): an OpenAI-compatible base URL,
 * the model to ask for (null: the server's own), and whether an API key is stored for it. The key
 * itself is never in the library file: it lives in the secret store (a 0600 file under the library's
 * `keys/`, or Electron's safeStorage on the desktop), under the server's id.
 * `insecure_confirmed`: the person confirmed sending documents over plain http to another machine.
 * `timeout_ms`: how long the server may stay silent before a request fails (null: the default, 120 s).
 */
export const createModelServers: Migration = {
  version: 180,
  name: 'create-model-servers',
  up(db) {
    db.exec(`
      CREATE TABLE model_servers (
        id                 TEXT PRIMARY KEY,
        name               TEXT NOT NULL,
        base_url           TEXT NOT NULL,
        model              TEXT,
        has_key            INTEGER NOT NULL CHECK (has_key IN (0, 1)),
        insecure_confirmed INTEGER NOT NULL CHECK (insecure_confirmed IN (0, 1)),
        timeout_ms         INTEGER CHECK (timeout_ms > 0),
        added_at           TEXT NOT NULL,
        UNIQUE (base_url, model)
      ) STRICT;
    `);
  },
};
