import { LecternError } from '../api/errors.js';
import type { AnswerMode, AnswerModeScore, AnswersEvalResult } from '../api/evalTypes.js';
import { answerSchema, parseModelAnswer } from '../qa/answerSchema.js';
import { ANSWER_INSTRUCTIONS, buildStructuredContext, type ContextPassage } from '../qa/structuredContext.js';
import type { EvalChat } from './EvalChat.js';
import type { EvalDataset, EvalQuestion } from './evalDataset.js';
import { CANDIDATES, type QuestionSetDeps, type QuestionSetProgress } from './QuestionSetDeps.js';

export const ANSWER_MODES: readonly AnswerMode[] = ['full-context', 'retrieval', 'retrieval-reranked'];

/** As AskService plans: the documents may fill 90% of the context, less room for the question, the format and the answer. */
const CONTEXT_SHARE = 0.9;
const ANSWER_RESERVE = 700;
/** Tokens a passage costs beyond its text: its tag, pages and heading lines. */
const PASSAGE_OVERHEAD = 24;
const REPLY_FORMAT = 'Reply in JSON: the tags of the passages that answer the question, then the answer citing them like [P3].';

export interface AnswersEvalOptions {
  dataset: EvalDataset;
  datasetName: string;
  /** `chat` is required. */
  deps: QuestionSetDeps;
  modes?: readonly AnswerMode[];
  limit?: number;
  /** Tokens an answer may take; default 256. */
  maxTokens?: number;
  signal?: AbortSignal;
  onProgress?: (progress: QuestionSetProgress) => void;
}

type ModeOutcome = { answer: string; holds: boolean; cited: boolean; contextHolds: boolean; ms: number } | 'did-not-fit';

/**
 * Answer-contains-gold on a question set for one model, with the context chosen three ways:
 * the whole document (when it fits), the search's best passages, and the same candidates
 * re-ranked listwise by the model; the answer is written under the same JSON grammar as the
 * app's. Nothing is stored (no conversation, no reading state). Stopped by `signal`, it rejects
 * CANCELLED with the questions done as `partial`.
 */
export async function runAnswersEval(options: AnswersEvalOptions): Promise<AnswersEvalResult> {
  const started = performance.now();
  const { dataset, deps, signal } = options;
  const chat = deps.chat;
  if (!chat) throw new LecternError('NO_MODEL_LOADED', 'Evaluating answers needs a model: name one, or load one in Models.');
  const modes = options.modes ?? ANSWER_MODES;
  if (modes.includes('retrieval-reranked') && !deps.rerank) throw new LecternError('INVALID_ARGUMENT', 'Re-ranked retrieval needs the model to re-rank with.');
  const questions = dataset.questions.slice(0, options.limit ?? dataset.questions.length);
  const result: AnswersEvalResult = {
    dataset: options.datasetName,
    kind: dataset.kind,
    model: chat.name,
    contextSize: chat.contextSize,
    questions: 0,
    modes: Object.fromEntries(modes.map((m) => [m, { asked: 0, didNotFit: 0, answerHolds: 0, citedHolds: 0, contextHolds: 0, ms: 0 } satisfies AnswerModeScore])),
    perQuestion: [],
    complete: false,
    ms: 0,
  };
  const budget = Math.floor(chat.contextSize * CONTEXT_SHARE) - ANSWER_RESERVE;
  try {
    for (const q of questions) {
      const answers: AnswersEvalResult['perQuestion'][number]['answers'] = {};
      for (const mode of modes) {
        if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
        const outcome = await answerInMode(mode, q, dataset, deps, chat, budget, options.maxTokens ?? 256, signal);
        const score = result.modes[mode]!;
        if (outcome === 'did-not-fit') {
          score.didNotFit++;
          answers[mode] = 'did-not-fit';
          continue;
        }
        score.asked++;
        score.ms += outcome.ms;
        if (outcome.holds) score.answerHolds++;
        if (outcome.cited) score.citedHolds++;
        if (outcome.contextHolds) score.contextHolds++;
        answers[mode] = { answer: outcome.answer.slice(0, 500), holds: outcome.holds, cited: outcome.cited };
      }
      result.questions++;
      result.perQuestion.push({ label: q.label, doc: q.doc, question: q.ask, answers });
      options.onProgress?.({ done: result.questions, total: questions.length, label: q.label });
    }
  } catch (error) {
    if (signal?.aborted || (error as { code?: unknown }).code === 'CANCELLED') {
      result.ms = performance.now() - started;
      throw new LecternError('CANCELLED', `Stopped after ${result.questions} questions.`, { partial: result });
    }
    throw error;
  }
  result.complete = true;
  result.ms = performance.now() - started;
  return result;
}

async function answerInMode(
  mode: AnswerMode,
  q: EvalQuestion,
  dataset: EvalDataset,
  deps: QuestionSetDeps,
  chat: EvalChat,
  budget: number,
  maxTokens: number,
  signal: AbortSignal | undefined,
): Promise<ModeOutcome> {
  const id = deps.documentIdOf.get(q.doc);
  if (!id || !q.ask) return { answer: '', holds: false, cited: false, contextHolds: false, ms: 0 };
  let chosen: ContextPassage[];
  if (mode === 'full-context') {
    chosen = deps.passages(id);
    // Byte fallback makes a token at least one character: a document far over the budget skips counting.
    const chars = chosen.reduce((n, p) => n + p.text.length, 0);
    if (chars > budget * 8 || (await chat.countTokens(systemText(chosen))) > budget) return 'did-not-fit';
  } else {
    let candidates = await deps.retrieve(q.ask, id, CANDIDATES, signal);
    if (mode === 'retrieval-reranked' && candidates.length > 1) candidates = await deps.rerank!(q.ask, candidates, signal);
    chosen = [];
    let used = await chat.countTokens(ANSWER_INSTRUCTIONS);
    for (const p of candidates) {
      const cost = (await chat.countTokens(p.text)) + PASSAGE_OVERHEAD;
      if (used + cost > budget) continue;
      chosen.push(p);
      used += cost;
    }
    chosen.sort((a, b) => a.order - b.order);
  }
  const context = buildStructuredContext(chosen);
  const t0 = performance.now();
  const reply = await chat.complete({ system: systemText(chosen), user: q.ask, jsonSchema: answerSchema([...context.tags.keys()]), maxTokens, signal });
  const parsed = parseModelAnswer(reply.text);
  const citedTags = new Set([...parsed.evidence, ...[...parsed.answer.matchAll(/\[(P\d+)\]/g)].map((m) => m[1]!)]);
  const cited = [...citedTags].map((t) => context.tags.get(t)).filter((p): p is ContextPassage => p !== undefined);
  return {
    answer: parsed.answer,
    holds: dataset.holds(parsed.answer, q.gold),
    cited: cited.some((p) => dataset.isEvidence(p.text, q.gold)),
    contextHolds: chosen.some((p) => dataset.isEvidence(p.text, q.gold)),
    ms: performance.now() - t0,
  };
}

function systemText(passages: readonly ContextPassage[]): string {
  return [ANSWER_INSTRUCTIONS, buildStructuredContext(passages).text, REPLY_FORMAT].join('\n\n');
}
