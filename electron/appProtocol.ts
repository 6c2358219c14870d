/**
 * `lectern://app/`: the renderer's files (dist/renderer) and documents' original files at
 * `/api/documents/<id>/file`, the same path web mode serves, so the renderer builds its URLs
 * one way. No file:// URL is ever loaded in the window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { ASSET_TYPES } from '../native/server/appAssets.js';
import { parseRange } from '../native/server/sendFile.js';
import type { DocumentFormat, DocumentSummary } from '../native/api/types.js';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, documentFileRoute, isAppUrl, resolveAppAsset } from './security.js';

const DOCUMENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/**
 * Must run before the app is ready. `standard` gives the scheme real origins and relative
 * URLs; `secure` makes it a secure context (workers, crypto.subtle); `supportFetchAPI` lets
 * pdf.js and the renderer fetch from it; `stream` lets responses be streamed.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);
}

/** `findDocument` asks the engine for a document's record; it throws when there is none. */
export type FindDocument = (id: string) => Promise<DocumentSummary>;

export function handleAppProtocol(rendererDir: string, findDocument: FindDocument): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return text(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Use GET.', { Allow: 'GET, HEAD' });
    const { pathname } = new URL(request.url);
    const documentId = documentFileRoute(pathname);
    if (documentId !== null) return serveDocument(request, documentId, findDocument);
    if (pathname.startsWith('/api/')) return text(404, 'Not found.');

    const file = resolveAppAsset(rendererDir, pathname);
    if (file === null) return text(403, 'Forbidden.');
    const stat = await statFile(file);
    if (!stat) {
      if (path.basename(file) === 'index.html') return text(503, 'The window has not been built. Run `npm run build`, then start Lectern again.');
      return text(404, 'Not found.');
    }
    return fileResponse(request, file, stat.size, ASSET_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
  });
}

async function serveDocument(request: Request, id: string, findDocument: FindDocument): Promise<Response> {
  let summary: DocumentSummary;
  try {
    summary = await findDocument(id);
  } catch {
    return json(404, { code: 'DOCUMENT_NOT_FOUND', message: `No document with id ${id} in this library.` });
  }
  const stat = await statFile(summary.path);
  if (!stat) return json(404, { code: 'FILE_NOT_FOUND', message: `The file of "${summary.title}" is no longer at ${summary.path}. Put it back, or import it again.` });
  return fileResponse(request, summary.path, stat.size, DOCUMENT_TYPES[summary.format] ?? 'application/octet-stream', {
    'Cache-Control': 'private, no-cache',
    // The person's own files, served from the app's origin: never let one run as a page.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': 'inline',
  });
}

/** The whole file (200) or one byte range of it (206), with `Accept-Ranges` so pdf.js asks for ranges. */
function fileResponse(request: Request, file: string, size: number, contentType: string, extra: Record<string, string>): Response {
  const headers: Record<string, string> = { ...extra, 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff' };
  const rangeHeader = request.headers.get('range');
  const range = rangeHeader === null ? null : parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const [start, end] = range ?? [0, size - 1];
  const length = size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const body = Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

async function statFile(file: string): Promise<fs.Stats | null> {
  try {
    const stat = await fs.promises.stat(file);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

function json(status: number, error: { code: string; message: string }): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
}
