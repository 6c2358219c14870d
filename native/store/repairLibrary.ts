import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LecternError, storageFailure } from '../api/errors.js';
import { LIBRARY_FILE } from './openLibraryDatabase.js';

/** What `lectern repair` found and did. */
export interface RepairReport {
  /** SQLite's integrity check before the repair: ['ok'] or the problems it lists (at most 20). */
  before: string[];
  /** The search index: rebuilt from the passages, or created again (it was missing) and filled. */
  searchIndex: 'rebuilt' | 'recreated';
  /** The check after the repair. */
  after: string[];
  /** Passages now in the search index. */
  passages: number;
  ok: boolean;
}

/**
 * Checks a library's file and rebuilds its full-text index from the passages (which hold the
 * text): what fixes a missing or inconsistent index. Damage in the documents' own tables is
 * reported, not guessed at: that needs a backup.
 */
export function repairLibrary(libraryDir: string): RepairReport {
  const file = path.join(libraryDir, LIBRARY_FILE);
  if (!fs.existsSync(file)) throw new LecternError('LIBRARY_UNREADABLE', `There is no library at ${libraryDir} (no ${LIBRARY_FILE}).`);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const check = () => (db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    const before = safely(check);
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'passage_search'").get() !== undefined;
    db.transaction(() => {
      if (!exists) {
        // As migration 0050 made it; the vocabulary view points at it, so it goes and comes back too.
        db.exec(`DROP TABLE IF EXISTS passage_search_terms;
          CREATE VIRTUAL TABLE passage_search USING fts5 (
            section_title, text,
            content = 'passage_search_source', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
          );
          CREATE VIRTUAL TABLE passage_search_terms USING fts5vocab (passage_search, 'row');`);
      }
      db.exec("INSERT INTO passage_search (passage_search) VALUES ('rebuild')");
    })();
    const after = safely(check);
    const passages = (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
    return { before, searchIndex: exists ? 'rebuilt' : 'recreated', after, passages, ok: after.length === 1 && after[0] === 'ok' };
  } catch (error) {
    throw storageFailure(error) ?? error;
  } finally {
    db.close();
  }
}

/** A check that cannot even run (the file's header is gone) is a finding, not a crash. */
function safely(check: () => string[]): string[] {
  try {
    return check();
  } catch (error) {
    return [(error as Error).message];
  }
}
