import { LecternError } from '../api/errors.js';
import { RECALL_RANKS, type RecallAtK, type RetrievalEvalResult } from '../api/evalTypes.js';
import type { EvalDataset } from './evalDataset.js';
import { CANDIDATES, type QuestionSetDeps, type QuestionSetProgress } from './QuestionSetDeps.js';

export interface RetrievalEvalOptions {
  dataset: EvalDataset;
  datasetName: string;
  deps: QuestionSetDeps;
  /** Ask only the first N questions. */
  limit?: number;
  signal?: AbortSignal;
  onProgress?: (progress: QuestionSetProgress) => void;
}

/**
 * Evidence recall@k on a question set: each question is searched in its own document, and a hit
 * at k is an evidence passage among the first k; with a model, the same candidates re-ranked
 * listwise by it are counted too, so the two rows differ only by the re-ranking. Stopped by
 * `signal`, it rejects CANCELLED with the questions done as `partial`.
 */
export async function runRetrievalEval(options: RetrievalEvalOptions): Promise<RetrievalEvalResult> {
  const started = performance.now();
  const { dataset, deps, signal } = options;
  const questions = dataset.questions.slice(0, options.limit ?? dataset.questions.length);
  const result: RetrievalEvalResult = {
    dataset: options.datasetName,
    kind: dataset.kind,
    model: deps.chat?.name ?? null,
    questions: 0,
    candidates: CANDIDATES,
    search: zeroRecall(),
    reranked: deps.rerank ? zeroRecall() : null,
    perQuestion: [],
    complete: false,
    ms: 0,
  };
  const firstEvidence = (texts: readonly string[], gold: readonly string[]) => {
    const i = texts.findIndex((t) => dataset.isEvidence(t, gold));
    return i < 0 ? null : i + 1;
  };
  try {
    for (const q of questions) {
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      const id = deps.documentIdOf.get(q.doc);
      const candidates = id && q.ask ? await deps.retrieve(q.ask, id, CANDIDATES, signal) : [];
      const searchRank = firstEvidence(
        candidates.map((p) => p.text),
        q.gold,
      );
      let rerankedRank: number | null = null;
      if (deps.rerank) {
        const ranked = candidates.length > 1 ? await deps.rerank(q.ask, candidates, signal) : candidates;
        rerankedRank = firstEvidence(
          ranked.map((p) => p.text),
          q.gold,
        );
      }
      result.questions++;
      result.perQuestion.push({ label: q.label, doc: q.doc, question: q.ask, searchRank, rerankedRank });
      options.onProgress?.({ done: result.questions, total: questions.length, label: q.label });
    }
  } catch (error) {
    if (signal?.aborted || (error as { code?: unknown }).code === 'CANCELLED')
      throw new LecternError('CANCELLED', `Stopped after ${result.questions} questions.`, { partial: finish(result, started) });
    throw error;
  }
  result.complete = true;
  return finish(result, started);
}

function zeroRecall(): RecallAtK {
  return { 1: 0, 3: 0, 5: 0, 10: 0 };
}

/** Recall as shares of the questions asked so far. */
function finish(result: RetrievalEvalResult, started: number): RetrievalEvalResult {
  const share = (rank: (q: RetrievalEvalResult['perQuestion'][number]) => number | null): RecallAtK => {
    const recall = zeroRecall();
    for (const k of RECALL_RANKS) {
      const hits = result.perQuestion.filter((q) => {
        const r = rank(q);
        return r !== null && r <= k;
      }).length;
      recall[k] = result.questions === 0 ? 0 : hits / result.questions;
    }
    return recall;
  };
  result.search = share((q) => q.searchRank);
  if (result.reranked) result.reranked = share((q) => q.rerankedRank);
  result.ms = performance.now() - started;
  return result;
}
