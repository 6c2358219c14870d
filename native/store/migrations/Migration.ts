import type { Database } from 'better-sqlite3';

/** One schema step. Versions go up in steps of 10 so a fix can slot in between. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * The step drops and recreates a table (SQLite's way to change a constraint). Foreign keys are
   * then off while the migrations run, as SQLite requires (dropping a parent table would cascade
   * into its children), and checked before the transaction commits.
   */
  rebuildsTables?: boolean;
}
