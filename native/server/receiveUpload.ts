/**
 * Imports in web mode: a browser cannot name a file on disk, so it sends the bytes. They are
 * kept in `<libraryDir>/files/<random>/<name>` (the reader opens them later, and the folder
 * keeps the person's own file name, which plain-text titles fall back to).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../formatBytes.js';
import { LecternError, storageFailure } from '../api/errors.js';

/** Where uploads are kept inside a library. */
export function uploadsDir(libraryDir: string): string {
  return path.join(libraryDir, 'files');
}

/** Stores the request body; resolves with the stored file's absolute path. */
export async function receiveUpload(req: IncomingMessage, libraryDir: string, rawName: string | null, maxBytes: number): Promise<string> {
  const name = safeFileName(rawName);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);

  const dir = path.join(uploadsDir(libraryDir), crypto.randomBytes(9).toString('base64url'));
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const partial = `${file}.part`;
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) callback(tooLarge(received, maxBytes));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, fs.createWriteStream(partial, { flags: 'wx' }));
    await fs.promises.rename(partial, file);
    return file;
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (error instanceof LecternError) throw error;
    const storage = storageFailure(error);
    if (storage) throw storage;
    throw new LecternError('FILE_UNREADABLE', `The upload of ${name} did not finish: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The name as the person's file had it, made safe to create: no folders, no control or
 * bidirectional-override characters, nothing Windows forbids, at most 200 bytes; a name with
 * nothing visible left is refused. Path separators are refused
 * outright rather than stripped, since a browser never sends them.
 */
export function safeFileName(raw: string | null): string {
  if (raw === null || raw.trim() === '') throw new LecternError('INVALID_ARGUMENT', 'The upload needs ?name=<file name>.');
  if (/[/\\]/.test(raw)) throw new LecternError('INVALID_ARGUMENT', `"${raw}" is not a plain file name: it contains a path separator.`);
  // Bidirectional controls (U+202E shows "evil\u202Efdp.exe" as "evilexe.pdf") and other invisible
  // format characters are dropped: a file name must read as what it is.
  let name = raw.normalize('NFC').replace(/\p{Cf}/gu, '');
  name = name.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim();
  // Nothing left but dots, underscores (control characters) and an extension: "", "..", ".pdf", "\u202E.pdf".
  if (/^[._\s]*$/u.test(name.replace(/\.(pdf|txt|md)$/i, ''))) {
    throw new LecternError('INVALID_ARGUMENT', `"${raw}" is not a file name a person could read: it has no visible name. Rename the file and upload it again.`);
  }
  if (Buffer.byteLength(name) > 200) {
    const ext = path.extname(name);
    const suffix = ext.length <= 16 ? ext : '';
    const stem = [...name.slice(0, name.length - suffix.length)];
    while (stem.length > 1 && Buffer.byteLength(stem.join('') + suffix) > 200) stem.pop();
    name = stem.join('') + suffix;
  }
  return name;
}

function tooLarge(bytes: number, maxBytes: number): LecternError {
  return new LecternError(
    'FILE_TOO_LARGE',
    `This file is ${formatBytes(bytes)} or more, over the ${formatBytes(maxBytes)} import limit. Split it, or raise the limit in settings.`,
  );
}
