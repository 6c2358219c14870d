import type { ContextPassage } from '../qa/structuredContext.js';
import type { EvalChat } from './EvalChat.js';

/** What the question-set evaluations need from a library holding the set's documents, and the model under test. */
export interface QuestionSetDeps {
  /** The library's document id of each source key; a source missing here (not imported) makes its questions count as misses. */
  documentIdOf: ReadonlyMap<string, string>;
  /** The document's passages best first, as questions retrieve them (word search, fused with vectors when the library has an embedding model). */
  retrieve(question: string, documentId: string, limit: number, signal?: AbortSignal): Promise<ContextPassage[]>;
  /** The whole document in reading order. */
  passages(documentId: string): ContextPassage[];
  /** The model under test; null evaluates the search alone. */
  chat: EvalChat | null;
  /** Listwise re-ranking by the model under test (native/qa/rerankPassages); null without a model. */
  rerank: ((question: string, candidates: ContextPassage[], signal?: AbortSignal) => Promise<ContextPassage[]>) | null;
}

export interface QuestionSetProgress {
  done: number;
  total: number;
  label: string;
}

/** Candidates retrieved per question, as AskService retrieves (and re-ranks) them. */
export const CANDIDATES = 30;
