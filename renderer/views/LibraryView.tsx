import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../native/api/types.js';
import { formatSize } from '../formatSize.js';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useLibraryStore, visibleDocuments, type LibrarySort } from '../stores/libraryStore.js';
import { useModelsStore } from '../stores/modelsStore.js';
import { usePrereadStore } from '../stores/prereadStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { downloadText } from './downloadText.js';
import { useReadingStore } from '../stores/readingStore.js';
import { ContinueReading } from './ContinueReading.js';
import { ImportButton } from './ImportButton.js';
import { ImportProgressList } from './ImportProgressList.js';
import { StatusBadge } from './StatusBadge.js';
import { RenameForm } from './RenameForm.js';
import { SearchPanel } from './SearchPanel.js';
import { Notices } from './Notices.js';
import { SuggestionsStrip } from './SuggestionsStrip.js';
import { textQuality } from './textQuality.js';

const LIBRARY_CONTEXT = {};

export function LibraryView() {
  const documents = useLibraryStore((s) => s.documents);
  const loaded = useLibraryStore((s) => s.loaded);
  const error = useLibraryStore((s) => s.error);
  const sort = useLibraryStore((s) => s.sort);
  const filter = useLibraryStore((s) => s.filter);
  const pending = useLibraryStore((s) => s.pendingRemoval);
  const setSort = useLibraryStore((s) => s.setSort);
  const setFilter = useLibraryStore((s) => s.setFilter);
  const undoRemove = useLibraryStore((s) => s.undoRemove);
  const shown = visibleDocuments(documents, sort, filter, pending?.id);
  const loadedModel = useModelsStore((s) => s.loaded?.model.id ?? null);
  const readable = documents
    .filter((d) => d.status === 'ingested')
    .map((d) => d.id)
    .join(',');

  useEffect(() => {
    if (readable) void usePrereadStore.getState().refresh(readable.split(','));
  }, [readable, loadedModel]);

  return (
    <div className="library">
      <section className="library-search" aria-label="Search">
        <SearchPanel />
      </section>
      <section className="library-documents" aria-labelledby="library-heading">
        <div className="library-toolbar">
          <h1 id="library-heading">Library</h1>
          <ImportButton />
          <label className="inline-field">
            <span>Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as LibrarySort)}>
              <option value="added">Date added</option>
              <option value="title">Title</option>
              <option value="pages">Pages</option>
            </select>
          </label>
          <input type="search" className="filter" aria-label="Filter documents" placeholder="Filter by title" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ImportProgressList />
        <Notices error={error} />
        {loaded && <ContinueReading />}
        {loaded && readable && <SuggestionsStrip context={LIBRARY_CONTEXT} />}
        {pending && (
          <div role="status" className="undo-bar">
            Removed “{pending.title}”.{' '}
            <button type="button" onClick={undoRemove}>
              Undo
            </button>
          </div>
        )}
        {loaded && documents.length === 0 && (
          <div className="empty">
            <p>Your library is empty. Import PDFs, EPUB books, Word (.docx) and HTML files, text or Markdown with “Import files…”, or drop them onto this window.</p>
          </div>
        )}
        {shown.length > 0 && (
          <ul className="documents" aria-label="Documents">
            {shown.map((d) => (
              <DocumentRow key={d.id} doc={d} />
            ))}
          </ul>
        )}
        {documents.length > 0 && shown.length === 0 && !pending && <p className="muted">No document matches “{filter}”.</p>}
      </section>
    </div>
  );
}

function DocumentRow({ doc }: { doc: DocumentSummary }) {
  const [confirming, setConfirming] = useState(false);
  const [renaming, setRenaming] = useState(false);
  /** Whether the reader has annotations in the document, looked up when removing it is asked: they go with it. */
  const [notes, setNotes] = useState(false);
  const remove = useLibraryStore((s) => s.remove);
  const rename = useLibraryStore((s) => s.rename);
  const open = useReaderStore((s) => s.open);
  const quality = textQuality(doc);
  const percent = useReadingStore((s) => s.recent.find((p) => p.documentId === doc.id)?.percent ?? null);
  return (
    <li className="document">
      <div className="document-main">
        {renaming ? (
          <RenameForm title={doc.title} label={`New title for ${doc.title}`} onSave={(title) => rename(doc.id, title)} onDone={() => setRenaming(false)} />
        ) : (
          <button type="button" className="link document-title" onClick={() => void open(doc.id)} aria-label={`Open ${doc.title}`}>
            {doc.title}
          </button>
        )}
        <span className="muted document-meta">
          {doc.format.toUpperCase()} · {doc.pages} {doc.pages === 1 ? 'page' : 'pages'} · {doc.passages} passages · {formatSize(doc.bytes)} · added{' '}
          {new Date(doc.addedAt).toLocaleDateString()}
          {quality && <span className="document-quality"> · {quality}</span>}
          {percent !== null && <span className="document-progress"> · {Math.round(percent)}% read</span>}
        </span>
        {doc.status === 'needs-ocr' && (
          <span className="muted document-note">
            This PDF has no usable text layer (it looks like a scan), so it cannot be searched or asked about until it is run through OCR.
          </span>
        )}
      </div>
      <StatusBadge status={doc.status} />
      {doc.status === 'ingested' && <PrereadControl doc={doc} />}
      {!renaming && (
        <button type="button" aria-label={`Rename ${doc.title}`} onClick={() => setRenaming(true)}>
          Rename
        </button>
      )}
      {confirming ? (
        <span className="confirm" role="group" aria-label={`Confirm removing ${doc.title}`}>
          <span>{notes ? 'Remove from the library? Your notes on it go with it.' : 'Remove from the library?'}</span>
          {notes && (
            <button type="button" onClick={() => void exportNotesOf(doc.id)}>
              Export notes first
            </button>
          )}
          <button type="button" className="danger" onClick={() => remove(doc.id)}>
            Remove
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          aria-label={`Remove ${doc.title}`}
          onClick={() => {
            setConfirming(true);
            void useAnnotationStore.getState().hasNotes(doc.id).then(setNotes);
          }}
        >
          Remove
        </button>
      )}
    </li>
  );
}

/** Downloads a document's notes as Markdown, before it (and they) are removed. */
async function exportNotesOf(documentId: string): Promise<void> {
  const file = await useAnnotationStore.getState().exportNotes('md', documentId);
  if (file) downloadText(file.content, file.fileName, 'text/markdown');
}

/** "Pre-read" / "Not pre-read" with a model loaded, a Pre-read button, and its stage and Cancel while it runs. */
function PrereadControl({ doc }: { doc: DocumentSummary }) {
  const state = usePrereadStore((s) => s.statuses[doc.id]);
  const run = usePrereadStore((s) => s.running[doc.id]);
  const error = usePrereadStore((s) => s.errors[doc.id]);
  const { preread, cancel } = usePrereadStore.getState();
  if (!state || state === 'no-model') return null;
  return (
    <span className="preread" role="group" aria-label={`Pre-reading ${doc.title}`}>
      {run ? (
        <>
          <span role="status">Pre-reading: {run.stage}…</span>
          <button type="button" aria-label={`Cancel pre-reading ${doc.title}`} onClick={() => void cancel(doc.id)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          <span className={`badge ${state === 'read' ? 'badge-ingested' : 'badge-muted'}`}>{state === 'read' ? 'Pre-read' : 'Not pre-read'}</span>
          {state === 'not-read' && (
            <button
              type="button"
              aria-label={`Pre-read ${doc.title}`}
              title="Read the document with the loaded model now and save its reading state, so the first question is answered sooner"
              onClick={() => void preread(doc.id)}
            >
              Pre-read
            </button>
          )}
        </>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  );
}
