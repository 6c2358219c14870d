/**
 * The Notes tab of the reader's sidebar: the open document's highlights, underlines, notes,
 * bookmarks and saved answers by page, filtered by colour, kind and words; a click shows the
 * marked text on its page. Bookmark the page, write a note on it, edit a note in place, remove
 * with undo; export (Markdown, JSON), import, and an annotated copy of a PDF.
 */
import { useMemo, useRef, useState } from 'react';
import { ANNOTATION_COLORS, ANNOTATION_KINDS, type Annotation, type AnnotationKind } from '../../native/api/annotationTypes.js';
import { removedLabel, useAnnotationStore } from '../stores/annotationStore.js';
import { filterAnnotations, groupByPage } from '../stores/filterAnnotations.js';
import { useReaderStore } from '../stores/readerStore.js';
import { AnnotationItem } from './AnnotationItem.js';
import { downloadText } from './downloadText.js';

/** Rows rendered at first: enough to fill any sidebar; more on request, so thousands of notes open at once. */
const PAGE_SIZE = 100;

const KIND_LABELS: Record<AnnotationKind, string> = { highlight: 'Highlights', underline: 'Underlines', note: 'Notes', bookmark: 'Bookmarks', answer: 'Saved answers' };

export function NotesPanel() {
  const documentId = useReaderStore((s) => s.documentId);
  const format = useReaderStore((s) => s.detail?.format);
  const page = useReaderStore((s) => s.page);
  const annotations = useAnnotationStore((s) => s.annotations);
  const filter = useAnnotationStore((s) => s.filter);
  const loading = useAnnotationStore((s) => s.loading);
  const error = useAnnotationStore((s) => s.error);
  const notice = useAnnotationStore((s) => s.notice);
  const removed = useAnnotationStore((s) => s.removed);
  const otherDocumentFile = useAnnotationStore((s) => s.otherDocumentFile);
  const { setFilter, toggleBookmark, undoRemove, create, exportNotes, importNotes, annotatedCopy, dismiss } = useAnnotationStore.getState();
  const [shown, setShown] = useState(PAGE_SIZE);
  const [pageNote, setPageNote] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const matching = useMemo(() => filterAnnotations(annotations, filter), [annotations, filter]);
  const groups = useMemo(() => groupByPage(matching.slice(0, shown)), [matching, shown]);
  const bookmarked = annotations.some((a) => a.kind === 'bookmark' && a.anchor.page === page);
  const filtered = filter.colors.length > 0 || filter.kind !== 'all' || filter.query.trim() !== '';

  const download = async (fmt: 'md' | 'json') => {
    const file = await exportNotes(fmt);
    if (file) downloadText(file.content, file.fileName, fmt === 'md' ? 'text/markdown' : 'application/json');
  };

  return (
    <div className="notes-panel" aria-busy={loading}>
      <div className="notes-actions">
        <button type="button" aria-pressed={bookmarked} onClick={() => void toggleBookmark(page)} title="Bookmark this page (B)" aria-keyshortcuts="B">
          {bookmarked ? `Bookmarked page ${page}` : `Bookmark page ${page}`}
        </button>
        <button type="button" onClick={() => setPageNote('')} disabled={pageNote !== null}>
          Note on page {page}
        </button>
      </div>
      {pageNote !== null && (
        <form
          className="notes-page-note"
          onSubmit={(e) => {
            e.preventDefault();
            void create({ kind: 'note', anchor: { page, spans: [], quote: '' }, note: pageNote.trim() }).then((made) => made && setPageNote(null));
          }}
        >
          <textarea aria-label={`Note on page ${page}`} rows={3} value={pageNote} autoFocus onChange={(e) => setPageNote(e.target.value)} />
          <button type="submit" className="primary" disabled={!pageNote.trim()}>
            Save note
          </button>
          <button type="button" onClick={() => setPageNote(null)}>
            Cancel
          </button>
        </form>
      )}

      <div className="notes-filter" role="group" aria-label="Filter notes">
        <input type="search" aria-label="Search notes" placeholder="Search notes" value={filter.query} onChange={(e) => setFilter({ query: e.target.value })} />
        <div className="notes-colors">
          {ANNOTATION_COLORS.map((color) => {
            const on = filter.colors.includes(color);
            return (
              <button
                key={color}
                type="button"
                className={`swatch annotation-color-${color}`}
                aria-pressed={on}
                aria-label={`Only ${color}`}
                title={`Show only ${color} marks`}
                onClick={() => setFilter({ colors: on ? filter.colors.filter((c) => c !== color) : [...filter.colors, color] })}
              />
            );
          })}
        </div>
        <select aria-label="Kind" value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value as AnnotationKind | 'all' })}>
          <option value="all">All kinds</option>
          {ANNOTATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>

      {error && (
        <p role="alert" className="error">
          {error}{' '}
          {otherDocumentFile && (
            <>
              <button type="button" className="link" onClick={() => void importNotes(otherDocumentFile, true)}>
                Put them on this document
              </button>{' '}
            </>
          )}
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </p>
      )}
      {removed && (
        <p role="status" className="notice notes-undo">
          {removedLabel(removed)} —{' '}
          <button type="button" className="link" onClick={() => void undoRemove()} aria-keyshortcuts="Control+Z">
            Undo
          </button>
        </p>
      )}
      {notice && !removed && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}

      {annotations.length === 0 && !loading ? (
        <p className="muted notes-empty">
          No notes yet. Select text in the document, then pick a colour (or press H) to highlight it, U to underline, N to write a note. B bookmarks the page.
        </p>
      ) : matching.length === 0 ? (
        <p className="muted notes-empty">Nothing matches this filter.</p>
      ) : (
        <ol className="notes-list" aria-label={filtered ? `${matching.length} of ${annotations.length} notes` : `${annotations.length} notes`}>
          {groups.map((g) => (
            <li key={g.page} className="notes-page">
              <h3 className="notes-page-title">
                {format === 'pdf' ? `Page ${g.page}` : format === 'epub' || format === 'docx' || format === 'html' ? `Chapter ${g.page}` : `Page ${g.page}`}
              </h3>
              <ul>
                {g.annotations.map((a: Annotation) => (
                  <AnnotationItem key={a.id} annotation={a} />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {matching.length > shown && (
        <button type="button" className="notes-more" onClick={() => setShown(shown + PAGE_SIZE)}>
          Show more ({matching.length - shown} left)
        </button>
      )}

      <div className="notes-files" role="group" aria-label="Notes files">
        <button type="button" onClick={() => void download('md')} disabled={annotations.length === 0}>
          Export Markdown
        </button>
        <button type="button" onClick={() => void download('json')} disabled={annotations.length === 0}>
          Export JSON
        </button>
        <button type="button" onClick={() => picker.current?.click()}>
          Import…
        </button>
        <input
          ref={picker}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Notes file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((content) => importNotes(content));
          }}
        />
        {format === 'pdf' && (
          <button
            type="button"
            onClick={() => void annotatedCopy()}
            disabled={annotations.length === 0}
            title="A copy of the PDF with your highlights and notes; the original is not changed"
          >
            Save an annotated copy
          </button>
        )}
      </div>
      {documentId === null && <p className="muted">Open a document to see its notes.</p>}
    </div>
  );
}
