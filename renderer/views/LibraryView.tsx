import { useState } from 'react';
import type { DocumentSummary } from '../../native/api/types.js';
import { formatSize } from '../formatSize.js';
import { useLibraryStore, visibleDocuments, type LibrarySort } from '../stores/libraryStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { ImportButton } from './ImportButton.js';
import { ImportProgressList } from './ImportProgressList.js';
import { SearchPanel } from './SearchPanel.js';

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
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
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
            <p>Your library is empty. Import PDFs, text or Markdown files with “Import files…”, or drop them onto this window.</p>
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
  const remove = useLibraryStore((s) => s.remove);
  const open = useReaderStore((s) => s.open);
  return (
    <li className="document">
      <div className="document-main">
        <button type="button" className="link document-title" onClick={() => void open(doc.id)} aria-label={`Open ${doc.title}`}>
          {doc.title}
        </button>
        <span className="muted document-meta">
          {doc.format.toUpperCase()} · {doc.pages} {doc.pages === 1 ? 'page' : 'pages'} · {doc.passages} passages · {formatSize(doc.bytes)} · added {new Date(doc.addedAt).toLocaleDateString()}
        </span>
        {doc.status === 'needs-ocr' && (
          <span className="muted document-note">This PDF has no text layer (it looks like a scan), so it cannot be searched or asked about until it is run through OCR.</span>
        )}
      </div>
      <StatusBadge status={doc.status} />
      {confirming ? (
        <span className="confirm" role="group" aria-label={`Confirm removing ${doc.title}`}>
          <span>Remove from the library?</span>
          <button type="button" className="danger" onClick={() => remove(doc.id)}>
            Remove
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" aria-label={`Remove ${doc.title}`} onClick={() => setConfirming(true)}>
          Remove
        </button>
      )}
    </li>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const label: Record<string, string> = { ingested: 'Ready', 'needs-ocr': 'Needs OCR', failed: 'Failed', duplicate: 'Already in library', cancelled: 'Cancelled' };
  return <span className={`badge badge-${status}`}>{label[status] ?? status}</span>;
}
