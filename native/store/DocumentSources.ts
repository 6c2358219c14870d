/**
 * Opens the file a document was imported from, for the reader, only while it is still
 * that file. A path is only a name: the file there can be swapped for a link to
 * /etc/passwd, or for anything else, after the import. So:
 *
 * - an upload (a path inside the library folder) must really be inside it, links
 *   resolved (LibraryFolder.resolve);
 * - every file, uploaded or imported by path from elsewhere, is opened once, checked
 *   through that open handle to be a regular file of the imported size and sha256, and
 *   served from the same handle, so nothing swapped in between the check and the read is
 *   ever sent. The sha256 is the import's own, so this needs no new column and holds for
 *   any file system; an inode alone would be reused, and a size would match by chance.
 *
 * Hashing a large PDF on every range request would be slow, so a check is remembered per
 * document for the file's identity (device, inode, size, modification and change times):
 * rewriting the file or putting another in its place changes one of them (the change time
 * cannot be set back by a user), and the next request checks it again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LecternError } from '../api/errors.js';
import type { DocumentRepository } from './DocumentRepository.js';
import { notFound } from './DocumentRepository.js';
import type { LibraryFolder } from './libraryPath.js';

export interface OpenedSource {
  handle: fs.promises.FileHandle;
  stat: fs.Stats;
  title: string;
  /** The absolute path that was opened. */
  path: string;
}

export class DocumentSources {
  /** Document id → identity of the file last found to hold the imported bytes, or the check under way. */
  private readonly verified = new Map<string, { identity: string; check: Promise<boolean> }>();

  constructor(
    private readonly documents: DocumentRepository,
    private readonly folder: LibraryFolder,
  ) {}

  /**
   * The open, checked source file of a document; the caller reads it through `handle` and
   * closes it. Throws DOCUMENT_NOT_FOUND, FILE_NOT_FOUND, PATH_OUTSIDE_LIBRARY (an upload
   * whose real location left the library) or SOURCE_CHANGED (not the imported file any more).
   */
  async open(id: string): Promise<OpenedSource> {
    const source = this.documents.source(id);
    if (!source) throw notFound(id);
    const file = this.folder.contains(source.path) ? this.folder.resolve(source.path) : source.path;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch {
      throw new LecternError('FILE_NOT_FOUND', `The file of "${source.title}" is no longer at ${source.path}. Put it back, or import it again.`);
    }
    try {
      const stat = await handle.stat();
      const changed = () =>
        new LecternError(
          'SOURCE_CHANGED',
          `${source.path} is no longer the file "${source.title}" was imported from, so Lectern will not show it. Put the original back, or import the file again.`,
        );
      if (!stat.isFile() || stat.size !== source.bytes) throw changed();
      const identity = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
      let known = this.verified.get(id);
      if (known?.identity !== identity) {
        known = { identity, check: sha256Of(handle).then((sha) => sha === source.sha256) };
        this.verified.set(id, known);
      }
      if (!(await known.check)) {
        this.verified.delete(id);
        throw changed();
      }
      return { handle, stat, title: source.title, path: file };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
}

/** The sha256 of everything the handle's file holds, read from its start; the handle stays open. */
async function sha256Of(handle: fs.promises.FileHandle): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of handle.createReadStream({ start: 0, autoClose: false, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
