/**
 * Keeps the URL hash and the app in step: the hash follows the screen, the open document and its
 * page (so a reload returns to the page being read), and a hash the person types or steps back to
 * (browser Back, an edited URL) moves the app. Returns the unsubscribe.
 */
import { formatHash, parseHash, type Route } from './hashRoute.js';
import { useReaderStore } from './readerStore.js';
import { useUiStore } from './uiStore.js';

function routeNow(): Route {
  const { screen } = useUiStore.getState();
  if (screen !== 'reader') return { screen };
  const { documentId, page } = useReaderStore.getState();
  return { screen, documentId, page: documentId ? page : null };
}

export function watchRoute(): () => void {
  const apply = () => {
    // Only the app's own routes (#/…): a plain anchor such as #question is not a place.
    if (window.location.hash && !window.location.hash.startsWith('#/')) return;
    const route = parseHash(window.location.hash);
    if (route.screen !== 'reader') return useUiStore.getState().show(route.screen);
    const reader = useReaderStore.getState();
    if (!route.documentId) return useUiStore.getState().show('reader');
    if (reader.documentId !== route.documentId) return void reader.open(route.documentId, route.page ?? undefined);
    useUiStore.getState().show('reader');
    if (route.page !== null && route.page !== reader.page) reader.goToPage(route.page);
  };

  const write = () => {
    const hash = formatHash(routeNow());
    if (hash === window.location.hash) return;
    const was = parseHash(window.location.hash);
    const now = routeNow();
    // Another screen or document is a step Back returns from; turning pages is not (it would bury the step before).
    // (Opening a document shows the reader a moment before it names the document: one step, not two.)
    const samePlace = was.screen === 'reader' && now.screen === 'reader' && (was.documentId === now.documentId || was.documentId === null);
    if (samePlace || !window.location.hash) window.history.replaceState(window.history.state, '', hash);
    else window.history.pushState(null, '', hash);
  };

  if (window.location.hash) apply();
  write();
  const unsubscribers = [
    useUiStore.subscribe((s, prev) => {
      if (s.screen !== prev.screen) write();
    }),
    useReaderStore.subscribe((s, prev) => {
      if (s.documentId !== prev.documentId || s.page !== prev.page) write();
    }),
  ];
  window.addEventListener('popstate', apply);
  window.addEventListener('hashchange', apply);
  return () => {
    for (const off of unsubscribers) off();
    window.removeEventListener('popstate', apply);
    window.removeEventListener('hashchange', apply);
  };
}
