/**
 * The built renderer (Vite's output, dist/renderer) as static files, confined to its folder,
 * under a strict Content-Security-Policy.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendFile } from './sendFile.js';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Scripts, styles, workers and sockets from this origin only. 'wasm-unsafe-eval' lets pdf.js
 * compile its WebAssembly image decoders (JPEG 2000, colour profiles) without allowing eval.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type StaticResult = 'served' | 'not-found' | 'forbidden' | 'not-built';

/**
 * Serves `pathname` (as it came in the URL, still percent-encoded) from `rootDir`.
 * `/` is index.html. Never follows a path (or a symlink) out of `rootDir`.
 */
export async function serveRenderer(req: IncomingMessage, res: ServerResponse, rootDir: string, pathname: string, headers: Record<string, string | string[]>): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'not-found';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'forbidden';
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');

  let root: string;
  try {
    root = await fs.promises.realpath(rootDir);
    await fs.promises.access(path.join(root, 'index.html'));
  } catch {
    return 'not-built';
  }
  const requested = path.resolve(root, relative);
  if (!isInside(root, requested)) return 'forbidden';
  let real: string;
  let stat: fs.Stats;
  try {
    real = await fs.promises.realpath(requested);
    stat = await fs.promises.stat(real);
  } catch {
    return 'not-found';
  }
  if (!isInside(root, real)) return 'forbidden';
  if (!stat.isFile()) return 'not-found';

  const ext = path.extname(real).toLowerCase();
  const isHtml = ext === '.html';
  // Vite puts content-hashed files under assets/: their bytes never change under that name.
  const hashed = relative.startsWith('assets/');
  await sendFile(req, res, real, stat, {
    contentType: MIME_TYPES[ext] ?? 'application/octet-stream',
    headers: {
      ...headers,
      'Cache-Control': isHtml ? 'no-store' : hashed ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    },
  });
  return 'served';
}

/** The page served instead of the app when `npm run build` has not produced it. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lectern is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The app is not built</h1>
<p>The app is not built: run <code>npm run build</code> in the Lectern folder, then reload this page.</p>
<p>The engine and its API are running; only the page itself is missing.</p>
</body></html>
`;

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
