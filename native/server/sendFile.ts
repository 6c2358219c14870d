/**
 * Streams a file as an HTTP response: HEAD, one byte range (pdf.js reads PDFs in ranges),
 * validators for revalidation. Shared by the built renderer and documents' source files.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface SendFileOptions {
  contentType: string;
  /** Extra response headers (cache policy, CSP, cookies). */
  headers?: Record<string, string | string[]>;
}

/**
 * `stat` must be the file's current stat; a file that vanished since then ends the response.
 * `file` is a path, or a handle already opened (and checked) by the caller, who closes it.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string | fs.promises.FileHandle, stat: fs.Stats, options: SendFileOptions): Promise<void> {
  const size = stat.size;
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', options.contentType);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', stat.mtime.toUTCString());
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);

  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }

  let start = 0;
  let end = size - 1;
  const range = req.headers.range;
  // If-Range: a range of a changed file would splice two versions together; send it whole.
  const rangeStillValid = req.headers['if-range'] === undefined || req.headers['if-range'] === etag;
  if (range !== undefined && rangeStillValid) {
    const parsed = parseRange(range, size);
    if (parsed === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    if (parsed !== null) {
      [start, end] = parsed;
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    }
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  try {
    const stream = typeof file === 'string' ? fs.createReadStream(file, { start, end }) : file.createReadStream({ start, end, autoClose: false });
    await pipeline(stream, res);
  } catch {
    // The client went away (pdf.js aborts a full GET once it knows ranges work), or the file did.
    res.destroy();
  }
}

/**
 * One `bytes=` range → [start, end] inclusive; null to ignore the header (malformed or
 * several ranges: answering 200 with the whole file is allowed); 'unsatisfiable' → 416.
 */
export function parseRange(header: string, size: number): [number, number] | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return [start, end];
}
