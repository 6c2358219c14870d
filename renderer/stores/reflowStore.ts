/**
 * The chapter of a reflowable document (EPUB, DOCX, HTML) in view: its sanitized HTML and the
 * book's chapter list from 'library:chapter', and the reader's typeface. The chapter number is the
 * reader's page (readerStore); this store only fetches what that page shows.
 */
import { create } from 'zustand';
import type { ReflowChapter } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';

interface ReflowState {
  documentId: string | null;
  chapter: number;
  content: ReflowChapter | null;
  error: string | null;
  /** Serif body text instead of the app's sans-serif; kept while the app runs. */
  serif: boolean;
  /** Fetches a chapter, unless it is the one shown; a later call wins over an earlier one still under way. */
  load(documentId: string, chapter: number): Promise<void>;
  toggleSerif(): void;
}

export const useReflowStore = create<ReflowState>()((set, get) => ({
  documentId: null,
  chapter: 0,
  content: null,
  error: null,
  serif: true,

  async load(documentId, chapter) {
    const shown = get();
    if (shown.documentId === documentId && shown.chapter === chapter && (shown.content || shown.error)) return;
    // The chapter list stays while the next chapter comes, so the reader does not flicker.
    const keep = shown.documentId === documentId ? shown.content : null;
    set({ documentId, chapter, content: keep, error: null });
    const current = () => get().documentId === documentId && get().chapter === chapter;
    try {
      const content = await transport().invoke('library:chapter', { id: documentId, chapter });
      if (current()) set({ content });
    } catch (error) {
      if (current()) set({ content: null, error: `Could not open chapter ${chapter}: ${errorMessage(error)}` });
    }
  },

  toggleSerif: () => set((s) => ({ serif: !s.serif })),
}));
