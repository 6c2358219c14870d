import type { Database } from 'better-sqlite3';

/** A saved reading state's row: where its file is (relative to the library) and its size. */
export interface KvStateRow {
  id: number;
  file: string;
  bytes: number;
}

/** What a new (or replaced) saved state records. */
export interface NewKvState {
  modelId: string;
  modelSha256: string;
  settingsHash: string;
  prefixHash: string;
  scopeKey: string;
  file: string;
  tokens: number;
  bytes: number;
  at: string;
}

/** The `kv_states` table: one row per saved KV-cache state file (see llm/KvStateStore for the files). */
export class KvStateRepository {
  constructor(private readonly db: Database) {}

  totals(): { files: number; bytes: number } {
    return this.db.prepare('SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM kv_states').get() as { files: number; bytes: number };
  }

  hasScope(modelId: string, settingsHash: string, scopeKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM kv_states WHERE model_id = ? AND settings_hash = ? AND scope_key = ? LIMIT 1').get(modelId, settingsHash, scopeKey) !== undefined;
  }

  /** Adds a state, or points the row of the same model, settings and prefix at the new file. */
  upsert(s: NewKvState): void {
    this.db
      .prepare(
        `INSERT INTO kv_states (model_id, model_sha256, settings_hash, prefix_hash, scope_key, file, tokens, bytes, created_at, last_used_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (model_id, settings_hash, prefix_hash) DO UPDATE SET file = excluded.file, tokens = excluded.tokens, bytes = excluded.bytes, last_used_at = excluded.last_used_at`,
      )
      .run(s.modelId, s.modelSha256, s.settingsHash, s.prefixHash, s.scopeKey, s.file, s.tokens, s.bytes, s.at, s.at);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM kv_states WHERE id = ?').run(id);
  }

  touch(id: number, at: string): void {
    this.db.prepare('UPDATE kv_states SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  /** Every state, or those of one scope. */
  list(scopeKey?: string): KvStateRow[] {
    return (
      scopeKey ? this.db.prepare('SELECT id, file, bytes FROM kv_states WHERE scope_key = ?').all(scopeKey) : this.db.prepare('SELECT id, file, bytes FROM kv_states').all()
    ) as KvStateRow[];
  }

  listWithScopes(): Array<KvStateRow & { scope_key: string }> {
    return this.db.prepare('SELECT id, file, bytes, scope_key FROM kv_states').all() as Array<KvStateRow & { scope_key: string }>;
  }

  /** Least recently used first. */
  listByLastUse(): KvStateRow[] {
    return this.db.prepare('SELECT id, file, bytes FROM kv_states ORDER BY last_used_at, id').all() as KvStateRow[];
  }

  find(modelId: string, settingsHash: string, prefixHash: string): { id: number; file: string } | undefined {
    return this.db.prepare('SELECT id, file FROM kv_states WHERE model_id = ? AND settings_hash = ? AND prefix_hash = ?').get(modelId, settingsHash, prefixHash) as
      { id: number; file: string } | undefined;
  }

  files(): Array<{ id: number; file: string }> {
    return this.db.prepare('SELECT id, file FROM kv_states').all() as Array<{ id: number; file: string }>;
  }
}
