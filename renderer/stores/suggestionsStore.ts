/**
 * Suggested questions for what is on screen (`suggest:get`): the library, or a document with its
 * page, section and selected text. Refreshed as the person moves (a page change waits until the
 * page settles) and when their profile changes; an answer for a context already left is dropped.
 * Accepting one asks it in the Ask panel; dismissing one is remembered by the engine. With a
 * chat model loaded, the templates show first and the model's wording follows.
 */
import { create } from 'zustand';
import type { Suggestion } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { useAskStore } from './askStore.js';
import { recordEvent } from './recordEvent.js';
import { useReaderStore } from './readerStore.js';
import { errorMessage } from './requestId.js';
import { useUiStore } from './uiStore.js';
import { currentUser } from './userStore.js';

/** What the suggestions are for. No documentId: the whole library. */
export interface SuggestionContext {
  documentId?: string;
  page?: number;
  sectionId?: number;
  selection?: string;
}

/** A page change waits this long, so paging through a document does not ask at every page. */
export const PAGE_SETTLE_MS = 600;
/** Profile changes come in bursts (every event learnt): one refresh per burst. */
export const PROFILE_SETTLE_MS = 1200;
const LIMIT = 6;

interface SuggestionsState {
  /** The context shown (or being asked for). */
  context: SuggestionContext | null;
  /** The user they were asked for. */
  user: string | null;
  suggestions: Suggestion[];
  loading: boolean;
  error: string | null;
  /** Shows suggestions for a context: at once for a new document or user, after the page settles otherwise. */
  show(context: SuggestionContext): void;
  refresh(): void;
  accept(suggestion: Suggestion): void;
  dismiss(suggestion: Suggestion): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;
let profileSubscription: (() => void) | null = null;

function sameContext(a: SuggestionContext | null, b: SuggestionContext): boolean {
  return !!a && a.documentId === b.documentId && a.page === b.page && a.sectionId === b.sectionId && a.selection === b.selection;
}

export const useSuggestionsStore = create<SuggestionsState>()((set, get) => {
  const load = (delayMs: number) => {
    if (timer) clearTimeout(timer);
    const mine = ++generation;
    set({ loading: true });
    timer = setTimeout(async () => {
      timer = null;
      const context = get().context;
      const user = currentUser();
      if (!context) return;
      try {
        // Templates at once; then, with a model loaded, its wording replaces them in place (same
        // keys, same order), so the strip never waits on the model nor jumps when it answers.
        const first = await transport().invoke('suggest:get', { user, ...context, limit: LIMIT, recordShown: true, wording: 'templates' });
        if (mine !== generation) return;
        set({ suggestions: first.suggestions, user, loading: false, error: null });
        if (first.modelLoaded && first.suggestions.length > 0) void reword(mine, user, context);
      } catch (error) {
        if (mine !== generation) return;
        console.warn(`Lectern could not suggest questions: ${errorMessage(error)}`);
        set({ suggestions: [], user, loading: false, error: 'Suggestions are not available right now.' });
      }
    }, delayMs);
  };

  /** The model's wording of what is shown, in place; if it fails, the templates simply stay. */
  const reword = async (mine: number, user: string, context: SuggestionContext) => {
    try {
      const worded = await transport().invoke('suggest:get', { user, ...context, limit: LIMIT, wording: 'model' });
      if (mine !== generation) return;
      const byKey = new Map(worded.suggestions.filter((w) => w.phrasing === 'model').map((w) => [w.key, w.text]));
      if (byKey.size > 0) set((s) => ({ suggestions: s.suggestions.map((x) => (byKey.has(x.key) ? { ...x, text: byKey.get(x.key)!, phrasing: 'model' as const } : x)) }));
    } catch (error) {
      console.warn(`Lectern could not word the suggestions with the model: ${errorMessage(error)}`);
    }
  };

  const watchProfile = () => {
    profileSubscription ??= transport().on('profile:changed', (p) => {
      if (p.user.toLowerCase() !== currentUser().toLowerCase() || !get().context) return;
      // Only when nothing sooner is pending: a page change already on its way asks anyway.
      if (!timer) load(PROFILE_SETTLE_MS);
    });
  };

  return {
    context: null,
    user: null,
    suggestions: [],
    loading: false,
    error: null,

    show(context) {
      watchProfile();
      const { context: before, user } = get();
      const userChanged = user !== currentUser();
      if (sameContext(before, context) && !userChanged) return;
      const moved = !before || before.documentId !== context.documentId || before.selection !== context.selection || userChanged;
      // Suggestions for another document (or person) would mislead: clear them while the new ones come.
      set({ context, ...(moved ? { suggestions: [], error: null } : {}) });
      load(moved ? 0 : PAGE_SETTLE_MS);
    },

    refresh() {
      if (get().context) load(0);
    },

    accept(suggestion) {
      recordEvent({ type: 'accept', suggestionKey: suggestion.key, documentId: suggestion.documentId ?? undefined });
      set((s) => ({ suggestions: s.suggestions.filter((x) => x.key !== suggestion.key) }));
      const ask = useAskStore.getState();
      const documentId = suggestion.documentId ?? null;
      if (documentId) {
        if (useReaderStore.getState().documentId !== documentId) void useReaderStore.getState().open(documentId);
        else useUiStore.getState().show('reader');
        // A suggestion about another document starts a conversation of its own, listed with that document's.
        if (ask.historyFor !== documentId) ask.newConversation();
        void ask.loadHistory(documentId);
        ask.setScope('document');
      } else {
        useUiStore.getState().show('reader');
        ask.setScope('library');
      }
      ask.setQuestion(suggestion.text);
      // Answered from the passage that made the suggestion answerable: it is read first, and cited.
      void useAskStore.getState().ask(documentId ?? useReaderStore.getState().documentId, suggestion.passageId === undefined ? undefined : [suggestion.passageId]);
    },

    dismiss(suggestion) {
      recordEvent({ type: 'dismiss', suggestionKey: suggestion.key, documentId: suggestion.documentId ?? undefined });
      set((s) => ({ suggestions: s.suggestions.filter((x) => x.key !== suggestion.key) }));
    },
  };
});
