import { useEffect, useRef, useState } from 'react';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useReaderStore, type FitMode } from '../stores/readerStore.js';
import { useReadingStore } from '../stores/readingStore.js';
import { useUiStore } from '../stores/uiStore.js';
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
  const fit = useReaderStore((s) => s.fit);
  const labels = useReaderStore((s) => s.pageLabels);
  const isPdf = useReaderStore((s) => s.detail?.format === 'pdf');
  const panels = useUiStore((s) => s.panels);
  const setPanel = useUiStore((s) => s.setPanel);
  const label = labels?.[page - 1];
  // The library's row first: it is refreshed when a re-read replaces the document's text.
  const rowQuality = useLibraryStore((s) => {
    const row = s.documents.find((d) => d.id === documentId);
    return row ? textQuality(row) : undefined;
  });
  const detailQuality = useReaderStore((s) => (s.detail ? textQuality(s.detail) : null));
  const quality = rowQuality === undefined ? detailQuality : rowQuality;
  const { goToPage, zoomIn, zoomOut, openFind, setFit } = useReaderStore.getState();
  const [pageText, setPageText] = useState(String(page));
  useEffect(() => setPageText(String(page)), [page]);

  return (
    <div className="toolbar" role="toolbar" aria-label="Reader">
      <button type="button" className="panel-toggle" aria-expanded={panels.side} onClick={() => setPanel('side')} title={panels.side ? 'Hide the sections' : 'Show the sections'}>
        Sections
      </button>
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
          <button type="button" className="rename-button" aria-label="Rename document" onClick={() => setRenaming(true)} disabled={!documentId}>
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
        <span className="muted page-of">
          {' '}
          of {pageCount}
          {/* The page as printed ("xii"), beside the index the box takes. */}
          {label && label !== String(page) && <span className="page-label"> · printed {label}</span>}
        </span>
      </form>
      <button type="button" aria-label="Next page" onClick={() => goToPage(page + 1)} disabled={page >= pageCount}>
        ›
      </button>
      {isPdf && (
        <>
          <button type="button" aria-label="Zoom out" onClick={zoomOut}>
            −
          </button>
          <span className="zoom" role="status" aria-label={`Zoom ${Math.round(scale * 100)}%`}>
            {Math.round(scale * 100)}%
          </span>
          <button type="button" aria-label="Zoom in" onClick={zoomIn}>
            +
          </button>
          <FitButton mode="page-width" fit={fit} onFit={setFit} label="Fit width" />
          <FitButton mode="page-fit" fit={fit} onFit={setFit} label="Fit page" />
          <button type="button" aria-label="Find in document" aria-keyshortcuts="Control+F Meta+F" onClick={openFind}>
            Find
          </button>
        </>
      )}
      {documentId && <SpoilerFreeToggle documentId={documentId} />}
      <button
        type="button"
        className="panel-toggle"
        aria-expanded={panels.ask}
        aria-keyshortcuts="/"
        onClick={() => setPanel('ask')}
        title={panels.ask ? 'Hide the Ask panel' : 'Show the Ask panel (/)'}
      >
        Ask panel
      </button>
      <FindBar />
    </div>
  );
}

function FitButton({ mode, fit, onFit, label }: { mode: FitMode; fit: FitMode | null; onFit: (mode: FitMode) => void; label: string }) {
  return (
    <button type="button" className="fit" aria-pressed={fit === mode} onClick={() => onFit(mode)}>
      {label}
    </button>
  );
}

/** Spoiler-free mode for this document: the assistant and search see only the pages read so far (the Ask panel says which). */
function SpoilerFreeToggle({ documentId }: { documentId: string }) {
  const progress = useReadingStore((s) => (s.current?.documentId === documentId ? s.current : null));
  const on = progress?.spoilerFree ?? false;
  return (
    <button
      type="button"
      className={on ? 'spoiler-toggle on' : 'spoiler-toggle'}
      aria-pressed={on}
      title="Spoiler-free: search, answers and suggestions see only the pages you have read so far"
      onClick={() => void useReadingStore.getState().setSpoilerFree(documentId, !on)}
    >
      Spoiler-free
    </button>
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
