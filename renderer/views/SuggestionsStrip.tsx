/**
 * Suggested questions for what is on screen, as a strip of buttons: the question, and beneath it
 * why it is suggested. Choosing one asks it; × dismisses it for good. Keeps its height while
 * loading so the page under it does not jump, and never stands in the way of reading.
 */
import { useEffect, useId } from 'react';
import type { Suggestion } from '../../native/api/types.js';
import { useSuggestionsStore, type SuggestionContext } from '../stores/suggestionsStore.js';
import { DEFAULT_USER, useUserStore } from '../stores/userStore.js';

const PLACEHOLDERS = [0, 1, 2];
const NONE: Suggestion[] = [];

export function SuggestionsStrip({ context }: { context: SuggestionContext }) {
  const user = useUserStore((s) => s.current);
  const shownContext = useSuggestionsStore((s) => s.context);
  const forUser = useSuggestionsStore((s) => s.user);
  const { documentId, page, sectionId, selection } = context;
  // Suggestions for another document, selection or person are never shown, not even for the
  // frame before the effect below asks for new ones; another page of this document may stay while its own come.
  const fresh = forUser === user && !!shownContext && shownContext.documentId === documentId && shownContext.selection === selection;
  const suggestions = useSuggestionsStore((s) => (fresh ? s.suggestions : NONE));
  const loading = useSuggestionsStore((s) => s.loading) || !fresh;
  const error = useSuggestionsStore((s) => s.error);

  useEffect(() => {
    useSuggestionsStore.getState().show({ documentId, page, sectionId, selection });
  }, [user, documentId, page, sectionId, selection]);

  const empty = suggestions.length === 0;
  return (
    <section className="suggestions" aria-label="Suggested questions" aria-busy={loading}>
      <h2 className="suggestions-heading">
        {fresh && forUser !== DEFAULT_USER ? `Suggested for ${forUser}` : 'Suggested for you'}
        {selection ? ', about the selection' : ''}
      </h2>
      <ul className="suggestion-list">
        {suggestions.map((s) => (
          <SuggestionChip key={s.key} suggestion={s} stale={loading} />
        ))}
        {empty && loading && PLACEHOLDERS.map((i) => <li key={i} className="suggestion suggestion-placeholder" aria-hidden="true" />)}
        {empty && !loading && <li className="muted suggestions-empty">{error ?? 'Nothing to suggest here yet: read, search or ask, and suggestions will follow.'}</li>}
      </ul>
    </section>
  );
}

function SuggestionChip({ suggestion, stale }: { suggestion: Suggestion; stale: boolean }) {
  const reasonId = useId();
  const { accept, dismiss } = useSuggestionsStore.getState();
  return (
    <li className={stale ? 'suggestion stale' : 'suggestion'}>
      <button
        type="button"
        className="suggestion-ask"
        aria-label={suggestion.text}
        aria-describedby={reasonId}
        title={`${suggestion.text}\n${suggestion.reason}`}
        onClick={() => accept(suggestion)}
        onKeyDown={(e) => {
          if (e.key === 'Delete') {
            e.preventDefault();
            dismiss(suggestion);
          }
        }}
      >
        <span className="suggestion-text">{suggestion.text}</span>
        <span id={reasonId} className="suggestion-reason">
          {suggestion.reason}
        </span>
      </button>
      <button
        type="button"
        className="suggestion-dismiss"
        aria-label={`Dismiss suggestion: ${suggestion.text}`}
        title="Dismiss: do not suggest this again"
        onClick={() => dismiss(suggestion)}
      >
        ×
      </button>
    </li>
  );
}
