/**
 * Questions and answers: the scope, the streaming answer (`qa:answerDelta` events keyed by
 * request id), Stop (aborting the request through the transport), and the conversations listed
 * for the open document.
 */
import { create } from 'zustand';
import type { AnswerMode, Citation, ConversationSummary } from '../../native/api/types.js';
import { cancelledPartial } from '../../native/api/commands.js';
import { transport } from '../transport/appTransport.js';
import { recordEvent } from './recordEvent.js';
import { errorCode, errorMessage, newRequestId } from './requestId.js';
import { currentUser } from './userStore.js';

/** `highlights`: the passages the user highlighted, underlined or noted, across the library ("Ask about my highlights"). */
export type AskScope = 'document' | 'chosen' | 'library' | 'highlights';

/** One question and its answer, streaming or done. */
export interface Turn {
  key: string;
  question: string;
  answer: string;
  mode: AnswerMode | null;
  /** Where the answer was computed ('on this computer', 'on gpu-box.local'); absent for answers from history. */
  where?: string;
  citations: Citation[];
  streaming: boolean;
  cancelled: boolean;
  error: string | null;
  /** The stored answer's message id, once the engine has kept it ("Save to notes" needs it). */
  messageId?: number;
}

interface AskState {
  scope: AskScope;
  chosenIds: string[];
  question: string;
  /** Text selected in the reader that the question is about. */
  selection: string | null;
  turns: Turn[];
  activeRequestId: string | null;
  conversationId: string | null;
  /** The document whose conversations are listed; the conversation shown may be another's (it stays until the person picks another or a new one). */
  historyFor: string | null;
  conversations: ConversationSummary[];
  setScope(scope: AskScope): void;
  toggleChosen(id: string): void;
  setQuestion(question: string): void;
  /** Text selected in `documentId` to ask about: a `highlight` the profile learns from. */
  askAbout(selection: string, documentId?: string): void;
  clearSelection(): void;
  /** `readFirst`: passages the answer reads before search's ranking (an accepted suggestion's supporting passage). */
  ask(currentDocumentId: string | null, readFirst?: number[]): Promise<void>;
  stop(): Promise<void>;
  loadHistory(documentId: string): Promise<void>;
  openConversation(conversationId: string): Promise<void>;
  newConversation(): void;
}

let deltaSubscription: (() => void) | null = null;
let turnCounter = 0;
/** Stops the answer being written (the request `activeRequestId`). */
let activeStop: AbortController | null = null;

/** The question sent to the engine: the selection, quoted, ahead of what was asked about it. */
export function composeQuestion(question: string, selection: string | null): string {
  if (!selection) return question;
  const quoted = selection.length > 1500 ? `${selection.slice(0, 1500)}…` : selection;
  return `About this passage: “${quoted}”\n\n${question}`;
}

export const useAskStore = create<AskState>()((set, get) => {
  const patchTurn = (key: string, patch: Partial<Turn> | ((t: Turn) => Partial<Turn>)) =>
    set((s) => ({ turns: s.turns.map((t) => (t.key === key ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)) }));

  return {
    scope: 'document',
    chosenIds: [],
    question: '',
    selection: null,
    turns: [],
    activeRequestId: null,
    conversationId: null,
    historyFor: null,
    conversations: [],

    setScope: (scope) => set({ scope }),
    toggleChosen: (id) => set((s) => ({ chosenIds: s.chosenIds.includes(id) ? s.chosenIds.filter((c) => c !== id) : [...s.chosenIds, id] })),
    setQuestion: (question) => set({ question }),
    askAbout(selection, documentId) {
      set({ selection: selection.trim(), scope: 'document' });
      recordEvent({ type: 'highlight', text: selection, documentId });
    },
    clearSelection: () => set({ selection: null }),

    async ask(currentDocumentId, readFirst) {
      const { question, selection, scope, chosenIds, activeRequestId, conversationId } = get();
      if (!question.trim() || activeRequestId) return;
      const documentIds = scope === 'library' || scope === 'highlights' ? undefined : scope === 'chosen' ? chosenIds : currentDocumentId ? [currentDocumentId] : undefined;
      if (scope === 'chosen' && chosenIds.length === 0) {
        set({
          turns: [
            ...get().turns,
            { key: `t${++turnCounter}`, question, answer: '', mode: null, citations: [], streaming: false, cancelled: false, error: 'Choose at least one document to ask about.' },
          ],
        });
        return;
      }
      const requestId = newRequestId('ask');
      const key = `t${++turnCounter}`;
      recordEvent({ type: 'question', text: question, documentId: documentIds?.length === 1 ? documentIds[0] : undefined });
      deltaSubscription ??= transport().on('qa:answerDelta', (p) => {
        const active = get().activeRequestId;
        if (!active || p.requestId !== active) return;
        const turn = get().turns.at(-1);
        if (turn) patchTurn(turn.key, (t) => ({ answer: t.answer + p.delta }));
      });
      set({
        activeRequestId: requestId,
        question: '',
        selection: null,
        turns: [
          ...get().turns,
          {
            key,
            question: selection ? `${question}\n(about: “${selection.slice(0, 200)}${selection.length > 200 ? '…' : ''}”)` : question,
            answer: '',
            mode: null,
            citations: [],
            streaming: true,
            cancelled: false,
            error: null,
          },
        ],
      });
      const stop = new AbortController();
      activeStop = stop;
      try {
        const result = await transport().invoke(
          'qa:ask',
          // The user: whose highlights a 'highlights' scope reads, and whose spoiler-free limits the engine applies.
          {
            question: composeQuestion(question, selection),
            documentIds,
            conversationId: conversationId ?? undefined,
            requestId,
            user: currentUser(),
            ...(scope === 'highlights' ? { scope } : {}),
            ...(readFirst && readFirst.length > 0 ? { passageIds: readFirst } : {}),
          },
          { signal: stop.signal },
        );
        patchTurn(key, {
          answer: result.answer,
          mode: result.mode,
          citations: result.citations,
          where: result.where,
          streaming: false,
          cancelled: false,
          messageId: result.messageId,
        });
        set({ conversationId: result.conversationId });
        if (currentDocumentId) void get().loadHistory(currentDocumentId);
      } catch (error) {
        // Stopped while writing: the answer so far is kept in the conversation and shown with its "stopped" mark.
        const partial = cancelledPartial(error, 'qa:ask');
        if (partial) {
          patchTurn(key, {
            answer: partial.answer,
            mode: partial.mode,
            citations: partial.citations,
            where: partial.where,
            streaming: false,
            cancelled: true,
            messageId: partial.messageId,
          });
          set({ conversationId: partial.conversationId });
          if (currentDocumentId) void get().loadHistory(currentDocumentId);
        } else if (errorCode(error) === 'CANCELLED') patchTurn(key, { streaming: false, cancelled: true });
        else patchTurn(key, { streaming: false, error: errorMessage(error) });
      } finally {
        if (activeStop === stop) activeStop = null;
        if (get().activeRequestId === requestId) set({ activeRequestId: null });
      }
    },

    async stop() {
      // An answer that finished meanwhile has nothing to stop.
      activeStop?.abort();
    },

    async loadHistory(documentId) {
      // Only the list follows the document: the conversation on screen stays (a citation followed into another document must not end it).
      if (get().historyFor !== documentId) set({ historyFor: documentId, conversations: [] });
      try {
        const { conversations } = await transport().invoke('qa:conversations', { documentId });
        if (get().historyFor === documentId) set({ conversations });
      } catch {
        if (get().historyFor === documentId) set({ conversations: [] });
      }
    },

    async openConversation(conversationId) {
      if (get().activeRequestId) return;
      const { messages } = await transport().invoke('qa:messages', { conversationId });
      const turns: Turn[] = [];
      for (const m of messages) {
        if (m.role === 'user') turns.push({ key: `m${m.id}`, question: m.text, answer: '', mode: null, citations: [], streaming: false, cancelled: false, error: null });
        else {
          const last = turns.at(-1);
          if (last && !last.answer) Object.assign(last, { answer: m.text, mode: m.mode, citations: m.citations, messageId: m.id });
          else
            turns.push({ key: `m${m.id}`, question: '', answer: m.text, mode: m.mode, citations: m.citations, streaming: false, cancelled: false, error: null, messageId: m.id });
        }
      }
      set({ conversationId, turns });
    },

    newConversation() {
      if (get().activeRequestId) return;
      set({ conversationId: null, turns: [] });
    },
  };
});
