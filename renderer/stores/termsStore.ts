/** The defined terms of the open document (`knowledge:terms`), with a filter over term, aliases and definition. */
import { create } from 'zustand';
import type { DefinedTerm } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';

interface TermsState {
  documentId: string | null;
  terms: DefinedTerm[] | null;
  error: string | null;
  filter: string;
  load(documentId: string): Promise<void>;
  setFilter(filter: string): void;
}

export const useTermsStore = create<TermsState>()((set, get) => ({
  documentId: null,
  terms: null,
  error: null,
  filter: '',

  async load(documentId) {
    if (get().documentId === documentId && get().terms) return;
    set({ documentId, terms: null, error: null, filter: '' });
    try {
      const { terms } = await transport().invoke('knowledge:terms', { documentId });
      if (get().documentId === documentId) set({ terms });
    } catch (error) {
      if (get().documentId === documentId) set({ terms: [], error: `Could not read the defined terms: ${errorMessage(error)}` });
    }
  },

  setFilter: (filter) => set({ filter }),
}));

/** Terms whose name, aliases or definition contain the filter (case-insensitive). */
export function filterTerms(terms: DefinedTerm[], filter: string): DefinedTerm[] {
  const f = filter.trim().toLowerCase();
  if (!f) return terms;
  return terms.filter((t) => t.term.toLowerCase().includes(f) || t.aliases.some((a) => a.toLowerCase().includes(f)) || (t.definition ?? '').toLowerCase().includes(f));
}
