/**
 * Library-wide search as you type: debounced, and a slow answer never overwrites a newer one.
 * A search becomes a `search` event once a hit is opened or the query has rested with results.
 */
import { create } from 'zustand';
import type { SearchHit } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { recordEvent } from './recordEvent.js';
import { errorMessage } from './requestId.js';
import { currentUser } from './userStore.js';

export const SEARCH_DEBOUNCE_MS = 100;
/** How long a query with results must rest before it counts as a search (keystrokes are not searches). */
export const SEARCH_SETTLE_MS = 1500;

interface SearchState {
  query: string;
  results: SearchHit[];
  searching: boolean;
  error: string | null;
  setQuery(query: string): void;
  /** A hit is being opened: the query is a search the person meant. */
  noteHitOpened(): void;
  clear(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let settleTimer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;
/** The last query recorded, so opening several hits of one search records it once. */
let recorded: string | null = null;

function recordSearch(query: string): void {
  if (settleTimer) clearTimeout(settleTimer);
  settleTimer = null;
  const text = query.trim();
  if (!text || text === recorded) return;
  recorded = text;
  recordEvent({ type: 'search', text });
}

export const useSearchStore = create<SearchState>()((set, get) => ({
  query: '',
  results: [],
  searching: false,
  error: null,

  setQuery(query) {
    set({ query });
    if (timer) clearTimeout(timer);
    if (settleTimer) clearTimeout(settleTimer);
    const mine = ++generation;
    if (!query.trim()) {
      set({ results: [], searching: false, error: null });
      return;
    }
    set({ searching: true });
    timer = setTimeout(async () => {
      try {
        const { results } = await transport().invoke('search:query', { query, limit: 30, user: currentUser() }); // whose spoiler-free pages stay out
        if (mine !== generation) return;
        set({ results, searching: false, error: null });
        if (results.length > 0) settleTimer = setTimeout(() => recordSearch(query), SEARCH_SETTLE_MS);
      } catch (error) {
        if (mine === generation) set({ results: [], searching: false, error: errorMessage(error) });
      }
    }, SEARCH_DEBOUNCE_MS);
  },

  noteHitOpened() {
    recordSearch(get().query);
  },

  clear() {
    if (timer) clearTimeout(timer);
    if (settleTimer) clearTimeout(settleTimer);
    generation++;
    set({ query: '', results: [], searching: false, error: null });
  },
}));
