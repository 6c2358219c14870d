/**
 * What the app's pages are served with, wherever they are served from: web mode's HTTP
 * server and the desktop shell's lectern:// protocol share these.
 */

/** Content types of the renderer build's files (and pdf.js's cmaps and fonts). */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
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
 * The app's Content-Security-Policy. Scripts, styles, workers and sockets from its own
 * origin only; 'wasm-unsafe-eval' lets pdf.js compile its WebAssembly image decoders
 * (JPEG 2000, colour profiles) without allowing eval; `style-src 'unsafe-inline'` because
 * React sets style attributes; `blob:` for pdf.js images and worker. `connectSrc` names
 * where the page may open connections (the web server's WebSocket, or only 'self').
 */
export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
