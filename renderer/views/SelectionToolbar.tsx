/**
 * The small bar over text selected in the document: highlight in one of the colours, underline,
 * note, copy. The same with the keyboard while the reader has focus and something is selected:
 * H highlights, U underlines, N writes a note; without a selection B bookmarks the page; Ctrl+Z
 * brings back the annotation just removed. Mounted by each document view (one at a time).
 */
import { useEffect, useRef, useState } from 'react';
import { ANNOTATION_COLORS, type AnnotationColor } from '../../native/api/annotationTypes.js';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { anchorFromSelection, documentRange } from './anchorFromSelection.js';
import type { SelectionAnchor } from './locateSelection.js';

interface Place {
  left: number;
  top: number;
}

/** A key typed into a field is text, not a command. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Where the bar goes: above the selection, inside the window. */
function placeFor(range: Range): Place {
  const rect = range.getBoundingClientRect();
  return { left: Math.max(8, Math.min(rect.left, window.innerWidth - 330)), top: rect.top > 60 ? rect.top - 48 : Math.min(rect.bottom + 8, window.innerHeight - 120) };
}

export function SelectionToolbar({ documentId }: { documentId: string }) {
  const [place, setPlace] = useState<Place | null>(null);
  const [note, setNote] = useState<{ anchor: SelectionAnchor; text: string; at: Place } | null>(null);
  const [copied, setCopied] = useState(false);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  // The Notes tab shows the store's errors; with another tab open, a failed highlight says so here.
  const error = useAnnotationStore((s) => s.error);
  const notesShown = useUiStore((s) => s.readerSide === 'notes');

  useEffect(() => {
    const show = () => {
      // After the browser has updated the selection.
      setTimeout(() => {
        const range = documentRange(window.getSelection());
        setPlace(range ? placeFor(range) : null);
        setCopied(false);
      }, 0);
    };
    const onSelectionChange = () => {
      if (!documentRange(window.getSelection())) setPlace(null);
    };
    // The bar is placed in the window, the selection scrolls with the page: put away until the next selection (the keys still work).
    const onScroll = () => setPlace(null);
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.altKey || useUiStore.getState().screen !== 'reader') return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && !event.shiftKey && useAnnotationStore.getState().removed && inReader(event.target)) {
        event.preventDefault();
        void useAnnotationStore.getState().undoRemove();
        return;
      }
      if (mod) return;
      if (key === 'shift' || key.startsWith('arrow')) show();
      const range = documentRange(window.getSelection());
      if (key === 'b' && !range && inReader(event.target)) {
        event.preventDefault();
        void useAnnotationStore.getState().toggleBookmark(useReaderStore.getState().page);
        return;
      }
      if (!range) return;
      const action = key === 'h' ? 'highlight' : key === 'u' ? 'underline' : key === 'n' ? 'note' : null;
      if (!action) return;
      event.preventDefault();
      void act(action);
    };
    document.addEventListener('mouseup', show);
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('scroll', onScroll, true);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('scroll', onScroll, true);
      document.removeEventListener('mouseup', show);
      document.removeEventListener('selectionchange', onSelectionChange);
      window.removeEventListener('keydown', onKey);
    };
    // `act` reads everything it needs from the stores when it runs.
  }, [documentId]);

  useEffect(() => {
    if (note) noteBox.current?.focus();
  }, [note]);

  /** Anchors the selection and makes the annotation (or opens the note box for a note). */
  async function act(kind: 'highlight' | 'underline' | 'note', color?: AnnotationColor) {
    const range = documentRange(window.getSelection());
    if (!range) return;
    const store = useAnnotationStore.getState();
    const anchor = await anchorFromSelection(range, () => store.passagesFor(documentId), useReaderStore.getState().passages);
    if (!anchor) {
      useAnnotationStore.setState({
        error: 'The selected words were not found in the text Lectern read from this page, so they cannot be marked. Select words of the page’s body text.',
      });
      return;
    }
    if (kind === 'note') {
      setNote({ anchor, text: '', at: placeFor(range) });
      return;
    }
    const made = await store.create({ kind, anchor, color: color ?? 'yellow' });
    if (made) {
      window.getSelection()?.removeAllRanges();
      setPlace(null);
    }
  }

  async function saveNote() {
    if (!note) return;
    const made = await useAnnotationStore.getState().create({ kind: 'note', anchor: note.anchor, note: note.text.trim() });
    if (made) {
      setNote(null);
      setPlace(null);
      window.getSelection()?.removeAllRanges();
    }
  }

  async function copy() {
    const text = window.getSelection()?.toString() ?? '';
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      document.execCommand('copy'); // a window without clipboard permission still copies the selection
    }
    setCopied(true);
  }

  if (note) {
    return (
      <div className="selection-toolbar selection-note" role="dialog" aria-label="Note on the selected text" style={{ left: note.at.left, top: note.at.top }}>
        <p className="selection-note-quote">“{note.anchor.quote.length > 120 ? `${note.anchor.quote.slice(0, 120)}…` : note.anchor.quote}”</p>
        <textarea
          ref={noteBox}
          aria-label="Note"
          rows={3}
          value={note.text}
          onChange={(e) => setNote({ ...note, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void saveNote();
            if (e.key === 'Escape') setNote(null);
          }}
        />
        <div className="selection-note-actions">
          <button type="button" className="primary" onClick={() => void saveNote()} title="Save the note (Ctrl+Enter)">
            Save note
          </button>
          <button type="button" onClick={() => setNote(null)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  if (!place) {
    return error && !notesShown ? (
      <p role="alert" className="error selection-error">
        {error}{' '}
        <button type="button" className="link" onClick={() => useAnnotationStore.setState({ error: null })}>
          Dismiss
        </button>
      </p>
    ) : null;
  }
  return (
    // Buttons keep the selection: a mousedown on them would otherwise clear it before the click.
    <div className="selection-toolbar" role="toolbar" aria-label="Mark the selected text" style={{ left: place.left, top: place.top }} onMouseDown={(e) => e.preventDefault()}>
      {ANNOTATION_COLORS.map((color) => (
        <button
          key={color}
          type="button"
          className={`swatch annotation-color-${color}`}
          aria-label={`Highlight ${color}`}
          title={`Highlight in ${color}${color === 'yellow' ? ' (H)' : ''}`}
          aria-keyshortcuts={color === 'yellow' ? 'H' : undefined}
          onClick={() => void act('highlight', color)}
        />
      ))}
      <button type="button" aria-label="Underline" title="Underline (U)" aria-keyshortcuts="U" onClick={() => void act('underline')}>
        <u>U</u>
      </button>
      <button type="button" title="Add a note (N)" aria-keyshortcuts="N" onClick={() => void act('note')}>
        Note
      </button>
      <button type="button" title="Copy the selected text" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

function inReader(target: EventTarget | null): boolean {
  return target === document.body || (target instanceof Element && target.closest('.reader') !== null);
}
