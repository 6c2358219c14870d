/**
 * Shapes of the built-in evaluations (`eval:needles`, `lectern eval`): what a run reports, for
 * the command line's table and JSON and for the app's heat-map.
 */

/** One cell of a needle grid: one made-up fact placed at one depth of the document cut to one length. */
export interface NeedleCell {
  /** Tokens of document text around the fact (the haystack), as the model counts them. */
  length: number;
  /** Where the fact was meant to go, in percent of the haystack (0: the start, 100: the end). */
  depth: number;
  /** Where it went: the haystack's tokens before the fact, in percent of the haystack (sentences are not cut, so it differs a little). */
  placedDepth: number;
  /** The answer contains the fact's value. */
  found: boolean;
  /** What the model answered (at most 200 characters). */
  answer: string;
  /** The whole prompt in tokens (instructions, haystack, fact, question, chat format), when the model reports it. */
  promptTokens: number | null;
  /** Of those, the tokens the model read for this cell (the rest it held from the cell before, which shares the text up to its fact); null when not reported. */
  evaluatedTokens: number | null;
  /** Milliseconds the model took for this cell. */
  ms: number;
}

/**
 * "How far does this model really read": made-up facts (needles) placed at depths of the
 * person's own document cut to several lengths, and whether the model found each. The facts
 * are made at run time from `seed` and never stored in the library.
 */
export interface NeedleGrid {
  documentId: string;
  documentTitle: string;
  model: { id: string; name: string };
  /** The context the model ran with (trained × scale), its trained context and the YaRN scale. */
  contextSize: number;
  trainContextSize: number;
  contextScale: number;
  /** The document's whole text, in the model's tokens; no length goes past it. */
  documentTokens: number;
  /** Haystack lengths in tokens, shortest first (the rows). */
  lengths: number[];
  /** Depths in percent, 0 first (the columns). */
  depths: number[];
  /** Cells done, in the order run; a cancelled run has fewer than lengths × depths. */
  cells: NeedleCell[];
  /** Every cell ran (false when the run was stopped). */
  complete: boolean;
  seed: number;
  startedAt: string;
  ms: number;
  /** Things a reader of the grid should know (lengths dropped because the document is shorter). */
  notes: string[];
}

/** Progress of a needle run, after each cell ('eval:progress'). */
export interface NeedleProgress {
  done: number;
  total: number;
  cell: NeedleCell;
}

/** Evidence recall at these ranks, for `lectern eval retrieval`. */
export const RECALL_RANKS = [1, 3, 5, 10] as const;

/** Share of questions with an evidence passage in the top k, by k. */
export type RecallAtK = Record<(typeof RECALL_RANKS)[number], number>;

/**
 * `lectern eval retrieval`: evidence recall@k of the search alone and, with a model, of the
 * search's candidates re-ranked listwise by it.
 */
export interface RetrievalEvalResult {
  dataset: string;
  kind: 'contracts' | 'novel';
  model: string | null;
  questions: number;
  /** Candidates retrieved per question (and re-ranked). */
  candidates: number;
  search: RecallAtK;
  /** Null without a model. */
  reranked: RecallAtK | null;
  /** Per question: the 1-based rank of the first evidence passage, null when none of the candidates holds it. */
  perQuestion: Array<{ label: string; doc: string; question: string; searchRank: number | null; rerankedRank: number | null }>;
  complete: boolean;
  ms: number;
}

/** How the context of an answer was chosen. */
export type AnswerMode = 'full-context' | 'retrieval' | 'retrieval-reranked';

export interface AnswerModeScore {
  /** Questions asked in this mode (full context: only those whose document fits the context). */
  asked: number;
  /** Questions whose document did not fit the context (full context only). */
  didNotFit: number;
  /** The answer's text holds the gold. */
  answerHolds: number;
  /** A passage the answer cites holds the gold evidence. */
  citedHolds: number;
  /** The context given to the model held the gold evidence at all (the ceiling of the two above). */
  contextHolds: number;
  ms: number;
}

/** `lectern eval answers`: answer-contains-gold for a model, by how the context was chosen. */
export interface AnswersEvalResult {
  dataset: string;
  kind: 'contracts' | 'novel';
  model: string;
  contextSize: number;
  questions: number;
  modes: Partial<Record<AnswerMode, AnswerModeScore>>;
  perQuestion: Array<{ label: string; doc: string; question: string; answers: Partial<Record<AnswerMode, { answer: string; holds: boolean; cited: boolean } | 'did-not-fit'>> }>;
  complete: boolean;
  ms: number;
}
