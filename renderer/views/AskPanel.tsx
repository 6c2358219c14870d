import { useEffect, useRef } from 'react';
import { useAskStore, type AskScope, type Turn } from '../stores/askStore.js';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useModelsStore } from '../stores/modelsStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { AnswerText } from './AnswerText.js';

const SCOPES: Array<{ scope: AskScope; label: string }> = [
  { scope: 'document', label: 'This document' },
  { scope: 'chosen', label: 'Chosen documents' },
  { scope: 'library', label: 'Whole library' },
];

const MODE_LABEL = {
  // The one place an answer says it is extractive (the answer's own text, the panel and the status bar no longer repeat it).
  extractive: 'Extractive answer: quoted from your documents',
  'full-context': 'Answered from the whole document',
  retrieval: 'Answered from the most relevant passages',
} as const;

export function AskPanel() {
  const documentId = useReaderStore((s) => s.documentId);
  const scope = useAskStore((s) => s.scope);
  const question = useAskStore((s) => s.question);
  const selection = useAskStore((s) => s.selection);
  const turns = useAskStore((s) => s.turns);
  const active = useAskStore((s) => s.activeRequestId);
  const conversations = useAskStore((s) => s.conversations);
  const conversationId = useAskStore((s) => s.conversationId);
  const loaded = useModelsStore((s) => s.loaded);
  const { setScope, setQuestion, ask, stop, clearSelection, loadHistory, openConversation, newConversation } = useAskStore.getState();
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (documentId) void loadHistory(documentId);
  }, [documentId, loadHistory]);

  const last = turns.at(-1);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns.length, last?.answer]);

  return (
    <aside className="ask" aria-label="Ask">
      <div className="ask-head">
        <h2>Ask</h2>
        <label className="inline-field">
          <span className="visually-hidden">Conversation</span>
          <select
            aria-label="Conversation"
            value={conversationId ?? ''}
            onChange={(e) => (e.target.value ? void openConversation(e.target.value) : newConversation())}
            disabled={active !== null}
          >
            <option value="">New conversation</option>
            {conversationId && !conversations.some((c) => c.id === conversationId) && (
              // A conversation begun in another document (a citation was followed here) stays shown and chosen.
              <option value={conversationId}>{conversationTitle(turns)}</option>
            )}
            {conversations.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({new Date(c.updatedAt).toLocaleDateString()})
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="scope">
        <legend>Scope</legend>
        {SCOPES.map(({ scope: s, label }) => (
          <label key={s}>
            <input type="radio" name="ask-scope" value={s} checked={scope === s} onChange={() => setScope(s)} /> {label}
          </label>
        ))}
      </fieldset>
      {scope === 'chosen' && <ChosenDocuments />}
      <div className="ask-log" ref={log} aria-live="polite" aria-label="Answers">
        {turns.length === 0 && (
          <p className="muted">
            Ask a question about {scope === 'library' ? 'your library' : scope === 'chosen' ? 'the chosen documents' : 'this document'}. Every claim cites its passage.
            {!loaded && ' Without a model, answers quote the sentences that answer best.'}
          </p>
        )}
        {turns.map((t) => (
          <TurnView key={t.key} turn={t} />
        ))}
      </div>
      <form
        className="ask-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(documentId);
        }}
      >
        {selection && (
          <div className="selection-context" role="group" aria-label="Selected text">
            <span className="muted">About:</span> “{selection.length > 240 ? `${selection.slice(0, 240)}…` : selection}”
            <button type="button" aria-label="Remove selected text" onClick={clearSelection}>
              ×
            </button>
          </div>
        )}
        <textarea
          id="question"
          aria-label="Question"
          placeholder="Ask a question (Enter to ask, Shift+Enter for a new line)"
          rows={3}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void ask(documentId);
            }
          }}
        />
        <div className="ask-actions">
          {active ? (
            <button type="button" className="danger" onClick={() => void stop()} aria-keyshortcuts="Escape">
              Stop
            </button>
          ) : (
            <button type="submit" className="primary" disabled={!question.trim()}>
              Ask
            </button>
          )}
        </div>
      </form>
    </aside>
  );
}

function TurnView({ turn }: { turn: Turn }) {
  const loaded = useModelsStore((s) => s.loaded);
  return (
    <article className="turn" aria-label={turn.question ? `Question: ${turn.question}` : 'Answer'}>
      {turn.question && <p className="question">{turn.question}</p>}
      {turn.mode && (
        <p className={`mode mode-${turn.mode}`}>
          {MODE_LABEL[turn.mode]}
          {/* An extractive answer kept from before a model was loaded does not claim there is none. */}
          {turn.mode === 'extractive' && (loaded ? '.' : ', no model loaded.')}
          {turn.where && turn.mode !== 'extractive' && <span className="where"> · Answered {turn.where === 'on this computer' ? turn.where : `${turn.where} (server)`}</span>}
          {turn.mode === 'extractive' && !loaded && (
            <>
              {' '}
              <button type="button" className="link" onClick={() => useUiStore.getState().show('models')}>
                Choose a model…
              </button>
            </>
          )}
        </p>
      )}
      {turn.answer && <AnswerText text={turn.answer} citations={turn.citations} mode={turn.mode} />}
      {turn.streaming && !turn.answer && <p className="muted">Reading…</p>}
      {turn.streaming && turn.answer && <span className="cursor" aria-hidden="true" />}
      {turn.cancelled && <p className="muted">Stopped.</p>}
      {turn.error && (
        <p role="alert" className="error">
          {turn.error}
        </p>
      )}
    </article>
  );
}

function ChosenDocuments() {
  const documents = useLibraryStore((s) => s.documents);
  const chosen = useAskStore((s) => s.chosenIds);
  const toggle = useAskStore((s) => s.toggleChosen);
  return (
    <fieldset className="chosen">
      <legend>Documents to ask about</legend>
      {documents.map((d) => (
        <label key={d.id}>
          <input type="checkbox" checked={chosen.includes(d.id)} onChange={() => toggle(d.id)} /> {d.title}
        </label>
      ))}
    </fieldset>
  );
}

/** The title of a conversation not listed for this document: its first question, as the engine titles conversations. */
function conversationTitle(turns: Turn[]): string {
  const first = turns.find((t) => t.question)?.question.split('\n')[0] ?? 'This conversation';
  return first.length > 60 ? `${first.slice(0, 60)}…` : first;
}
