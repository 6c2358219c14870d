import path from 'node:path';
import type { Migration } from './Migration.js';

/**
 * Saved KV states named their files by absolute path, so a copy of a library folder
 * pointed at the original's files (`cache clear` on the copy emptied the original's
 * kv-cache) and a crafted row could name any file. Paths inside the library folder (the
 * folder of this database file) become relative to it; rows naming anything else are
 * dropped, their files left alone. The column keeps its name and type.
 */
export const relativeKvStatePaths: Migration = {
  version: 120,
  name: 'relative-kv-state-paths',
  up(db) {
    const databaseFile = (db.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'").get() as { file: string } | undefined)?.file ?? '';
    const libraryDir = databaseFile === '' ? null : path.dirname(databaseFile);
    const rows = db.prepare('SELECT id, file FROM kv_states').all() as Array<{ id: number; file: string }>;
    const update = db.prepare('UPDATE kv_states SET file = ? WHERE id = ?');
    const drop = db.prepare('DELETE FROM kv_states WHERE id = ?');
    for (const row of rows) {
      const rel = libraryDir === null ? null : path.relative(libraryDir, path.resolve(libraryDir, row.file));
      if (rel === null || rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) drop.run(row.id);
      else update.run(rel.split(path.sep).join('/'), row.id);
    }
  },
};
