/**
 * The built renderer (Vite's output, dist/renderer) as static files, confined to its folder,
 * under a strict Content-Security-Policy.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ASSET_TYPES, contentSecurityPolicy } from './appAssets.js';
import { sendFile } from './sendFile.js';

/** The web server's CSP: the page may connect to its own WebSocket only. */
export function webContentSecurityPolicy(port: number): string {
  return contentSecurityPolicy(`'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
}

export type StaticResult = 'served' | 'not-found' | 'forbidden' | 'not-built';

/**
 * Serves `pathname` (as it came in the URL, still percent-encoded) from `rootDir`.
 * `/` is index.html. Never follows a path (or a symlink) out of `rootDir`.
 */
export async function serveRenderer(
  req: IncomingMessage,
  res: ServerResponse,
  rootDir: string,
  pathname: string,
  headers: Record<string, string | string[]>,
): Promise<StaticResult> {
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
    contentType: ASSET_TYPES[ext] ?? 'application/octet-stream',
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
