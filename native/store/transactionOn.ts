import type { Database } from 'better-sqlite3';

/**
 * Runs `fn` in one SQLite transaction of the library, so writes through several repositories
 * commit together or not at all. `immediate` takes the write lock at the start (for a
 * read-check-write that another connection must not slip between); nested calls become
 * savepoints, as in better-sqlite3.
 */
export type Transact = <T>(fn: () => T, mode?: 'deferred' | 'immediate') => T;

/** The transaction helper of a library's database, for domain services that must not hold the database itself. */
export function transactionOn(db: Database): Transact {
  return <T>(fn: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T => {
    const transaction = db.transaction(fn);
    return mode === 'immediate' ? transaction.immediate() : transaction();
  };
}
