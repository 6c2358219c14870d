import { useEffect, useRef, useState } from 'react';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useAskStore, type AskScope, type Turn } from '../stores/askStore.js';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useModelsStore } from '../stores/modelsStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useReadingStore } from '../stores/readingStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { AnswerText } from './AnswerText.js';

const SCOPES: Array<{ scope: AskScope; label: string }> = [
  { scope: 'document', label: 'This document' },
  { scope: 'chosen', label: 'Chosen documents' },
  { scope: 'library', label: 'Whole library' },
  { scope: 'highlights', label: 'My highlights' },
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
  const box = useRef<HTMLTextAreaElement>(null);
  const questionFocus = useUiStore((s) => s.questionFocus);
  useEffect(() => {
    if (questionFocus > 0) box.current?.focus();
  }, [questionFocus]);

  useEffect(() => {
    if (documentId) void loadHistory(documentId);
  }, [documentId, loadHistory]);

  const last = turns.at(-1);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns.length, last?.answer]);

  return (
    <aside className="ask" id="ask-panel" aria-label="Ask">
      <div className="ask-head">
        <h2>Ask</h2>
        {documentId && (
          <button
            type="button"
            className="panel-close"
            aria-label="Hide Ask panel"
            title="Hide the Ask panel (/ brings it back)"
            onClick={() => useUiStore.getState().setPanel('ask', false)}
          >
            Hide
          </button>
        )}
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
      <SpoilerFreeBanner />
      <div className="ask-log" ref={log} aria-live="polite" aria-label="Answers">
        {turns.length === 0 && (
          <p className="muted">
            Ask a question about{' '}
            {scope === 'library' ? 'your library' : scope === 'chosen' ? 'the chosen documents' : scope === 'highlights' ? 'the passages you highlighted' : 'this document'}. Every
            claim cites its passage.
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
          ref={box}
          id="question"
          aria-label="Question"
          aria-keyshortcuts="/"
          title="Ask a question (/ from anywhere in the reader)"
          placeholder="Ask a question (/ to come here; Enter to ask, Shift+Enter for a new line)"
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
      {turn.answer && !turn.streaming && turn.messageId !== undefined && <SaveToNotes messageId={turn.messageId} />}
      {turn.error && (
        <p role="alert" className="error">
          {turn.error}
        </p>
      )}
    </article>
  );
}

/** Keeps the answer, with its citations, in the notes of the documents it cites (the Notes tab of the reader). */
function SaveToNotes({ messageId }: { messageId: number }) {
  const conversationId = useAskStore((s) => s.conversationId);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  if (!conversationId) return null;
  const save = async () => {
    setState('saving');
    setState((await useAnnotationStore.getState().saveAnswer(conversationId, messageId)) ? 'saved' : 'failed');
  };
  return (
    <p className="save-to-notes">
      <button type="button" className="link" onClick={() => void save()} disabled={state === 'saving' || state === 'saved'}>
        {state === 'saved' ? 'Saved' : 'Save to notes'}
      </button>
      {state === 'saved' && (
        <span role="status" className="visually-hidden">
          Saved to notes
        </span>
      )}
      {state === 'failed' && (
        <span role="alert" className="error">
          {' '}
          {useAnnotationStore.getState().error}
        </span>
      )}
    </p>
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

/** While the open document is spoiler-free, says plainly what the assistant sees, and lets the person set the last page. */
function SpoilerFreeBanner() {
  const detail = useReaderStore((s) => s.detail);
  const progress = useReadingStore((s) => s.current);
  const [limitText, setLimitText] = useState('');
  const limit = progress?.spoilerLimitPage ?? 0;
  useEffect(() => setLimitText(String(limit)), [limit]);
  if (!detail || !progress || progress.documentId !== detail.id || !progress.spoilerFree) return null;
  const { setSpoilerFree } = useReadingStore.getState();
  // A reflowable book's "pages" are its chapters.
  const unit = detail.format === 'epub' || detail.format === 'docx' || detail.format === 'html' ? 'chapters' : 'pages';
  const following = limit === progress.furthestPage;
  return (
    <section className="spoiler-banner" aria-label="Spoiler-free mode">
      <p>
        <strong>Spoiler-free:</strong> the assistant sees {unit} 1–{limit}
        {following ? ', as far as you have read.' : '.'}
      </p>
      <form
        className="spoiler-limit"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(limitText);
          if (Number.isInteger(n) && n >= 1) void setSpoilerFree(detail.id, true, Math.min(n, detail.pages || n));
          else setLimitText(String(limit));
        }}
      >
        <label>
          Up to {unit === 'chapters' ? 'chapter' : 'page'} <input inputMode="numeric" size={4} value={limitText} onChange={(e) => setLimitText(e.target.value)} />
        </label>
        <button type="submit">Set</button>
        {!following && (
          <button type="button" onClick={() => void setSpoilerFree(detail.id, true, null)}>
            Follow my reading
          </button>
        )}
        <button type="button" onClick={() => void setSpoilerFree(detail.id, false)}>
          Turn off
        </button>
      </form>
    </section>
  );
}
