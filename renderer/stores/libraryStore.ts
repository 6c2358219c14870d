/**
 * The library: documents, imports in flight (per file, fed by `library:ingestProgress`
 * events keyed by request id), what failed and why, and removal with a short undo window.
 */
import { create } from 'zustand';
import type { DocumentSummary, IngestOutcome, IngestProgress } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { isDesktop, uploadFile } from '../transport/webSession.js';
import { useReaderStore } from './readerStore.js';
import { errorCode, errorMessage, newRequestId } from './requestId.js';

export type ImportStage = 'uploading' | 'queued' | IngestProgress['stage'] | 'finished';

/** One file of an import, from upload to outcome. */
export interface ImportItem {
  key: string;
  name: string;
  stage: ImportStage;
  pagesDone: number;
  pagesTotal: number;
  /** Set when the engine has answered for this file. */
  outcome?: IngestOutcome;
  /** Upload or transport failure before the engine could answer. */
  error?: string;
  /** Stopped by the person before the engine answered for it. */
  cancelled?: boolean;
}

export type LibrarySort = 'title' | 'added' | 'pages';

/** How long a removed document can be brought back before it is really removed. */
export const UNDO_MS = 6000;

interface LibraryState {
  documents: DocumentSummary[];
  loaded: boolean;
  error: string | null;
  imports: ImportItem[];
  sort: LibrarySort;
  filter: string;
  /** A removed document still in its undo window: hidden from the list, not yet removed. */
  pendingRemoval: DocumentSummary | null;
  refresh(): Promise<void>;
  /** Files from a picker or a drop: uploaded first in web mode. */
  importFiles(files: File[]): Promise<void>;
  /** Paths the engine can read directly (desktop app, or already uploaded). */
  importPaths(paths: Array<{ key: string; path: string }>): Promise<void>;
  dismissImports(): void;
  /** Stops one file's import (its upload, its place in the queue, or its reading), or every import under way when no key is given. */
  cancelImport(key?: string): void;
  remove(id: string): void;
  undoRemove(): void;
  /** Gives a document a new title; resolves to null when saved, else to a message to show beside the field. */
  rename(id: string, title: string): Promise<string | null>;
  setSort(sort: LibrarySort): void;
  setFilter(filter: string): void;
}

let removalTimer: ReturnType<typeof setTimeout> | null = null;
let importCounter = 0;
/** Files read at once: each is its own request, so each can be stopped alone; two keep the engine's readers busy. */
const IMPORTS_AT_ONCE = 2;
/** A stop switch per file of an import under way, by the file's key. */
const importStops = new Map<string, AbortController>();

export const useLibraryStore = create<LibraryState>()((set, get) => {
  const patchImport = (key: string, patch: Partial<ImportItem>) => set((s) => ({ imports: s.imports.map((i) => (i.key === key ? { ...i, ...patch } : i)) }));

  const commitRemoval = async () => {
    const doc = get().pendingRemoval;
    if (removalTimer) clearTimeout(removalTimer);
    removalTimer = null;
    if (!doc) return;
    set({ pendingRemoval: null });
    try {
      await transport().invoke('library:remove', { id: doc.id });
    } catch (error) {
      set({ error: `Could not remove “${doc.title}”: ${errorMessage(error)}` });
    }
    await get().refresh();
  };

  return {
    documents: [],
    loaded: false,
    error: null,
    imports: [],
    sort: 'added',
    filter: '',
    pendingRemoval: null,

    async refresh() {
      try {
        const { documents } = await transport().invoke('library:list', {});
        set({ documents, loaded: true, error: null });
      } catch (error) {
        set({ loaded: true, error: `Could not read the library: ${errorMessage(error)}` });
      }
    },

    async importFiles(files) {
      const items: ImportItem[] = files.map((f) => ({ key: `f${++importCounter}`, name: f.name, stage: isDesktop() ? 'queued' : 'uploading', pagesDone: 0, pagesTotal: 0 }));
      for (const item of items) importStops.set(item.key, new AbortController());
      set((s) => ({ imports: [...s.imports.filter((i) => i.stage !== 'finished'), ...items] }));
      const bridge = window.lectern as (typeof window.lectern & { pathForFile?: (f: File) => string }) | undefined;
      const ready: Array<{ key: string; path: string }> = [];
      // Uploads run one at a time: the machine is busy enough reading what arrived first.
      for (const [i, file] of files.entries()) {
        const item = items[i]!;
        if (importStops.get(item.key)?.signal.aborted) continue;
        try {
          const path = bridge?.pathForFile ? bridge.pathForFile(file) : await uploadFile(file);
          if (importStops.get(item.key)?.signal.aborted) continue;
          patchImport(item.key, { stage: 'queued' });
          ready.push({ key: item.key, path });
        } catch (error) {
          importStops.delete(item.key);
          patchImport(item.key, { stage: 'finished', error: errorMessage(error) });
        }
      }
      if (ready.length > 0) await get().importPaths(ready);
    },

    async importPaths(entries) {
      for (const e of entries) {
        if (!importStops.has(e.key)) importStops.set(e.key, new AbortController());
        if (!get().imports.some((i) => i.key === e.key)) {
          set((s) => ({ imports: [...s.imports, { key: e.key, name: e.path.split(/[\\/]/).pop() ?? e.path, stage: 'queued', pagesDone: 0, pagesTotal: 0 }] }));
        }
      }
      const queue = [...entries];
      const importOne = async (entry: { key: string; path: string }) => {
        // Stopped while it waited its turn: cancelImport has already marked it.
        const stop = importStops.get(entry.key);
        if (!stop || stop.signal.aborted) return;
        const requestId = newRequestId('ingest');
        const off = transport().on('library:ingestProgress', (p) => {
          if (p.requestId === requestId) patchImport(entry.key, { stage: p.stage, pagesDone: p.pagesDone, pagesTotal: p.pagesTotal });
        });
        try {
          const { documents } = await transport().invoke('library:ingest', { paths: [entry.path], requestId }, { signal: stop.signal });
          const outcome = documents[0];
          if (outcome) patchImport(entry.key, { stage: 'finished', outcome, pagesDone: outcome.pages, pagesTotal: outcome.pages });
        } catch (error) {
          // Stopped here, or in the engine (another library was opened): a one-file import that rejects CANCELLED did not read its file.
          if (stop.signal.aborted || errorCode(error) === 'CANCELLED') patchImport(entry.key, { stage: 'finished', cancelled: true });
          else patchImport(entry.key, { stage: 'finished', error: errorMessage(error) });
        } finally {
          off();
          importStops.delete(entry.key);
        }
      };
      const runner = async () => {
        for (let entry = queue.shift(); entry; entry = queue.shift()) await importOne(entry);
      };
      await Promise.all(Array.from({ length: Math.min(IMPORTS_AT_ONCE, queue.length) }, runner));
      await get().refresh();
    },

    cancelImport(key) {
      const keys = key ? [key] : [...importStops.keys()];
      for (const k of keys) {
        const stop = importStops.get(k);
        if (!stop) continue;
        stop.abort();
        importStops.delete(k);
        const item = get().imports.find((i) => i.key === k);
        // Not yet sent to the engine (uploading or waiting its turn): it ends here.
        if (item && (item.stage === 'uploading' || item.stage === 'queued')) patchImport(k, { stage: 'finished', cancelled: true });
      }
    },

    dismissImports() {
      set((s) => ({ imports: s.imports.filter((i) => i.stage !== 'finished') }));
    },

    remove(id) {
      const doc = get().documents.find((d) => d.id === id);
      if (!doc) return;
      if (get().pendingRemoval) void commitRemoval();
      set({ pendingRemoval: doc });
      removalTimer = setTimeout(() => void commitRemoval(), UNDO_MS);
    },

    undoRemove() {
      const doc = get().pendingRemoval;
      if (removalTimer) clearTimeout(removalTimer);
      removalTimer = null;
      if (!doc) return;
      set({ pendingRemoval: null });
    },

    async rename(id, title) {
      try {
        const { document } = await transport().invoke('library:rename', { id, title });
        set((s) => ({ documents: s.documents.map((d) => (d.id === id ? document : d)) }));
        // The reader's header shows the same title.
        useReaderStore.setState((s) => (s.detail?.id === id ? { detail: { ...s.detail, title: document.title } } : {}));
        return null;
      } catch (error) {
        return `Could not rename: ${errorMessage(error)}`;
      }
    },

    setSort: (sort) => set({ sort }),
    setFilter: (filter) => set({ filter }),
  };
});

/** Keeps the list current when another window or the CLI changes the library. */
export function watchLibrary(): () => void {
  return transport().on('library:changed', () => {
    void useLibraryStore.getState().refresh();
  });
}

/** The documents as shown: without one waiting to be removed, filtered by title or file name, then sorted. */
export function visibleDocuments(documents: DocumentSummary[], sort: LibrarySort, filter: string, hiddenId?: string): DocumentSummary[] {
  const needle = filter.trim().toLowerCase();
  const shown = documents.filter((d) => d.id !== hiddenId && (!needle || d.title.toLowerCase().includes(needle) || d.path.toLowerCase().includes(needle)));
  const compare: Record<LibrarySort, (a: DocumentSummary, b: DocumentSummary) => number> = {
    title: (a, b) => a.title.localeCompare(b.title),
    added: (a, b) => b.addedAt.localeCompare(a.addedAt),
    pages: (a, b) => b.pages - a.pages,
  };
  return shown.sort(compare[sort]);
}
