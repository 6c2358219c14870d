/** Library-wide search as you type: debounced, and a slow answer never overwrites a newer one. */
import { create } from 'zustand';
import type { SearchHit } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';

export const SEARCH_DEBOUNCE_MS = 100;

interface SearchState {
  query: string;
  results: SearchHit[];
  searching: boolean;
  error: string | null;
  setQuery(query: string): void;
  clear(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;

export const useSearchStore = create<SearchState>()((set) => ({
  query: '',
  results: [],
  searching: false,
  error: null,

  setQuery(query) {
    set({ query });
    if (timer) clearTimeout(timer);
    const mine = ++generation;
    if (!query.trim()) {
      set({ results: [], searching: false, error: null });
      return;
    }
    set({ searching: true });
    timer = setTimeout(async () => {
      try {
        const { results } = await transport().invoke('search:query', { query, limit: 30 });
        if (mine === generation) set({ results, searching: false, error: null });
      } catch (error) {
        if (mine === generation) set({ results: [], searching: false, error: errorMessage(error) });
      }
    }, SEARCH_DEBOUNCE_MS);
  },

  clear() {
    if (timer) clearTimeout(timer);
    generation++;
    set({ query: '', results: [], searching: false, error: null });
  },
}));
