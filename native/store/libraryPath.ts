/**
 * Confinement of the files Lectern deletes, reads and serves to its library folder.
 * The database stores those paths relative to the folder (a copied or shared library
 * then points at its own files), and every stored path is checked on the way out:
 * lexically inside the folder, and, symlinks resolved, really inside it. A library
 * folder is shared data (the README invites passing one on), so a row is never trusted
 * to name a file elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../api/errors.js';

/** A folder whose files a library may touch; paths are stored relative to it, with '/' separators. */
export class LibraryFolder {
  readonly dir: string;
  private realDir: string | null = null;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** The form a path is stored in: relative to the folder, '/'-separated. Throws PATH_OUTSIDE_LIBRARY for a path outside. */
  relative(file: string): string {
    const rel = path.relative(this.dir, path.resolve(this.dir, file));
    if (!isBelow(rel)) throw outside(file, this.dir, 'it is not inside the library folder');
    return rel.split(path.sep).join('/');
  }

  /**
   * The absolute path of a stored one (relative, or absolute from an older Lectern), once
   * it is known to stay in the folder: lexically, and with every symlink resolved (the
   * deepest part that exists is resolved, so a missing file inside a symlinked folder is
   * judged by where that folder really is). Throws PATH_OUTSIDE_LIBRARY otherwise.
   */
  resolve(stored: string): string {
    const file = path.isAbsolute(stored) ? path.resolve(stored) : path.resolve(this.dir, ...stored.split('/'));
    if (!isBelow(path.relative(this.dir, file))) throw outside(stored, this.dir, 'it is not inside the library folder');
    const real = realLocation(file);
    if (real === null) throw outside(stored, this.dir, 'it is a link that leads nowhere');
    if (!isBelow(path.relative(this.root(), real))) throw outside(stored, this.dir, `it really is ${real}`);
    return file;
  }

  /** Whether `file` (absolute) lies lexically inside the folder. */
  contains(file: string): boolean {
    return isBelow(path.relative(this.dir, path.resolve(file)));
  }

  /**
   * Deletes a stored file that is confined to the folder; a missing one is fine. A link
   * is checked by where it leads and never followed: `rm` removes the link itself.
   * Throws PATH_OUTSIDE_LIBRARY, touching nothing, for a path outside.
   */
  remove(stored: string): void {
    fs.rmSync(this.resolve(stored), { force: true });
  }

  private root(): string {
    this.realDir ??= fs.realpathSync(this.dir);
    return this.realDir;
  }
}

/** Where `file` really is: its own real path, or, for a missing file, its deepest existing folder's real path plus the rest. Null for a dangling link. */
function realLocation(file: string): string | null {
  let existing = file;
  const rest: string[] = [];
  for (;;) {
    try {
      fs.lstatSync(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return existing;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
  try {
    return path.join(fs.realpathSync(existing), ...rest);
  } catch {
    return null;
  }
}

/** A relative path that names something strictly below its base. */
function isBelow(rel: string): boolean {
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function outside(file: string, dir: string, why: string): LecternError {
  return new LecternError(
    'PATH_OUTSIDE_LIBRARY',
    `Lectern refused to touch ${file}: ${why}, and it only reads, serves or deletes its own files in ${dir}. The library's records may come from another copy of the folder; they were left as they are.`,
  );
}
