import type { Database, Statement } from 'better-sqlite3';

/** A row of `users`, as knowledge/ProfileStore reads it. */
export interface UserRow {
  id: number;
  name: string;
  createdAt: string;
  paused: number;
  retentionDays: number;
}

const USER_SELECT = 'SELECT id, name, created_at AS createdAt, learning_paused AS paused, retention_days AS retentionDays FROM users';

/** Tables that hold a user's rows; all reference users (id) ON DELETE CASCADE. */
const USER_DATA_TABLES = ['events', 'user_entities', 'user_entity_documents', 'suggestion_feedback', 'shown_suggestions'];

/** The `users` table: the library's local users and their learning settings. */
export class UserRepository {
  private readonly all: Statement<[], UserRow>;
  private readonly byName: Statement<[string], UserRow>;
  private readonly allNames: Statement<[], { name: string }>;
  private readonly countAll: Statement<[], { n: number }>;

  constructor(private readonly db: Database) {
    this.all = db.prepare(`${USER_SELECT} ORDER BY id`);
    this.byName = db.prepare(`${USER_SELECT} WHERE name = ?`);
    this.allNames = db.prepare('SELECT name FROM users ORDER BY id');
    this.countAll = db.prepare('SELECT count(*) AS n FROM users');
  }

  list(): UserRow[] {
    return this.all.all();
  }

  /** By name as stored (the column compares without case). */
  find(name: string): UserRow | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.allNames.all().map((r) => r.name);
  }

  count(): number {
    return this.countAll.get()!.n;
  }

  insert(name: string, createdAt: string): void {
    this.db.prepare('INSERT INTO users (name, created_at) VALUES (?, ?)').run(name, createdAt);
  }

  /** Deletes the user; their rows in every other table go with it (ON DELETE CASCADE). */
  delete(userId: number): void {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
  }

  /** Deletes everything kept about the user, and keeps the user. */
  clearData(userId: number): void {
    for (const table of USER_DATA_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE user_id = ?`).run(userId);
  }

  setLearningPaused(userId: number, paused: boolean): void {
    this.db.prepare('UPDATE users SET learning_paused = ? WHERE id = ?').run(paused ? 1 : 0, userId);
  }

  setRetentionDays(userId: number, days: number): void {
    this.db.prepare('UPDATE users SET retention_days = ? WHERE id = ?').run(days, userId);
  }
}
