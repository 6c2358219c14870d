import type { Database } from 'better-sqlite3';
import { LecternError } from '../api/errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export function assertIncreasing(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (cur.version <= prev.version) {
      // A mistake in the list of migrations (a build error), refused before anything is written.
      throw new LecternError('INTERNAL', `Migration ${cur.name} (${cur.version}) must come after ${prev.name} (${prev.version}). Number the new migration after the last one.`);
    }
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the newest schema: every pending migration in one
 * transaction, so a crash leaves the old schema intact. Refuses a database written
 * by a newer Lectern rather than guessing at its schema.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  assertIncreasing(migrations);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new LecternError(
      'LIBRARY_TOO_NEW',
      `This library was written by a newer version of Lectern (schema ${current}, this version knows up to ${latest}). Update Lectern to open it.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  // PRAGMA foreign_keys does nothing inside a transaction, so it is switched off before it.
  const foreignKeysOff = pending.some((m) => m.rebuildsTables) && db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      if (foreignKeysOff) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new LecternError('INTERNAL', `A migration broke ${broken.length} references between tables; the library was left as it was.`);
      }
    }).immediate();
  } finally {
    if (foreignKeysOff) db.pragma('foreign_keys = ON');
  }
  return latest;
}
