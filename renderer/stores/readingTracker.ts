/**
 * Reading as events: `open` when a document arrives in the reader, and `read` with the dwell time
 * when the person leaves a page they stayed on for at least two seconds (the page changes, the
 * reader is left or closed, the window is hidden). Pages merely scrolled past are not reading.
 */
import { recordEvent } from './recordEvent.js';
import { useReaderStore } from './readerStore.js';
import { useUiStore } from './uiStore.js';
import { useUserStore } from './userStore.js';

import { MIN_READ_DWELL_MS } from '../../native/api/types.js';

interface Stay {
  documentId: string;
  page: number;
  since: number;
}

/** Starts watching the reader; returns the function that stops (and records the page being read). */
export function watchReading(now: () => number = () => performance.now()): () => void {
  let stay: Stay | null = null;
  let openedId: string | null = null;

  const reading = (): { documentId: string; page: number } | null => {
    const { detail, page } = useReaderStore.getState();
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    return detail && visible && useUiStore.getState().screen === 'reader' ? { documentId: detail.id, page } : null;
  };

  const leave = (user?: string) => {
    if (!stay) return;
    const dwellMs = Math.round(now() - stay.since);
    if (dwellMs >= MIN_READ_DWELL_MS) recordEvent({ type: 'read', documentId: stay.documentId, page: stay.page, dwellMs: Math.min(dwellMs, 86_400_000) }, user);
    stay = null;
  };

  const update = () => {
    const detail = useReaderStore.getState().detail;
    if (detail && detail.id !== openedId) {
      openedId = detail.id;
      recordEvent({ type: 'open', documentId: detail.id });
    }
    const next = reading();
    if (stay && next && stay.documentId === next.documentId && stay.page === next.page) return;
    leave();
    if (next) stay = { ...next, since: now() };
  };

  const unsubscribers = [
    useReaderStore.subscribe((s, prev) => {
      if (s.detail !== prev.detail || s.page !== prev.page) update();
    }),
    useUiStore.subscribe((s, prev) => {
      if (s.screen !== prev.screen) update();
    }),
    // What was read so far belongs to the user who read it.
    useUserStore.subscribe((s, prev) => {
      if (s.current !== prev.current) {
        leave(prev.current);
        update();
      }
    }),
  ];
  const onVisibility = () => update();
  const onPageHide = () => leave();
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  update();

  return () => {
    for (const off of unsubscribers) off();
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
    leave();
  };
}
