/**
 * The words OCR read on scanned pages ('library:ocrWords'), fetched once per page the viewer
 * draws and kept for the document open, for the invisible text layer over each scan.
 */
import { create } from 'zustand';
import type { OcrWord } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';

interface OcrLayerState {
  documentId: string | null;
  /** Words by page number; a page with no OCR has none. */
  pages: Map<number, Promise<OcrWord[]>>;
  /** A page's recognised words (none for a page with its own text layer, or when they cannot be fetched: the page still shows). */
  wordsFor(documentId: string, page: number): Promise<OcrWord[]>;
  /** Forgets what was fetched: the viewer opened the document again (its pages may have been recognised again since). */
  reset(): void;
}

export const useOcrLayerStore = create<OcrLayerState>()((set, get) => ({
  documentId: null,
  pages: new Map(),

  wordsFor(documentId, page) {
    if (get().documentId !== documentId) set({ documentId, pages: new Map() });
    const pages = get().pages;
    let words = pages.get(page);
    if (!words) {
      words = transport()
        .invoke('library:ocrWords', { id: documentId, page })
        .then((r) => r.words)
        .catch(() => {
          pages.delete(page); // asked again when the page is next drawn
          return [];
        });
      pages.set(page, words);
    }
    return words;
  },

  reset() {
    set({ documentId: null, pages: new Map() });
  },
}));
