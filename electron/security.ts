/**
 * The shell's security decisions as pure functions, so plain Node tests can prove them
 * (nothing here imports `electron`). main.ts wires them to Electron's hooks.
 */
import path from 'node:path';
import { commandSchemas, type CommandName } from '../native/api/commands.js';
import { contentSecurityPolicy } from '../native/server/appAssets.js';

/** The custom scheme the renderer is served from; registered as standard and secure. */
export const APP_SCHEME = 'lectern';
/** The renderer's one origin. Everything the window may load or call comes from here. */
export const APP_ORIGIN = `${APP_SCHEME}://app`;
/** Where the window starts. */
export const APP_START_URL = `${APP_ORIGIN}/`;

/** The renderer's Content-Security-Policy: web mode's (native/server/appAssets.ts) without its WebSocket. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'self'");

/** True when a URL belongs to the app's own origin (`lectern://app/...`). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app' && parsed.username === '' && parsed.password === '';
}

/**
 * IPC is accepted only from a frame showing our own page: not from an iframe of another
 * origin, not after a navigation somewhere else. `url` is `event.senderFrame.url`.
 */
export function isTrustedSender(url: string | undefined | null): boolean {
  return isAppUrl(url);
}

/** A command the engine implements; own keys only, so "constructor" or "__proto__" are not commands. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}

/** The engine events the renderer may subscribe to: the contract's list (the preload holds a compile-checked copy). */
export { ENGINE_EVENT_NAMES } from '../native/api/eventNames.js';

/**
 * Events the shell itself sends to the renderer (not the engine's). `app:importRequested`:
 * File › Import… was chosen; the renderer opens its file picker.
 */
export const SHELL_EVENT_NAMES = ['app:importRequested'] as const;
export type ShellEventName = (typeof SHELL_EVENT_NAMES)[number];

/**
 * Resolves a path of `lectern://app/<path>` to a file under `rootDir`, or null when the path
 * tries to leave it (`..`, encoded separators, NUL, absolute paths). The root and paths
 * without a file extension get `index.html` (the app is a single page).
 */
export function resolveAppAsset(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const last = segments.at(-1);
  if (last === undefined || path.posix.extname(last) === '') return path.join(rootDir, 'index.html');
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, ...segments);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

/** `/api/documents/<id>/file` → the document id, else null (the renderer builds this path in web mode too). */
export function documentFileRoute(urlPathname: string): string | null {
  const match = /^\/api\/documents\/([A-Za-z0-9_-]{1,64})\/file$/.exec(urlPathname);
  return match ? match[1]! : null;
}

/**
 * Links the page asks to open in a new window go to the person's browser only when they
 * are plain http(s) addresses without credentials; everything else (file:, javascript:,
 * custom schemes that launch other programs) is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/**
 * Permission checks (as opposed to requests, which are all denied): only writing plain text
 * to the clipboard, from our own page, so "copy citation" works.
 */
export function isPermissionCheckAllowed(permission: string, requestingOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingOrigin);
}
