import type { Database, Statement } from 'better-sqlite3';
import type { ModelRecord } from '../api/types.js';

/** A row of `models`, as stored. */
export interface ModelRow {
  id: string;
  sha256: string;
  name: string;
  path: string;
  source_uri: string | null;
  file_bytes: number;
  architecture: string;
  parameters: number | null;
  train_context_size: number;
  chat_template: string | null;
  kind: ModelRecord['kind'];
  added_at: string;
}

/** The `models` table: the GGUF files a library knows (see llm/ModelRegistry for adding and removing them). */
export class ModelRepository {
  private readonly byId: Statement<[string], ModelRow>;
  private readonly bySha: Statement<[string], ModelRow>;
  private readonly byPath: Statement<[string], ModelRow>;
  private readonly bySource: Statement<[string], ModelRow>;

  constructor(private readonly db: Database) {
    this.byId = db.prepare('SELECT * FROM models WHERE id = ?');
    this.bySha = db.prepare('SELECT * FROM models WHERE sha256 = ?');
    this.byPath = db.prepare('SELECT * FROM models WHERE path = ?');
    this.bySource = db.prepare('SELECT * FROM models WHERE source_uri = ? ORDER BY added_at');
  }

  /** Oldest first. */
  list(): ModelRow[] {
    return this.db.prepare<[], ModelRow>('SELECT * FROM models ORDER BY added_at, id').all();
  }

  withId(id: string): ModelRow | undefined {
    return this.byId.get(id);
  }

  /** At most two rows whose id starts with `prefix` (two: the prefix is ambiguous). */
  withIdPrefix(prefix: string): ModelRow[] {
    return this.db.prepare<[string], ModelRow>("SELECT * FROM models WHERE id LIKE ? || '%' ORDER BY id LIMIT 2").all(prefix);
  }

  withSha256(sha256: string): ModelRow | undefined {
    return this.bySha.get(sha256);
  }

  atPath(file: string): ModelRow | undefined {
    return this.byPath.get(file);
  }

  /** Models downloaded from this address, oldest first. */
  fromSource(uri: string): ModelRow[] {
    return this.bySource.all(uri);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
  }

  setPath(id: string, file: string): void {
    this.db.prepare('UPDATE models SET path = ? WHERE id = ?').run(file, id);
  }

  setPathAndSource(id: string, file: string, uri: string): void {
    this.db.prepare('UPDATE models SET path = ?, source_uri = ? WHERE id = ?').run(file, uri, id);
  }

  /** Inserts unless a model with the same sha256 is stored already. */
  insert(record: ModelRecord): void {
    this.db
      .prepare(
        `INSERT INTO models (id, sha256, name, path, source_uri, file_bytes, architecture, parameters, train_context_size, chat_template, kind, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
      )
      .run(
        record.id,
        record.sha256,
        record.name,
        record.path,
        record.sourceUri,
        record.fileBytes,
        record.architecture,
        record.parameters,
        record.trainContextSize,
        record.chatTemplate,
        record.kind,
        record.addedAt,
      );
  }
}
