import { useEffect, useId, useRef } from 'react';
import type { Completion } from '../../native/api/types.js';
import { completeQuery, useCompletionsStore } from '../stores/completionsStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useSearchStore } from '../stores/searchStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { ENTITY_KIND_LABEL } from './entityKindLabel.js';
import { MarkedText } from './MarkedText.js';

export function SearchPanel() {
  const query = useSearchStore((s) => s.query);
  const results = useSearchStore((s) => s.results);
  const searching = useSearchStore((s) => s.searching);
  const error = useSearchStore((s) => s.error);
  const setQuery = useSearchStore((s) => s.setQuery);
  const focusTick = useUiStore((s) => s.searchFocus);
  const showSearchHit = useReaderStore((s) => s.showSearchHit);
  const completions = useCompletionsStore((s) => s.completions);
  const active = useCompletionsStore((s) => s.active);
  const listOpen = useCompletionsStore((s) => s.open);
  const { typed, move, close } = useCompletionsStore.getState();
  const box = useRef<HTMLInputElement>(null);
  const listId = useId();
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  const showList = listOpen && completions.length > 0;

  useEffect(() => {
    if (focusTick > 0) {
      box.current?.focus();
      box.current?.select();
    }
  }, [focusTick]);

  const choose = (c: Completion) => {
    close();
    setQuery(completeQuery(query, c.text));
    box.current?.focus();
  };

  return (
    <>
      <div className="search-field">
        <input
          ref={box}
          type="search"
          className="search-box"
          aria-label="Search the library"
          placeholder={`Search every document (${isMac ? '⌘' : 'Ctrl+'}K)`}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            typed(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              if (completions.length === 0) return;
              e.preventDefault();
              move(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Enter' && showList && active >= 0) {
              e.preventDefault();
              choose(completions[active]!);
            } else if (e.key === 'Escape' && showList) {
              // Closes the list only; a second Esc clears the box as usual.
              e.preventDefault();
              close();
            }
          }}
          onBlur={() => close()}
          aria-keyshortcuts="Control+K Meta+K"
          aria-autocomplete="list"
          aria-controls={showList ? listId : undefined}
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        />
        {showList && (
          <ul role="listbox" id={listId} className="completions" aria-label="Search suggestions">
            {completions.map((c, i) => (
              <li
                key={`${c.entityId}-${c.text}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className="completion"
                // Keeps the focus in the box, so the blur does not close the list before the click.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(c)}
              >
                <span className="completion-text">{c.text}</span>
                <span className="muted completion-reason">{c.reason ?? ENTITY_KIND_LABEL[c.kind]}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
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
              <button
                type="button"
                className="result"
                onClick={() => {
                  useSearchStore.getState().noteHitOpened();
                  void showSearchHit(hit);
                }}
                aria-label={`${hit.documentTitle}, page ${hit.page}`}
              >
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
