/**
 * The open document's annotations for the current user: the list the reader draws and the Notes
 * tab shows, its filter, and create / update / delete with an undo of the last removal (a removed
 * annotation is made again from what 'annotations:delete' returned). Errors are kept to be shown,
 * never thrown at a view.
 */
import { create } from 'zustand';
import type { Annotation, AnnotationColor, AnnotationKind } from '../../native/api/annotationTypes.js';
import type { Passage } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import type { Transport } from '../transport/Transport.js';
import { NO_FILTER, readingOrder, type AnnotationFilter } from './filterAnnotations.js';
import { errorCode, errorMessage } from './requestId.js';
import { currentUser, useUserStore } from './userStore.js';

/** What a new annotation needs besides its document and user (a saved answer is made from its conversation, 'saveAnswer'). */
export interface AnnotationDraft {
  kind: Exclude<AnnotationKind, 'answer'>;
  color?: AnnotationColor;
  anchor: Annotation['anchor'];
  note?: string;
}

interface AnnotationState {
  documentId: string | null;
  /** The user the list was loaded for. */
  user: string | null;
  annotations: Annotation[];
  loading: boolean;
  error: string | null;
  /** A confirmation to show ("Saved", "Written to …"). */
  notice: string | null;
  filter: AnnotationFilter;
  /** The last annotation removed, until it is brought back or another is removed (a saved answer is saved again from its conversation instead). */
  removed: Annotation | null;
  /** The annotation whose note is being written (the Notes tab opens its editor). */
  editingId: string | null;
  /** Loads the document's annotations (again, when `force` or the user changed). */
  load(documentId: string, force?: boolean): Promise<void>;
  create(draft: AnnotationDraft): Promise<Annotation | null>;
  update(id: string, patch: { color?: AnnotationColor; note?: string; kind?: 'highlight' | 'underline' | 'note' }): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Makes the last removed annotation again (Undo, or Ctrl+Z in the reader). */
  undoRemove(): Promise<void>;
  /** Adds a bookmark on the page, or removes the one there. */
  toggleBookmark(page: number): Promise<void>;
  setFilter(patch: Partial<AnnotationFilter>): void;
  edit(id: string | null): void;
  /** Keeps an answer as a note ("Save to notes"); true when it was saved. */
  saveAnswer(conversationId: string, messageId: number): Promise<boolean>;
  /** The notes of the open document, or of `documentId` (a document about to be removed), as a file. */
  exportNotes(format: 'md' | 'json', documentId?: string): Promise<{ fileName: string; content: string } | null>;
  /** Whether the user has annotations in a document (false when they cannot be read): removing it says they go with it. */
  hasNotes(documentId: string): Promise<boolean>;
  /**
   * Imports a notes file into the document it was made on (found by id or content), or with
   * `onThisDocument` into the open one; the number imported, or null (with `error` set) when it was
   * refused. A file of a document not in the library is kept in `otherDocumentFile` to be put on
   * the open document if the person says so (a copy of the same book, say).
   */
  importNotes(content: string, onThisDocument?: boolean): Promise<number | null>;
  otherDocumentFile: string | null;
  annotatedCopy(): Promise<string | null>;
  /** A document's passages, for finding a PDF selection in the engine's page texts (fetched once per document). */
  passagesFor(documentId: string): Promise<Passage[]>;
  dismiss(): void;
}

const KIND_NAMES: Record<AnnotationKind, string> = { highlight: 'Highlight', underline: 'Underline', note: 'Note', bookmark: 'Bookmark', answer: 'Saved answer' };

/** "Highlight removed", "Bookmark removed": what the undo notice says. */
export function removedLabel(annotation: Annotation): string {
  return `${KIND_NAMES[annotation.kind]} removed`;
}

let passageCache: { documentId: string; passages: Promise<Passage[]> } | null = null;
/** The transport whose 'annotations:changed' the store follows (tests install a new one per test). */
let listeningOn: Transport | null = null;
let followingUser = false;

export const useAnnotationStore = create<AnnotationState>()((set, get) => {
  /** Follows changes made elsewhere (the CLI, another window, an import) and a switch of user. */
  const listen = () => {
    if (listeningOn !== transport()) {
      listeningOn = transport();
      listeningOn.on('annotations:changed', ({ user, documentId }) => {
        const s = get();
        if (s.documentId === documentId && s.user === user) void s.load(documentId, true);
      });
    }
    if (followingUser) return;
    followingUser = true;
    useUserStore.subscribe((u, prev) => {
      const id = get().documentId;
      if (u.current !== prev.current && id) void get().load(id, true);
    });
  };

  const replace = (annotation: Annotation) => {
    const others = get().annotations.filter((a) => a.id !== annotation.id);
    if (annotation.documentId === get().documentId) set({ annotations: [...others, annotation].sort(readingOrder) });
  };

  return {
    documentId: null,
    user: null,
    annotations: [],
    loading: false,
    error: null,
    notice: null,
    filter: NO_FILTER,
    removed: null,
    editingId: null,
    otherDocumentFile: null,

    async load(documentId, force = false) {
      listen();
      const user = currentUser();
      const same = get().documentId === documentId && get().user === user;
      if (same && !force) return;
      if (!same) set({ documentId, user, annotations: [], error: null, notice: null, removed: null, editingId: null, filter: NO_FILTER, otherDocumentFile: null });
      set({ loading: true });
      try {
        const { annotations } = await transport().invoke('annotations:list', { user, documentId });
        if (get().documentId === documentId && get().user === user) set({ annotations: [...annotations].sort(readingOrder), loading: false });
      } catch (error) {
        if (get().documentId === documentId) set({ loading: false, error: `Could not read the notes of this document: ${errorMessage(error)}` });
      }
    },

    async create(draft) {
      const documentId = get().documentId;
      if (!documentId) return null;
      try {
        const { annotation } = await transport().invoke('annotations:create', { user: currentUser(), documentId, ...draft });
        replace(annotation);
        set({ error: null });
        return annotation;
      } catch (error) {
        set({ error: `Could not keep this ${KIND_NAMES[draft.kind].toLowerCase()}: ${errorMessage(error)}` });
        return null;
      }
    },

    async update(id, patch) {
      try {
        const { annotation } = await transport().invoke('annotations:update', { user: currentUser(), id, ...patch });
        replace(annotation);
        set({ error: null });
        return true;
      } catch (error) {
        set({ error: `Could not change it: ${errorMessage(error)}` });
        return false;
      }
    },

    async remove(id) {
      try {
        const { annotation } = await transport().invoke('annotations:delete', { user: currentUser(), id });
        set((s) => ({
          annotations: s.annotations.filter((a) => a.id !== id),
          removed: annotation.kind === 'answer' ? null : annotation,
          notice: null,
          error: null,
          editingId: s.editingId === id ? null : s.editingId,
        }));
      } catch (error) {
        set({ error: `Could not remove it: ${errorMessage(error)}` });
      }
    },

    async undoRemove() {
      const removed = get().removed;
      if (!removed || removed.kind === 'answer') return;
      set({ removed: null });
      const { kind, color, anchor, note } = removed;
      const again = await get().create({ kind, anchor, note, ...(color ? { color } : {}) });
      if (!again) set({ removed });
    },

    async toggleBookmark(page) {
      const existing = get().annotations.find((a) => a.kind === 'bookmark' && a.anchor.page === page);
      if (existing) await get().remove(existing.id);
      else await get().create({ kind: 'bookmark', anchor: { page, spans: [], quote: '' } });
    },

    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
    edit: (editingId) => set({ editingId }),

    async saveAnswer(conversationId, messageId) {
      try {
        const { annotations } = await transport().invoke('annotations:saveAnswer', { user: currentUser(), conversationId, messageId });
        for (const a of annotations) replace(a);
        set({ error: null });
        return true;
      } catch (error) {
        set({ error: `Could not save the answer to your notes: ${errorMessage(error)}` });
        return false;
      }
    },

    async exportNotes(format, documentId = get().documentId ?? undefined) {
      if (!documentId) return null;
      try {
        const file = await transport().invoke('annotations:export', { user: currentUser(), documentId, format });
        set({ error: null, notice: `Exported as ${file.fileName}.` });
        return file;
      } catch (error) {
        set({ error: `Could not export the notes: ${errorMessage(error)}` });
        return null;
      }
    },

    async hasNotes(documentId) {
      try {
        const { annotations } = await transport().invoke('annotations:list', { user: currentUser(), documentId, limit: 1 });
        return annotations.length > 0;
      } catch {
        return false;
      }
    },

    async importNotes(content, onThisDocument = false) {
      const documentId = get().documentId;
      if (!documentId) return null;
      set({ otherDocumentFile: null });
      try {
        const result = await transport().invoke('annotations:import', { user: currentUser(), content, ...(onThisDocument ? { documentId } : {}) });
        const count = `${result.imported} ${result.imported === 1 ? 'note' : 'notes'}`;
        set({ error: null, notice: result.documentId === documentId ? `Imported ${count}.` : `Imported ${count} into the document the file was made on (not this one).` });
        await get().load(documentId, true);
        return result.imported;
      } catch (error) {
        set({ error: `Could not import these notes: ${errorMessage(error)}`, notice: null, otherDocumentFile: errorCode(error) === 'NOTES_FILE_OTHER_DOCUMENT' ? content : null });
        return null;
      }
    },

    async annotatedCopy() {
      const documentId = get().documentId;
      if (!documentId) return null;
      try {
        const { path } = await transport().invoke('annotations:annotatedCopy', { user: currentUser(), documentId });
        set({ error: null, notice: `Annotated copy written to ${path}` });
        return path;
      } catch (error) {
        set({ error: `Could not write an annotated copy: ${errorMessage(error)}`, notice: null });
        return null;
      }
    },

    passagesFor(documentId) {
      if (passageCache?.documentId !== documentId) {
        const passages = transport()
          .invoke('library:passages', { id: documentId })
          .then((r) => r.passages);
        // A failed fetch is tried again next time.
        passages.catch(() => {
          if (passageCache?.passages === passages) passageCache = null;
        });
        passageCache = { documentId, passages };
      }
      return passageCache.passages;
    },

    dismiss: () => set({ error: null, notice: null, removed: null, otherDocumentFile: null }),
  };
});

/** Forgets the fetched passages (tests; a document read again). */
export function forgetPassages(): void {
  passageCache = null;
}
