import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
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
  // Roving focus: the results are one Tab stop; arrow keys, Home and End move through them.
  const [current, setCurrent] = useState(0);
  const resultButtons = useRef<Array<HTMLButtonElement | null>>([]);
  useEffect(() => setCurrent(0), [results]);
  const focusResult = (i: number) => {
    const at = Math.max(0, Math.min(results.length - 1, i));
    setCurrent(at);
    resultButtons.current[at]?.focus();
  };
  const onResultsKey = (e: KeyboardEvent) => {
    const next = e.key === 'ArrowDown' ? current + 1 : e.key === 'ArrowUp' ? current - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? results.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    if (next < 0) box.current?.focus();
    else focusResult(next);
  };

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
            if (e.key === 'ArrowDown' && !showList && results.length > 0) {
              // Down from the box, with no completion list open, goes to the results.
              e.preventDefault();
              focusResult(0);
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
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
        <ol className="results" aria-label="Search results" aria-busy={searching} onKeyDown={onResultsKey}>
          {results.map((hit, i) => (
            <li key={hit.passageId}>
              <button
                ref={(el) => {
                  resultButtons.current[i] = el;
                }}
                type="button"
                className="result"
                tabIndex={i === current ? 0 : -1}
                onFocus={() => setCurrent(i)}
                onClick={() => {
                  useSearchStore.getState().noteHitOpened();
                  void showSearchHit(hit);
                }}
                // No aria-label: the name is the title, page and snippet the reader sees.
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
