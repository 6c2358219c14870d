/** One row of the Notes tab: what was marked and the note on it; click to see it on its page, edit the note in place, remove it. */
import { memo, useEffect, useRef, useState } from 'react';
import type { Annotation } from '../../native/api/annotationTypes.js';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useReaderStore } from '../stores/readerStore.js';

const KIND_NAMES = { highlight: 'Highlight', underline: 'Underline', note: 'Note', bookmark: 'Bookmark', answer: 'Saved answer' } as const;

/** Shows the annotation in the reader: its page, and its rectangles (or range) marked as a citation's are. */
export function revealAnnotation(a: Annotation): void {
  const reader = useReaderStore.getState();
  if (reader.documentId !== a.documentId) return;
  const first = a.anchor.spans[0];
  reader.goToPage(a.anchor.page);
  if (a.anchor.spans.length === 0 && a.rects.length === 0) return;
  useReaderStore.setState({
    highlight: { documentId: a.documentId, page: a.anchor.page, rects: a.rects, quote: a.anchor.quote, charStart: first?.charStart ?? null, charEnd: first?.charEnd ?? null },
  });
}

/** Memoized: a filter that keeps a row keeps its DOM without rendering it again (thousands of notes filter as you type). */
export const AnnotationItem = memo(function AnnotationItem({ annotation: a }: { annotation: Annotation }) {
  const editingId = useAnnotationStore((s) => s.editingId);
  const { update, remove, edit } = useAnnotationStore.getState();
  const editing = editingId === a.id;
  const [draft, setDraft] = useState(a.note);
  // A saved answer cannot be made again here (only from its conversation), so removing one asks first instead of offering Undo.
  const [confirming, setConfirming] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (editing) {
      setDraft(a.note);
      box.current?.focus();
    }
  }, [editing, a.note]);

  const what = a.kind === 'answer' ? (a.answer?.question ?? '') : a.anchor.quote;
  const label =
    a.kind === 'bookmark' ? `Bookmark, page ${a.anchor.page}` : what ? `${KIND_NAMES[a.kind]}: ${what.slice(0, 200)}` : `${KIND_NAMES[a.kind]} on page ${a.anchor.page}`;
  return (
    <li className={`annotation-item annotation-item-${a.kind}`} data-annotation-id={a.id}>
      <button type="button" className="annotation-item-show" onClick={() => revealAnnotation(a)}>
        <span className={`swatch-dot annotation-color-${a.color ?? 'none'}`} aria-hidden="true" />
        <span className="annotation-item-text">
          <span className="annotation-item-kind">{KIND_NAMES[a.kind]}</span>
          {a.orphaned && <span className="annotation-item-orphaned"> (its text is no longer in the document)</span>}{' '}
          {a.kind === 'bookmark' ? `Page ${a.anchor.page}` : what ? <q>{what.length > 300 ? `${what.slice(0, 300)}…` : what}</q> : 'On the page'}
        </span>
      </button>
      {a.kind === 'answer' && a.answer && <p className="annotation-item-answer">{a.answer.text.length > 400 ? `${a.answer.text.slice(0, 400)}…` : a.answer.text}</p>}
      {editing ? (
        <form
          className="annotation-item-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void update(a.id, { note: draft.trim() }).then((ok) => ok && edit(null));
          }}
        >
          <textarea
            ref={box}
            aria-label={`Note on ${label}`}
            rows={3}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') edit(null);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={() => edit(null)}>
            Cancel
          </button>
        </form>
      ) : (
        a.note && <p className="annotation-item-note">{a.note}</p>
      )}
      {!editing && (
        <div className="annotation-item-actions">
          {a.kind !== 'bookmark' && (
            <button type="button" className="link" onClick={() => edit(a.id)} aria-label={`${a.note ? 'Edit note' : 'Add note'}: ${label}`}>
              {a.note ? 'Edit note' : 'Add note'}
            </button>
          )}
          {confirming ? (
            <span role="group" aria-label="Confirm removing the saved answer">
              Remove this saved answer?{' '}
              <button type="button" className="link" onClick={() => void remove(a.id)}>
                Remove
              </button>{' '}
              <button type="button" className="link" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="link" onClick={() => (a.kind === 'answer' ? setConfirming(true) : void remove(a.id))} aria-label={`Remove ${label}`}>
              Remove
            </button>
          )}
        </div>
      )}
    </li>
  );
});
