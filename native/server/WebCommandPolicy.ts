/**
 * What a browser may ask of the engine beyond what the desktop app may: in web mode the token
 * is the only guard, so a page holding it must not turn the engine into a file reader or a
 * folder maker for the whole disk. Imports read only uploads; libraries open only in folders
 * the person named when starting Lectern or confirmed in Settings. Also tidies uploads nobody will read again.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CommandName, CommandResults } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import type { IngestOutcome } from '../api/types.js';
import type { Engine } from '../engine.js';
import { uploadsDir } from './receiveUpload.js';

export class WebCommandPolicy {
  private readonly libraryDirs: Set<string>;

  /** `libraryDirs`: the library folders the person named at launch (`lectern web --library`). */
  constructor(libraryDirs: Iterable<string>) {
    this.libraryDirs = new Set([...libraryDirs].map((d) => path.resolve(d)));
  }

  /** Refuses (INVALID_ARGUMENT) what a page may not do; returns what `after` needs to tidy up. */
  before(engine: Engine, command: CommandName, args: unknown): TidyPlan {
    // It reads a file into the library: from a page, only one that page uploaded (deleted once copied).
    if (command === 'ocr:addLanguage') {
      const p = (args as { path?: unknown } | null)?.path;
      if (typeof p !== 'string' || !isInside(realUploadsDir(engine), realOrResolved(p))) {
        throw new LecternError(
          'INVALID_ARGUMENT',
          `In web mode Lectern adds only OCR language files uploaded through the page, not ${String(p)}. Choose the .traineddata file in Settings › OCR languages.`,
        );
      }
      return { uploadToDiscard: p };
    }
    // A copy written where the page says would let it write a PDF anywhere on the disk: web mode writes into the library's exports folder only.
    if (command === 'annotations:annotatedCopy' && (args as { targetPath?: unknown } | null)?.targetPath !== undefined) {
      throw new LecternError(
        'INVALID_ARGUMENT',
        "In web mode the annotated copy is written to the library's exports folder; leave out targetPath, or use `lectern notes copy <docId> --out FILE`.",
      );
    }
    if (command === 'library:ingest') {
      const uploads = realUploadsDir(engine);
      // Runs before the schema check: anything not a list of strings is left for it to refuse.
      const paths = (args as { paths?: unknown } | null)?.paths;
      for (const p of Array.isArray(paths) ? (paths as unknown[]) : []) {
        if (typeof p !== 'string' || !isInside(uploads, realOrResolved(p))) {
          throw new LecternError('INVALID_ARGUMENT', `In web mode Lectern imports only files uploaded through the page, not ${String(p)}. Choose the file with Import in the app.`);
        }
      }
    }
    if (command === 'app:openLibrary' || command === 'app:setLibraryDir') {
      const { libraryDir: dir, confirmed } = (args ?? {}) as { libraryDir?: unknown; confirmed?: unknown };
      if (typeof dir === 'string' && path.isAbsolute(dir) && !this.libraryDirs.has(path.resolve(dir))) {
        // A folder named at launch, or one the person confirmed in Settings (the page asks them), and no other.
        if (confirmed !== true) {
          throw new LecternError(
            'CONFIRMATION_NEEDED',
            `Lectern was not started with ${dir}. Confirm that it may open this folder as a library (it will read and write there), or start Lectern with “lectern web --library ${dir}”.`,
          );
        }
        this.libraryDirs.add(path.resolve(dir));
      }
    }
    if (command === 'library:remove') {
      const id = (args as { id?: unknown } | null)?.id;
      const summary = typeof id === 'string' ? engine.documents.summary(id) : null;
      if (summary) return { removedFile: summary.path };
    }
    return {};
  }

  /** Deletes an upload read once, also when its command failed (nothing else will read it). */
  async discardUpload(engine: Engine, file: string): Promise<void> {
    await removeUpload(engine, file);
  }

  /**
   * Deletes uploads no document uses: a duplicate's, a failed or cancelled import's, a removed document's.
   * Also given a cancelled command's `partial` (shaped as its result), so a stopped import's unread uploads go too.
   */
  async after<C extends CommandName>(engine: Engine, command: C, result: CommandResults[C], plan: TidyPlan): Promise<void> {
    if (command === 'library:remove' && plan.removedFile) await removeUpload(engine, plan.removedFile);
    if (plan.uploadToDiscard) await this.discardUpload(engine, plan.uploadToDiscard);
    if (command === 'library:ingest') {
      for (const outcome of (result as CommandResults['library:ingest']).documents) {
        if (!isUnused(engine, outcome)) continue;
        await removeUpload(engine, outcome.path);
      }
    }
  }
}

/** What `after` tidies: a removed document's upload; an upload read once (an OCR language file, copied into the library), whether the command succeeded or failed. */
export interface TidyPlan {
  removedFile?: string;
  uploadToDiscard?: string;
}

function isUnused(engine: Engine, outcome: IngestOutcome): boolean {
  if (outcome.status !== 'duplicate' && outcome.status !== 'failed' && outcome.status !== 'cancelled') return false;
  // The same upload imported twice: its "duplicate" is the stored document's own file.
  const stored = outcome.id ? engine.documents.summary(outcome.id) : null;
  return !stored || path.resolve(stored.path) !== path.resolve(outcome.path);
}

/** Removes `<library>/files/<random>/` holding `file`, and nothing outside the uploads folder. */
async function removeUpload(engine: Engine, file: string): Promise<void> {
  const uploads = realUploadsDir(engine);
  const folder = path.dirname(realOrResolved(file));
  if (path.dirname(folder) !== uploads) return;
  await fs.promises.rm(folder, { recursive: true, force: true });
}

function realUploadsDir(engine: Engine): string {
  return realOrResolved(uploadsDir(engine.libraryDir));
}

/** The path with symlinks resolved, as far as it exists. */
function realOrResolved(p: string): string {
  const resolved = path.resolve(p);
  try {
    return fs.realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realOrResolved(parent), path.basename(resolved));
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
