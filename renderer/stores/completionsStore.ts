/**
 * Search-box completions (`suggest:autocomplete`) for what has been typed, ranked by the user's
 * profile. Asked on the search's own debounce, right after the search, so the list and the
 * results settle together and search-as-you-type is not delayed by a second pause.
 */
import { create } from 'zustand';
import type { Completion } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { SEARCH_DEBOUNCE_MS } from './searchStore.js';
import { currentUser } from './userStore.js';

/** Shorter prefixes match half the library: nothing to choose from. */
export const MIN_PREFIX = 2;
const LIMIT = 8;

interface CompletionsState {
  completions: Completion[];
  /** Index of the highlighted option, -1 for none. */
  active: number;
  open: boolean;
  /** The text typed; completions for older text are dropped. */
  typed(text: string): void;
  move(delta: 1 | -1): void;
  close(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let generation = 0;
/** Warned once: an engine without completions would otherwise warn at every pause in typing. */
let warned = false;

export const useCompletionsStore = create<CompletionsState>()((set, get) => ({
  completions: [],
  active: -1,
  open: false,

  typed(text) {
    if (timer) clearTimeout(timer);
    const mine = ++generation;
    const prefix = text.trimStart();
    if (prefix.trim().length < MIN_PREFIX) {
      set({ completions: [], active: -1, open: false });
      return;
    }
    timer = setTimeout(async () => {
      try {
        const { completions } = await transport().invoke('suggest:autocomplete', { user: currentUser(), prefix: prefix.slice(0, 200), limit: LIMIT });
        if (mine !== generation) return;
        // Nothing to offer when the only completion is what is already typed.
        const useful = completions.filter((c) => c.text.toLowerCase() !== prefix.trim().toLowerCase());
        set({ completions: useful, active: -1, open: useful.length > 0 });
      } catch (error) {
        // Search works without completions; the list just stays closed.
        if (!warned) console.warn(`Lectern could not complete the search: ${error instanceof Error ? error.message : String(error)}`);
        warned = true;
        if (mine === generation) set({ completions: [], active: -1, open: false });
      }
    }, SEARCH_DEBOUNCE_MS);
  },

  move(delta) {
    const { completions, active, open } = get();
    if (completions.length === 0) return;
    if (!open) {
      set({ open: true, active: delta === 1 ? 0 : completions.length - 1 });
      return;
    }
    const next = active + delta;
    set({ active: next < 0 ? completions.length - 1 : next >= completions.length ? 0 : next });
  },

  close() {
    if (timer) clearTimeout(timer);
    generation++;
    set({ open: false, active: -1 });
  },
}));

/** The query once a completion is chosen: it completes the whole text when it extends it, else the last word. */
export function completeQuery(typed: string, completion: string): string {
  const text = typed.trimStart();
  if (completion.toLowerCase().startsWith(text.trim().toLowerCase())) return completion;
  const lastSpace = text.search(/\s\S*$/);
  return lastSpace < 0 ? completion : `${text.slice(0, lastSpace + 1)}${completion}`;
}
