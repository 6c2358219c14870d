import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LecternError, storageFailure } from '../api/errors.js';
import { pathToFileURL } from 'node:url';
import { migrate, schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

// Lets a library on read-only media open as an immutable file (a `file:` address with
// ?immutable=1); read by better-sqlite3 when it first loads SQLite. Plain paths are unaffected.
process.env.SQLITE_USE_URI ??= '1';

export const LIBRARY_FILE = 'library.sqlite';

/**
 * Opens (creating if needed) the one SQLite file of a library folder, with WAL,
 * foreign keys and the newest schema.
 */
export function openLibraryDatabase(libraryDir: string): Database.Database {
  const existing = path.join(libraryDir, LIBRARY_FILE);
  if (fs.existsSync(existing) && !writable(libraryDir, existing)) return openReadOnly(existing);
  try {
    fs.mkdirSync(libraryDir, { recursive: true });
  } catch (error) {
    throw new LecternError('LIBRARY_UNREADABLE', `Cannot create the library folder ${libraryDir}: ${(error as Error).message}`, { cause: error });
  }
  const file = path.join(libraryDir, LIBRARY_FILE);
  refuseEmptyFile(file);
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Search reads the FTS index at random: memory-mapping it and a 64 MiB page cache
    // took p50 at a million passages from about 9 to under 8 ms (npm run bench:search).
    db.pragma('mmap_size = 2147483648');
    db.pragma('cache_size = -65536');
  } catch (error) {
    const storage = storageFailure(error);
    if (storage) throw storage;
    throw new LecternError(
      'LIBRARY_UNREADABLE',
      `Cannot open the library at ${file}: ${(error as Error).message}. Check that it is a Lectern library and that you may write to it.`,
      { cause: error },
    );
  }
  try {
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof LecternError) throw error;
    const storage = storageFailure(error);
    if (storage) throw storage;
    throw new LecternError('LIBRARY_UNREADABLE', `Cannot open the library at ${file}: ${(error as Error).message}`, { cause: error });
  }
  return db;
}

/**
 * A library file that exists but is empty lost its content (a failed copy, a full disk, a sync
 * tool): SQLite would read it as a new, empty library and write over it, hiding the loss.
 */
function refuseEmptyFile(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // no file yet: a new library
  }
  if (size === 0) {
    throw new LecternError(
      'LIBRARY_DAMAGED',
      `The library file ${file} is empty (0 bytes): its content was lost, perhaps by an interrupted copy or a full disk. Restore library.sqlite from a backup, or move the empty file away to start a new, empty library in this folder.`,
    );
  }
}

function writable(dir: string, file: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A library on read-only media (a CD, a read-only mount, a locked share): SQLite cannot make
 * the WAL's shared-memory file there, so the file opens as immutable, read-only. Search and
 * reading work; any write fails as LIBRARY_READ_ONLY.
 */
function openReadOnly(file: string): Database.Database {
  refuseEmptyFile(file);
  let db: Database.Database;
  try {
    db = new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, fileMustExist: true });
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw storageFailure(error) ?? new LecternError('LIBRARY_UNREADABLE', `Cannot open the read-only library at ${file}: ${(error as Error).message}`, { cause: error });
  }
  const latest = MIGRATIONS.at(-1)!.version;
  if (schemaVersion(db) < latest) {
    db.close();
    throw new LecternError(
      'LIBRARY_READ_ONLY',
      `The library at ${file} was made by an older Lectern and must be upgraded, which read-only storage does not allow. Copy the library folder somewhere writable and open the copy.`,
    );
  }
  if (schemaVersion(db) > latest) {
    db.close();
    throw new LecternError('LIBRARY_TOO_NEW', `The library at ${file} was made by a newer Lectern. Update Lectern to open it.`);
  }
  return db;
}
