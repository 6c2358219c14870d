import { useEffect, useRef, useState } from 'react';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { RenameForm } from './RenameForm.js';
import { textQuality } from './textQuality.js';

export function ReaderToolbar() {
  const title = useReaderStore((s) => s.detail?.title ?? '');
  const documentId = useReaderStore((s) => s.detail?.id ?? null);
  const rename = useLibraryStore((s) => s.rename);
  const [renaming, setRenaming] = useState(false);
  useEffect(() => setRenaming(false), [documentId]);
  const page = useReaderStore((s) => s.page);
  const pageCount = useReaderStore((s) => s.pageCount);
  const scale = useReaderStore((s) => s.scale);
  const isPdf = useReaderStore((s) => s.detail?.format === 'pdf');
  // The library's row first: it is refreshed when a re-read replaces the document's text.
  const rowQuality = useLibraryStore((s) => {
    const row = s.documents.find((d) => d.id === documentId);
    return row ? textQuality(row) : undefined;
  });
  const detailQuality = useReaderStore((s) => (s.detail ? textQuality(s.detail) : null));
  const quality = rowQuality === undefined ? detailQuality : rowQuality;
  const { goToPage, zoomIn, zoomOut, openFind } = useReaderStore.getState();
  const [pageText, setPageText] = useState(String(page));
  useEffect(() => setPageText(String(page)), [page]);

  return (
    <div className="toolbar" role="toolbar" aria-label="Reader">
      {renaming && documentId ? (
        <RenameForm title={title} label={`New title for ${title}`} onSave={(t) => rename(documentId, t)} onDone={() => setRenaming(false)} />
      ) : (
        <>
          <h1 className="reader-title">
            <button type="button" className="link reader-title-button" title={`${title} — click to rename`} onClick={() => setRenaming(true)} disabled={!documentId}>
              {title}
            </button>
          </h1>
          {quality && <span className="muted reader-quality">{quality}</span>}
          <button type="button" aria-label="Rename document" onClick={() => setRenaming(true)} disabled={!documentId}>
            Rename
          </button>
        </>
      )}
      <button type="button" aria-label="Previous page" onClick={() => goToPage(page - 1)} disabled={page <= 1}>
        ‹
      </button>
      <form
        className="page-form"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(pageText);
          if (Number.isFinite(n)) goToPage(n);
          else setPageText(String(page));
        }}
      >
        <input aria-label="Page number" inputMode="numeric" value={pageText} onChange={(e) => setPageText(e.target.value)} onBlur={() => setPageText(String(page))} size={4} />
        <span className="muted"> of {pageCount}</span>
      </form>
      <button type="button" aria-label="Next page" onClick={() => goToPage(page + 1)} disabled={page >= pageCount}>
        ›
      </button>
      {isPdf && (
        <>
          <button type="button" aria-label="Zoom out" onClick={zoomOut}>
            −
          </button>
          <span className="zoom" aria-label="Zoom level">
            {Math.round(scale * 100)}%
          </span>
          <button type="button" aria-label="Zoom in" onClick={zoomIn}>
            +
          </button>
          <button type="button" aria-label="Find in document" aria-keyshortcuts="Control+F Meta+F" onClick={openFind}>
            Find
          </button>
        </>
      )}
      <FindBar />
    </div>
  );
}

function FindBar() {
  const open = useReaderStore((s) => s.findOpen);
  const query = useReaderStore((s) => s.findQuery);
  const focus = useReaderStore((s) => s.findFocus);
  const matches = useReaderStore((s) => s.findMatches);
  const { setFindQuery, closeFind, findAgain } = useReaderStore.getState();
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      box.current?.focus();
      box.current?.select();
    }
  }, [open, focus]);
  if (!open) return null;
  return (
    <div className="findbar" role="search" aria-label="Find in document">
      <input
        ref={box}
        type="search"
        aria-label="Find in document"
        placeholder="Find in document"
        value={query}
        onChange={(e) => setFindQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            findAgain(e.shiftKey);
          }
          if (e.key === 'Escape') closeFind();
        }}
      />
      <span className="muted find-count" aria-live="polite">
        {query && matches ? (matches.total === 0 ? 'No matches' : `${matches.current} of ${matches.total}`) : ''}
      </span>
      <button type="button" aria-label="Previous match" onClick={() => findAgain(true)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" onClick={() => findAgain(false)}>
        ↓
      </button>
      <button type="button" aria-label="Close find" onClick={closeFind}>
        ×
      </button>
    </div>
  );
}
