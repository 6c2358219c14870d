/**
 * The app's place as a URL hash, so a reload (or a bookmark) comes back to it: `#/library`,
 * `#/models`, `#/settings`, `#/profile`, `#/reader`, and `#/doc/<id>?page=12` for a document and
 * the page being read. Hash routes need nothing from the server, in Electron's file:// as in web mode.
 */
import type { Screen } from './uiStore.js';

export type Route = { screen: Exclude<Screen, 'reader'> } | { screen: 'reader'; documentId: string | null; page: number | null };

const SCREENS: ReadonlySet<string> = new Set(['library', 'reader', 'models', 'settings', 'profile']);

/** The route a hash names; an unknown or empty hash is the library (the first screen). */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'doc' && parts[1]) {
    let documentId: string;
    try {
      documentId = decodeURIComponent(parts[1]);
    } catch {
      return { screen: 'library' }; // a mangled id opens nothing rather than the wrong document
    }
    const pageText = new URLSearchParams(query).get('page');
    const page = pageText !== null && /^\d+$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : null;
    return { screen: 'reader', documentId, page };
  }
  const screen = parts[0] ?? 'library';
  if (screen === 'reader') return { screen: 'reader', documentId: null, page: null };
  return SCREENS.has(screen) ? { screen: screen as Exclude<Screen, 'reader'> } : { screen: 'library' };
}

/** The hash for a route (with the leading `#`). */
export function formatHash(route: Route): string {
  if (route.screen !== 'reader') return `#/${route.screen}`;
  if (!route.documentId) return '#/reader';
  return `#/doc/${encodeURIComponent(route.documentId)}${route.page ? `?page=${route.page}` : ''}`;
}
