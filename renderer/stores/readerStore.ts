/**
 * The open document: its detail and sections, the page in view, zoom, find, and the citation
 * highlight to draw. The viewer components follow this state and report scrolling back.
 */
import { create } from 'zustand';
import type { Citation, DocumentDetail, Passage, Rect, SearchHit } from '../../native/api/types.js';
import { matchedSentence } from './matchedSentence.js';
import { transport } from '../transport/appTransport.js';
import { recordEvent } from './recordEvent.js';
import { errorMessage } from './requestId.js';
import { useUiStore } from './uiStore.js';

export const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
/** pdf.js's own zoom modes: the page as wide as the view, or the whole page in view. */
export type FitMode = 'page-width' | 'page-fit';
/** Below this window width a PDF opens fitted to the width: at 100% its page would not fit beside the panels. */
export const FIT_WIDTH_BELOW_PX = 1280;

/** Rectangles (PDF user space) to draw on one page, e.g. a citation's supporting sentence. */
export interface Highlight {
  documentId: string;
  page: number;
  rects: Array<Rect & { page: number }>;
  quote: string;
  /** Charcter range in the page text, used by text documents. */
  charStart: number | null;
  charEnd: number | null;
}

interface ReaderState {
  documentId: string | null;
  detail: DocumentDetail | null;
  /** Text documents (and PDFs without a page image) are read from their passages. */
  passages: Passage[] | null;
  error: string | null;
  page: number;
  /** The page `open` was asked for; null when none was (the saved place is restored then). */
  openedAt: number | null;
  pageCount: number;
  scale: number;
  /** A fit mode keeps the page fitted as the view resizes; null while a fixed `scale` applies. */
  fit: FitMode | null;
  /** The PDF's printed page labels ("xii", "47"), one per page; null when it has none beyond the numbers. */
  pageLabels: string[] | null;
  findOpen: boolean;
  findQuery: string;
  /** Bumped to ask the find box to take focus. */
  findFocus: number;
  /** Bumped for Enter / next / previous in the find box; the viewer moves to that match. */
  findStep: { tick: number; previous: boolean };
  findMatches: { current: number; total: number } | null;
  highlight: Highlight | null;
  open(documentId: string, page?: number): Promise<void>;
  goToPage(page: number): void;
  /** From the viewer: the page now in view (no navigation). */
  notePage(page: number): void;
  setPageCount(count: number): void;
  zoomIn(): void;
  zoomOut(): void;
  setScale(scale: number): void;
  /** From the viewer: the scale a fit mode came to (the mode stays). */
  noteScale(scale: number): void;
  setFit(fit: FitMode): void;
  setPageLabels(labels: string[] | null): void;
  openFind(): void;
  closeFind(): void;
  setFindQuery(query: string): void;
  findAgain(previous: boolean): void;
  setFindMatches(matches: { current: number; total: number } | null): void;
  /** Opens the cited page and highlights the quote; a citation without rectangles (read back from a stored conversation) is located again first. */
  showCitation(citation: Citation): Promise<void>;
  /** Opens a search hit's page and highlights the sentence that matched best (the whole passage if none stands out). */
  showSearchHit(hit: SearchHit): Promise<void>;
  clearHighlight(): void;
}

export const useReaderStore = create<ReaderState>()((set, get) => ({
  documentId: null,
  detail: null,
  passages: null,
  error: null,
  page: 1,
  openedAt: null,
  pageCount: 0,
  scale: 1,
  fit: typeof window !== 'undefined' && window.innerWidth < FIT_WIDTH_BELOW_PX ? 'page-width' : null,
  pageLabels: null,
  findOpen: false,
  findQuery: '',
  findFocus: 0,
  findStep: { tick: 0, previous: false },
  findMatches: null,
  highlight: null,

  async open(documentId, at) {
    const page = at ?? 1;
    useUiStore.getState().show('reader');
    if (get().documentId === documentId && get().detail) {
      // Opened at another place (a search hit, a suggestion): an earlier citation's highlight would pull the view back to it.
      set({ highlight: null });
      if (at !== undefined) get().goToPage(page);
      return;
    }
    set({ documentId, detail: null, passages: null, error: null, page, openedAt: at ?? null, pageCount: 0, pageLabels: null, highlight: null, findQuery: '', findOpen: false });
    try {
      const detail = await transport().invoke('library:get', { id: documentId });
      if (get().documentId !== documentId) return;
      set({ detail, pageCount: detail.pages });
      if (detail.format !== 'pdf') {
        const { passages } = await transport().invoke('library:passages', { id: documentId });
        if (get().documentId === documentId) set({ passages });
      }
    } catch (error) {
      if (get().documentId === documentId) set({ error: `Could not open the document: ${errorMessage(error)}` });
    }
  },

  goToPage(page) {
    const count = get().pageCount || 1;
    set({ page: Math.min(Math.max(1, Math.round(page)), count) });
  },
  notePage: (page) => set({ page }),
  setPageCount: (pageCount) => set({ pageCount }),
  zoomIn: () => set((s) => ({ fit: null, scale: ZOOM_STEPS.find((z) => z > s.scale + 0.001) ?? s.scale })),
  zoomOut: () => set((s) => ({ fit: null, scale: [...ZOOM_STEPS].reverse().find((z) => z < s.scale - 0.001) ?? s.scale })),
  setScale: (scale) => set({ scale, fit: null }),
  noteScale: (scale) => set({ scale }),
  setFit: (fit) => set({ fit }),
  setPageLabels: (pageLabels) => set({ pageLabels }),
  openFind: () => set((s) => ({ findOpen: true, findFocus: s.findFocus + 1 })),
  closeFind: () => set({ findOpen: false, findQuery: '', findMatches: null }),
  setFindQuery: (findQuery) => set({ findQuery }),
  findAgain: (previous) => set((s) => ({ findStep: { tick: s.findStep.tick + 1, previous } })),
  setFindMatches: (findMatches) => set({ findMatches }),

  async showCitation(citation) {
    if (!citation.documentId || citation.page === null) return;
    const { documentId, passageId } = citation;
    recordEvent({ type: 'click', documentId, page: citation.page, passageId: passageId ?? undefined });
    await get().open(documentId, citation.page);
    let highlight: Highlight = { documentId, page: citation.page, rects: citation.rects, quote: citation.quote, charStart: citation.charStart, charEnd: citation.charEnd };
    // Stored conversations keep the quote and its page range but not its rectangles.
    if (highlight.rects.length === 0 && passageId !== null && get().detail?.format === 'pdf') highlight = (await locate(documentId, passageId, citation.quote)) ?? highlight;
    if (get().documentId !== documentId) return;
    // The page first: moving to a page scrolls to its top, which would undo the scroll to the highlight.
    get().goToPage(highlight.page);
    set({ highlight });
  },

  async showSearchHit(hit) {
    await get().open(hit.documentId, hit.page);
    const highlight = await locate(hit.documentId, hit.passageId, matchedSentence(hit));
    if (!highlight || get().documentId !== hit.documentId) return;
    get().goToPage(highlight.page);
    set({ highlight });
  },
  clearHighlight: () => set({ highlight: null }),
}));

/** The highlight of `quote` in a passage, located by the engine; null when the passage is gone or cannot be reached. */
async function locate(documentId: string, passageId: number, quote: string): Promise<Highlight | null> {
  try {
    const { location } = await transport().invoke('library:locate', { id: documentId, passageId, quote });
    return location && { documentId, page: location.page, rects: location.rects, quote: location.quote, charStart: location.charStart, charEnd: location.charEnd };
  } catch {
    return null; // the page still opens; only the mark is missing
  }
}
