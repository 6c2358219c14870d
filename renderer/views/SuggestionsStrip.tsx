/**
 * Suggested questions for what is on screen, as a strip of buttons: the question, and beneath it
 * why it is suggested. Choosing one asks it; × dismisses it for good. Keeps its height while
 * loading so the page under it does not jump, and never stands in the way of reading.
 */
import { useEffect, useId } from 'react';
import type { Suggestion } from '../../native/api/types.js';
import { useSuggestionsStore, type SuggestionContext } from '../stores/suggestionsStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { DEFAULT_USER, useUserStore } from '../stores/userStore.js';

const PLACEHOLDERS = [0, 1, 2];
const NONE: Suggestion[] = [];

/**
 * `collapsible` (the reader): a heading button folds the strip away, remembered; folded, it asks for
 * nothing (a suggestion nobody could see is not "shown").
 */
export function SuggestionsStrip({ context, collapsible = false }: { context: SuggestionContext; collapsible?: boolean }) {
  const open = useUiStore((s) => s.panels.suggestions);
  if (collapsible && !open) {
    return (
      <section className="suggestions suggestions-closed" aria-label="Suggested questions">
        <h2 className="suggestions-heading">
          <button type="button" className="suggestions-toggle" aria-expanded={false} onClick={() => useUiStore.getState().setPanel('suggestions', true)}>
            <span aria-hidden="true">▸ </span>Suggested questions
          </button>
        </h2>
      </section>
    );
  }
  return <OpenStrip context={context} collapsible={collapsible} />;
}

function OpenStrip({ context, collapsible }: { context: SuggestionContext; collapsible: boolean }) {
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
  const heading = `${fresh && forUser !== DEFAULT_USER ? `Suggested for ${forUser}` : 'Suggested for you'}${selection ? ', about the selection' : ''}`;
  return (
    <section className="suggestions" aria-label="Suggested questions" aria-busy={loading}>
      <h2 className="suggestions-heading">
        {collapsible ? (
          <button type="button" className="suggestions-toggle" aria-expanded={true} onClick={() => useUiStore.getState().setPanel('suggestions', false)}>
            <span aria-hidden="true">▾ </span>
            {heading}
          </button>
        ) : (
          heading
        )}
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

/**
 * The card: the question is the button (its name is exactly the question it asks), the reason sits
 * beside it as its description, and the button's click area covers the whole card (CSS), so a
 * sighted reader clicks what they read and a voice user says what they see.
 */
function SuggestionChip({ suggestion, stale }: { suggestion: Suggestion; stale: boolean }) {
  const reasonId = useId();
  const { accept, dismiss } = useSuggestionsStore.getState();
  return (
    <li className={stale ? 'suggestion stale' : 'suggestion'}>
      <button
        type="button"
        className="suggestion-ask"
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
      </button>
      <span id={reasonId} className="suggestion-reason">
        {suggestion.reason}
      </span>
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
