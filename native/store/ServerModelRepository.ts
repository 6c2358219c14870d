import type { Database } from 'better-sqlite3';

/** A row of `model_servers`, as stored (never a key: see SecretStore). */
export interface ServerModelRow {
  id: string;
  name: string;
  base_url: string;
  model: string | null;
  has_key: 0 | 1;
  insecure_confirmed: 0 | 1;
  timeout_ms: number | null;
  added_at: string;
}

/** The `model_servers` table: inference servers registered as chat models (see llm/ModelRegistry). */
export class ServerModelRepository {
  constructor(private readonly db: Database) {}

  /** Oldest first. */
  list(): ServerModelRow[] {
    return this.db.prepare<[], ServerModelRow>('SELECT * FROM model_servers ORDER BY added_at, id').all();
  }

  withId(id: string): ServerModelRow | undefined {
    return this.db.prepare<[string], ServerModelRow>('SELECT * FROM model_servers WHERE id = ?').get(id);
  }

  /** At most two rows whose id starts with `prefix`. */
  withIdPrefix(prefix: string): ServerModelRow[] {
    return this.db.prepare<[string], ServerModelRow>("SELECT * FROM model_servers WHERE id LIKE ? || '%' ORDER BY id LIMIT 2").all(prefix);
  }

  withName(name: string): ServerModelRow | undefined {
    return this.db.prepare<[string], ServerModelRow>('SELECT * FROM model_servers WHERE name = ? ORDER BY added_at LIMIT 1').get(name);
  }

  /** Inserts, or updates the row of the same id (the same URL and model registered again). */
  upsert(row: ServerModelRow): void {
    this.db
      .prepare(
        `INSERT INTO model_servers (id, name, base_url, model, has_key, insecure_confirmed, timeout_ms, added_at) VALUES (@id, @name, @base_url, @model, @has_key, @insecure_confirmed, @timeout_ms, @added_at)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, has_key = excluded.has_key, insecure_confirmed = excluded.insecure_confirmed, timeout_ms = excluded.timeout_ms`,
      )
      .run(row);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM model_servers WHERE id = ?').run(id);
  }
}
