import type { Database } from 'better-sqlite3';

export interface Demonstration {
  question: string;
  evidence: string[];
  answer: string;
}

/** Recycled-context demonstrations, cached per (scope, model, context). */
export class DemonstrationRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(scopeKey: string, modelId: string, contextHash: string): Demonstration[] | null {
    const row = this.db.prepare('SELECT examples FROM demonstrations WHERE scope_key = ? AND model_id = ? AND prefix_hash = ?').get(scopeKey, modelId, contextHash) as
      { examples: string } | undefined;
    return row ? (JSON.parse(row.examples) as Demonstration[]) : null;
  }

  put(scopeKey: string, modelId: string, contextHash: string, examples: Demonstration[]): void {
    this.db
      .prepare(
        `INSERT INTO demonstrations (scope_key, model_id, prefix_hash, examples, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (scope_key, model_id, prefix_hash) DO UPDATE SET examples = excluded.examples, created_at = excluded.created_at`,
      )
      .run(scopeKey, modelId, contextHash, JSON.stringify(examples), this.now().toISOString());
  }
}
