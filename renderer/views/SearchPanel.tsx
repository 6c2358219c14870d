import { useEffect, useRef } from 'react';
import { useReaderStore } from '../stores/readerStore.js';
import { useSearchStore } from '../stores/searchStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { MarkedText } from './MarkedText.js';

export function SearchPanel() {
  const query = useSearchStore((s) => s.query);
  const results = useSearchStore((s) => s.results);
  const searching = useSearchStore((s) => s.searching);
  const error = useSearchStore((s) => s.error);
  const setQuery = useSearchStore((s) => s.setQuery);
  const focusTick = useUiStore((s) => s.searchFocus);
  const open = useReaderStore((s) => s.open);
  const box = useRef<HTMLInputElement>(null);
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

  useEffect(() => {
    if (focusTick > 0) {
      box.current?.focus();
      box.current?.select();
    }
  }, [focusTick]);

  return (
    <>
      <input
        ref={box}
        type="search"
        className="search-box"
        aria-label="Search the library"
        placeholder={`Search every document (${isMac ? '⌘' : 'Ctrl+'}K)`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-keyshortcuts="Control+K Meta+K"
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {query.trim() && !searching && results.length === 0 && !error && <p className="muted">No passage matches.</p>}
      {results.length > 0 && (
        <ol className="results" aria-label="Search results" aria-busy={searching}>
          {results.map((hit) => (
            <li key={hit.passageId}>
              <button type="button" className="result" onClick={() => void open(hit.documentId, hit.page)} aria-label={`${hit.documentTitle}, page ${hit.page}`}>
                <span className="result-head">
                  <strong>{hit.documentTitle}</strong>
                  <span className="muted">
                    {' '}
                    · page {hit.page}
                    {hit.section ? ` · ${hit.section}` : ''}
                  </span>
                </span>
                <span className="snippet">
                  <MarkedText text={hit.snippet} marks={hit.snippetMarks} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
