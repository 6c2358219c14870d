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
import { imageSourceAsPdf } from '../native/server/imageSourceAsPdf.js';
import { parseRange } from '../native/server/sendFile.js';
import type { DocumentFormat, SourceIdentity } from '../native/api/types.js';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, documentFileRoute, isAppUrl, resolveAppAsset } from './security.js';

const DOCUMENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  // Never served as markup: an imported page or book must not run or render in the app's origin;
  // the reader shows the engine's sanitized chapters instead.
  epub: 'application/octet-stream',
  docx: 'application/octet-stream',
  html: 'text/plain; charset=utf-8',
};

/**
 * Must run before the app is ready. `standard` gives the scheme real origins and relative
 * URLs; `secure` makes it a secure context (workers, crypto.subtle); `supportFetchAPI` lets
 * pdf.js and the renderer fetch from it; `stream` lets responses be streamed.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);
}

/**
 * `findSource` asks the engine where a document's file is, once the engine has checked that it
 * is the very file imported (and inside the library for an upload); it throws otherwise.
 */
export type FindSource = (id: string) => Promise<{ path: string; format: DocumentFormat; identity: SourceIdentity }>;

export function handleAppProtocol(rendererDir: string, findSource: FindSource): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return text(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Use GET.', { Allow: 'GET, HEAD' });
    const { pathname } = new URL(request.url);
    const documentId = documentFileRoute(pathname);
    if (documentId !== null) return serveDocument(request, documentId, findSource);
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

async function serveDocument(request: Request, id: string, findSource: FindSource): Promise<Response> {
  let source: Awaited<ReturnType<FindSource>>;
  try {
    source = await findSource(id);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'DOCUMENT_NOT_FOUND';
    const status = code === 'SOURCE_CHANGED' ? 409 : code === 'PATH_OUTSIDE_LIBRARY' ? 403 : 404;
    return json(status, { code, message: (error as Error).message });
  }
  // The engine checked the file; this process opens it and serves it only if it is still that
  // file (a link swapped in between would show another identity), reading from the open handle.
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(source.path, 'r');
  } catch {
    return json(404, { code: 'FILE_NOT_FOUND', message: `The file is no longer at ${source.path}. Put it back, or import it again.` });
  }
  const stat = await handle.stat();
  const { identity } = source;
  if (!stat.isFile() || stat.dev !== identity.dev || stat.ino !== identity.ino || stat.size !== identity.size || stat.mtimeMs !== identity.mtimeMs) {
    await handle.close();
    return json(409, { code: 'SOURCE_CHANGED', message: `${source.path} changed while it was being opened. Try again.` });
  }
  let image: Uint8Array | null;
  try {
    image = source.format === 'pdf' ? await imageSourceAsPdf(handle, stat.size) : null;
  } catch (error) {
    await handle.close();
    return json(415, { code: (error as { code?: string }).code ?? 'UNSUPPORTED_FORMAT', message: (error as Error).message });
  }
  if (image) {
    await handle.close();
    const headers = { 'Content-Type': 'application/pdf', 'Content-Length': String(image.length), 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' };
    return new Response(request.method === 'HEAD' ? null : image, { status: 200, headers });
  }
  return fileResponse(request, handle, stat.size, DOCUMENT_TYPES[source.format] ?? 'application/octet-stream', {
    'Cache-Control': 'private, no-cache',
    // The person's own files, served from the app's origin: never let one run as a page.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': 'inline',
  });
}

/** The whole file (200) or one byte range of it (206), with `Accept-Ranges` so pdf.js asks for ranges. */
/** `file`: a path, or an open handle (closed once the body is sent, or at once when there is none). */
function fileResponse(request: Request, file: string | fs.promises.FileHandle, size: number, contentType: string, extra: Record<string, string>): Response {
  const headers: Record<string, string> = { ...extra, 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'X-Content-Type-Options': 'nosniff' };
  const rangeHeader = request.headers.get('range');
  const range = rangeHeader === null ? null : parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    if (typeof file !== 'string') void file.close();
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  const [start, end] = range ?? [0, size - 1];
  const length = size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) {
    if (typeof file !== 'string') void file.close();
    return new Response(null, { status, headers });
  }
  const stream = typeof file === 'string' ? fs.createReadStream(file, { start, end }) : file.createReadStream({ start, end, autoClose: true });
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
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
