/**
 * Reading progress of the current user: where they are in each document (restored when a
 * document opens without a page asked for), how far they got (percent in the library, "Continue
 * reading"), and spoiler-free mode. The engine keeps it ('reading:*'); this store saves the page
 * and the place on it a moment after the reader stops moving, so scrolling does not flood it.
 */
import { create } from 'zustand';
import type { ReadingProgress } from '../../native/api/annotationTypes.js';
import { transport } from '../transport/appTransport.js';
import { readingPercent } from '../views/readingPercent.js';
import { useReaderStore } from './readerStore.js';
import { useReflowStore } from './reflowStore.js';
import { errorMessage } from './requestId.js';
import { currentUser, useUserStore } from './userStore.js';

/** How long the reader stays on a place before it is saved. */
export const SAVE_DELAY_MS = 800;
const RECENT_LIMIT = 100;

export interface RestorePlace {
  documentId: string;
  page: number;
  /** 0–1 down the page (a reflowable document's chapter). */
  position: number;
}

interface ReadingState {
  /** The user's documents with progress, most recently read first. */
  recent: ReadingProgress[];
  /** The open document's progress (null until read once); its spoiler-free state shows in the reader. */
  current: ReadingProgress | null;
  /** Where the viewer should scroll to once its pages are laid out; taken once (takeRestore). */
  restore: RestorePlace | null;
  error: string | null;
  refresh(): Promise<void>;
  /** The progress of one document from the last list, or null. */
  progressOf(documentId: string): ReadingProgress | null;
  /** From the viewer: the place on the page in view, 0–1 from its top. */
  notePosition(documentId: string, page: number, position: number): void;
  /** The place to scroll to for this document: the saved place once, else the place last seen on the page in view; null when there is none. */
  takeRestore(documentId: string): RestorePlace | null;
  /** Spoiler-free on or off; `limitPage` null follows the furthest page read. */
  setSpoilerFree(documentId: string, spoilerFree: boolean, limitPage?: number | null): Promise<void>;
  /** Saves the place being read now (used on leaving the page; otherwise saving is debounced). */
  flush(): Promise<void>;
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** The last place reported by the viewer; a page change without one starts at the page's top. */
let lastPosition: { documentId: string; page: number; position: number } | null = null;
/** The document whose saved place has been applied; nothing is saved for a document before that, or the first page would overwrite it. */
let readyFor: string | null = null;

function merge(list: ReadingProgress[], progress: ReadingProgress): ReadingProgress[] {
  return [progress, ...list.filter((p) => p.documentId !== progress.documentId)];
}

/** The place being read now, as 'reading:set' wants it; null when no document is ready to save. */
function placeNow(): { documentId: string; page: number; position: number; percent?: number } | null {
  const { detail, page } = useReaderStore.getState();
  if (!detail || readyFor !== detail.id) return null;
  const position = lastPosition && lastPosition.documentId === detail.id && lastPosition.page === page ? lastPosition.position : 0;
  const reflow = useReflowStore.getState();
  // A book's chapters differ in length: its percent counts characters (the engine counts a PDF's pages itself).
  const chapters = detail.format !== 'pdf' && reflow.documentId === detail.id && reflow.content ? reflow.content.chapters : null;
  const chapterLength = chapters?.find((c) => c.number === page)?.textLength ?? 0;
  const percent = chapters ? readingPercent(chapters, page, Math.round(position * chapterLength)) : undefined;
  return { documentId: detail.id, page, position: Math.min(1, Math.max(0, position)), ...(percent === undefined ? {} : { percent }) };
}

export const useReadingStore = create<ReadingState>()((set, get) => ({
  recent: [],
  current: null,
  restore: null,
  error: null,

  async refresh() {
    const user = currentUser();
    try {
      const { progress } = await transport().invoke('reading:list', { user, limit: RECENT_LIMIT });
      if (user === currentUser()) set({ recent: progress, error: null });
    } catch (error) {
      set({ error: `Could not read your reading progress: ${errorMessage(error)}` });
    }
  },

  progressOf(documentId) {
    return get().recent.find((p) => p.documentId === documentId) ?? null;
  },

  notePosition(documentId, page, position) {
    lastPosition = { documentId, page, position };
    schedule();
  },

  takeRestore(documentId) {
    const restore = get().restore;
    if (restore && restore.documentId === documentId) {
      set({ restore: null });
      return restore;
    }
    // The reader shown again on the document it left (back from the library): the place last seen on that page.
    const page = useReaderStore.getState().page;
    if (lastPosition && lastPosition.documentId === documentId && lastPosition.page === page) return { documentId, page, position: lastPosition.position };
    return null;
  },

  async setSpoilerFree(documentId, spoilerFree, limitPage = null) {
    try {
      const { progress } = await transport().invoke('reading:setSpoilerFree', { user: currentUser(), documentId, spoilerFree, limitPage });
      set((s) => ({
        current: s.current?.documentId === documentId || useReaderStore.getState().documentId === documentId ? progress : s.current,
        recent: merge(s.recent, progress),
        error: null,
      }));
    } catch (error) {
      set({ error: `Could not change spoiler-free mode: ${errorMessage(error)}` });
    }
  },

  async flush() {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const place = placeNow();
    if (!place) return;
    const user = currentUser();
    try {
      const { progress } = await transport().invoke('reading:set', { user, ...place });
      if (user !== currentUser()) return;
      set((s) => ({ recent: merge(s.recent, progress), current: useReaderStore.getState().documentId === progress.documentId ? progress : s.current, error: null }));
    } catch (error) {
      set({ error: `Could not save your place: ${errorMessage(error)}` });
    }
  },
}));

function schedule(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void useReadingStore.getState().flush(), SAVE_DELAY_MS);
}

/**
 * Loads a document's progress when it arrives in the reader and, when it was opened without a
 * page, goes to the saved place; then saves the place as the reader moves. Returns the unsubscribe.
 */
export function watchProgress(): () => void {
  const arrived = async (documentId: string) => {
    const user = currentUser();
    let progress: ReadingProgress | null = null;
    try {
      progress = (await transport().invoke('reading:get', { user, documentId })).progress;
    } catch (error) {
      useReadingStore.setState({ error: `Could not read your place in this document: ${errorMessage(error)}` });
    }
    const reader = useReaderStore.getState();
    if (reader.documentId !== documentId || user !== currentUser()) return;
    useReadingStore.setState({ current: progress });
    // Opened at a page (a link, a citation) goes there; opened plainly, or at the saved page (a reload), where the person left off on it.
    if (progress && (reader.openedAt === null || reader.openedAt === progress.page) && !reader.highlight) {
      useReadingStore.setState({ restore: { documentId, page: progress.page, position: progress.position } });
      reader.goToPage(progress.page);
    }
    readyFor = documentId;
  };

  const unsubscribers = [
    useReaderStore.subscribe((s, prev) => {
      if (s.detail && s.detail !== prev.detail && s.detail.id !== prev.detail?.id) {
        readyFor = null;
        useReadingStore.setState({ current: null, restore: null });
        void arrived(s.detail.id);
      } else if (s.detail && s.page !== prev.page) {
        schedule();
      }
    }),
    useUserStore.subscribe((s, prev) => {
      if (s.current === prev.current) return;
      useReadingStore.setState({ recent: [], current: null });
      void useReadingStore.getState().refresh();
      const open = useReaderStore.getState().detail;
      if (open) {
        readyFor = null;
        void arrived(open.id);
      }
    }),
  ];
  const onPageHide = () => void useReadingStore.getState().flush();
  const win = typeof window === 'undefined' ? null : window;
  win?.addEventListener('pagehide', onPageHide);
  void useReadingStore.getState().refresh();
  const open = useReaderStore.getState().detail;
  if (open) void arrived(open.id);

  return () => {
    for (const off of unsubscribers) off();
    win?.removeEventListener('pagehide', onPageHide);
    void useReadingStore.getState().flush();
    readyFor = null;
  };
}
