/**
 * Web mode: the built renderer and the engine API on 127.0.0.1, behind a per-launch token.
 *
 *   GET  /                         the app (sets the token cookie its assets then use)
 *   GET  /<file>                   the app's static files (dist/renderer)
 *   GET  /api/ws                   WebSocket: WireRequest → WireReply; engine events as WireEvent
 *   POST /api/upload?name=<file>   stores the body in <library>/files/; → { path } for library:ingest
 *   GET  /api/documents/<id>/file  a document's source file, with Range support
 *
 * Every request needs Host 127.0.0.1:<port> or localhost:<port> and the token (`?token=`,
 * `Authorization: Bearer`, or the cookie); sockets and uploads also a same-origin Origin.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LecternError, toErrorInfo, type ErrorCode, type ErrorInfo } from '../api/errors.js';
import type { WireEvent } from '../api/wire.js';
import type { Engine } from '../engine.js';
import { receiveUpload } from './receiveUpload.js';
import { newToken, RequestAuth } from './requestAuth.js';
import { sendFile } from './sendFile.js';
import type { OpenedSource } from '../store/DocumentSources.js';
import { NOT_BUILT_PAGE, serveRenderer, webContentSecurityPolicy } from './serveRenderer.js';
import { LibrarySlot } from '../LibrarySlot.js';
import { ENGINE_EVENT_NAMES, SocketSession, type SocketLimits } from './SocketSession.js';
import { WebCommandPolicy } from './WebCommandPolicy.js';
import { imageSourceAsPdf } from './imageSourceAsPdf.js';

export interface WebServerOptions {
  /** The engine to serve, or a slot whose library can be switched while serving ('app:openLibrary'). */
  engine: Engine | LibrarySlot;
  /** The Vite build output (dist/renderer); may not exist yet, then `/` explains how to build it. */
  rendererDir: string;
  /** Default 0: a free port. */
  port?: number;
  /** Only '127.0.0.1' is accepted: the token is the sole guard, and it must not face a network. */
  host?: string;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  /** Largest upload in bytes; default the engine's import limit (1 GiB unless set). */
  maxUploadBytes?: number;
  /**
   * Library folders a page may open ('app:openLibrary', 'app:setLibraryDir') besides the one
   * served at start: those the person named at launch. A page can name no other folder.
   */
  libraryDirs?: string[];
  /** Per socket: unread bytes before the socket is dropped (close code 4008), and requests at once. */
  socketLimits?: SocketLimits;
  /** Unexpected failures while serving (the request still gets a 500). Default: ignored. */
  onError?: (error: unknown) => void;
}

export interface WebServer {
  /** The address to open, token included: `http://127.0.0.1:<port>/?token=…`. */
  url: string;
  token: string;
  port: number;
  /** Stops listening, closes every socket and connection. The engine (or slot) stays open. */
  close(): Promise<void>;
}

/** The largest WebSocket message accepted; requests are small, and the socket closes (1009) past this. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

const DOCUMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') {
    throw new LecternError('INVALID_ARGUMENT', `Lectern's web mode listens on 127.0.0.1 only, not ${host}: anything else would put your library on the network.`);
  }
  const { rendererDir } = options;
  const slot = options.engine instanceof LibrarySlot ? options.engine : null;
  const fixed = options.engine instanceof LibrarySlot ? null : options.engine;
  const engine = (): Engine => slot?.current ?? fixed!;
  const token = options.token ?? newToken();
  const maxUploadBytes = options.maxUploadBytes ?? engine().maxImportBytes;
  const onError = options.onError ?? (() => {});
  const policy = new WebCommandPolicy([engine().libraryDir, ...(options.libraryDirs ?? [])]);

  const server = http.createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sessions = new Set<SocketSession>();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const auth = new RequestAuth(token, port);
  const csp = webContentSecurityPolicy(port);

  const broadcast = (event: WireEvent) => {
    for (const session of sessions) session.send(event);
  };
  const forward = (from: Engine) => ENGINE_EVENT_NAMES.map((event) => from.on(event, (payload) => broadcast({ event, payload })));
  let unsubscribe = forward(engine());
  const stopWatching = slot?.onSwitch((next) => {
    for (const off of unsubscribe) off();
    unsubscribe = forward(next);
    // Every open tab shows the old library's data: tell them all (the renderer reloads).
    broadcast({ event: 'app:libraryOpened', payload: { libraryDir: next.libraryDir } });
  });

  server.on('request', (req, res) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    handleRequest(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendJsonError(res, 500, toErrorInfo(error));
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(req);
    const refuse = (status: number, reason: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
      );
    };
    if (url === null || url.pathname !== '/api/ws') return refuse(404, 'Not found.');
    const result = auth.check(req, url);
    if (!result.ok) return refuse(result.status, result.reason);
    if (!auth.sameOrigin(req)) return refuse(403, 'A page from another origin may not open this socket.');
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const session = new SocketSession(ws, engine, policy, options.socketLimits);
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
      ws.on('error', () => ws.terminate());
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url === null) return sendText(res, 400, 'Bad request.');
    const result = auth.check(req, url);
    if (!result.ok) return sendText(res, result.status, result.reason);
    const method = req.method ?? 'GET';
    const { pathname } = url;

    if (pathname === '/api/upload') {
      if (method !== 'POST') return sendText(res, 405, 'Upload with POST.', { Allow: 'POST' });
      if (!auth.sameOrigin(req)) return sendText(res, 403, 'A page from another origin may not upload here.');
      try {
        const file = await receiveUpload(req, engine().libraryDir, url.searchParams.get('name'), maxUploadBytes);
        return sendJson(res, 200, { path: file });
      } catch (error) {
        const info = toErrorInfo(error);
        if (info.code === 'INTERNAL') onError(error);
        if (info.code === 'FILE_TOO_LARGE') res.setHeader('Connection', 'close');
        return sendJsonError(res, statusFor(info.code), info);
      }
    }

    const documentFile = /^\/api\/documents\/([^/]+)\/file$/.exec(pathname);
    if (documentFile) {
      if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Use GET.', { Allow: 'GET, HEAD' });
      return serveDocumentFile(req, res, decodeSegment(documentFile[1]!));
    }
    if (pathname.startsWith('/api/')) return sendText(res, 404, 'Not found.');

    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 404, 'Not found.');
    const headers: Record<string, string | string[]> = { 'Content-Security-Policy': csp };
    const cookie = `${auth.cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    if (result.via === 'query' && req.headers['sec-fetch-mode'] === 'navigate') {
      // A browser opening the printed address: swap the token for the cookie and take it out of
      // the address bar (and history, and any screenshot) by redirecting to the address without it.
      url.searchParams.delete('token');
      res.writeHead(303, { 'Set-Cookie': cookie, Location: `${url.pathname}${url.search}`, 'Cache-Control': 'no-store', 'Content-Length': 0 });
      res.end();
      return;
    }
    if (result.via !== 'cookie') headers['Set-Cookie'] = cookie;
    const served = await serveRenderer(req, res, rendererDir, pathname, headers);
    if (served === 'not-built') return sendHtml(res, 503, NOT_BUILT_PAGE, { ...headers, 'Cache-Control': 'no-store' });
    if (served === 'forbidden') return sendText(res, 403, 'Forbidden.');
    if (served === 'not-found') return sendText(res, 404, 'Not found.');
  }

  async function serveDocumentFile(req: IncomingMessage, res: ServerResponse, id: string | null): Promise<void> {
    const summary = id === null ? null : engine().documents.summary(id);
    if (!summary) return sendJsonError(res, 404, { code: 'DOCUMENT_NOT_FOUND', message: `No document with id ${id ?? ''} in this library.` });
    let opened: OpenedSource;
    try {
      // Only the very file that was imported, confined to the library when it is an upload: see DocumentSources.
      opened = await engine().sources.open(summary.id);
    } catch (error) {
      const info = toErrorInfo(error);
      return sendJsonError(res, info.code === 'SOURCE_CHANGED' ? 409 : info.code === 'PATH_OUTSIDE_LIBRARY' ? 403 : 404, info);
    }
    try {
      let image: Uint8Array | null;
      try {
        image = summary.format === 'pdf' ? await imageSourceAsPdf(opened.handle, opened.stat.size) : null;
      } catch (error) {
        return sendJsonError(res, 415, toErrorInfo(error));
      }
      if (image) {
        res.writeHead(200, {
          'Content-Type': 'application/pdf',
          'Content-Length': String(image.length),
          'Cache-Control': 'private, no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : image);
        return;
      }
      await sendFile(req, res, opened.handle, opened.stat, {
        contentType: DOCUMENT_TYPES[summary.format] ?? 'application/octet-stream',
        // The person's own files, served from the app's origin: never let one run as a page.
        headers: { 'Cache-Control': 'private, no-cache', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Content-Disposition': 'inline' },
      });
    } finally {
      await opened.handle.close();
    }
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const off of unsubscribe) off();
      stopWatching?.();
      for (const ws of sockets.clients) ws.close(1001, 'Lectern is shutting down.');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const ws of sockets.clients) ws.terminate();
      await closed;
    },
  };
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    // A fixed base: the Host header is checked separately and never trusted for routing.
    return new URL(req.url ?? '/', 'http://lectern.invalid');
  } catch {
    return null;
  }
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function statusFor(code: ErrorCode): number {
  if (code === 'INVALID_ARGUMENT') return 400;
  if (code === 'FILE_TOO_LARGE') return 413;
  if (code === 'DISK_FULL') return 507;
  return 500;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendJsonError(res: ServerResponse, status: number, error: ErrorInfo): void {
  sendJson(res, status, { error });
}
