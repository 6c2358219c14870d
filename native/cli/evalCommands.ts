import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cancelledPartial } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import { RECALL_RANKS, type AnswerMode, type AnswersEvalResult, type NeedleGrid, type RecallAtK, type RetrievalEvalResult } from '../api/evalTypes.js';
import type { Engine } from '../engine.js';
import { backendChat } from '../eval/backendChat.js';
import { readEvalDataset, type EvalDataset } from '../eval/evalDataset.js';
import { formatNeedleGrid } from '../eval/formatNeedleGrid.js';
import type { QuestionSetDeps } from '../eval/QuestionSetDeps.js';
import { ANSWER_MODES, runAnswersEval } from '../eval/runAnswersEval.js';
import { runRetrievalEval } from '../eval/runRetrievalEval.js';
import type { ChatBackend } from '../llm/ChatBackend.js';
import { rerankListwise } from '../qa/rerankPassages.js';
import type { ContextPassage } from '../qa/structuredContext.js';
import { loadModelFromFlags } from './askCommands.js';
import { checkedArgs, wholeNumber } from './cliArguments.js';

export const EVAL_USAGE = `  lectern eval needles --doc <id> --model <id|path> [--context-scale N] [--lengths 1000,4000]
                     [--depths 0,50,100] [--seed S] [--out FILE]
                                         how far a model really reads: made-up facts placed at depths of
                                         the document cut to several lengths, recall as a depth × length
                                         grid (JSON in the library's eval folder, or --out); Ctrl-C stops
                                         and keeps the cells done
  lectern eval retrieval --dataset DIR [--model <id|path>] [--context-scale N] [--limit N] [--out FILE]
                                         evidence recall@1/3/5/10 on a CUAD-style or book-style question set
                                         (../shared/data layout), by search alone and re-ranked by the model
  lectern eval answers --dataset DIR --model <id|path> [--context-scale N] [--modes M,…] [--limit N] [--out FILE]
                                         how often the model's answer (and the passages it cites) holds the
                                         gold, with the whole document, retrieval, and re-ranked retrieval
                                         as context (--modes full-context,retrieval,retrieval-reranked); the
                                         set's files are imported into a library of their own under the
                                         library's eval folder, never into yours`;

export interface EvalFlags {
  doc?: string[];
  model?: string;
  contextScale?: string;
  lengths?: string;
  depths?: string;
  seed?: string;
  out?: string;
  dataset?: string;
  limit?: string;
  modes?: string;
}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/**
 * `lectern eval <needles|retrieval|answers> …`; returns the exit code (130 when stopped by Ctrl-C).
 * `openAt` opens another library (a question set's own), closed here.
 */
export async function runEvalCommand(open: () => Engine, openAt: (libraryDir: string) => Engine, args: string[], flags: EvalFlags, io: Io, json: boolean): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw usage(`lectern eval ${sub ?? ''} takes no positional arguments besides the kind of evaluation.`);
  switch (sub) {
    case 'needles':
      return await runNeedles(open, flags, io, json);
    case 'retrieval':
    case 'answers':
      return await runQuestionSet(sub, open, openAt, flags, io, json);
    default:
      throw usage(sub ? `Unknown evaluation "${sub}": needles, retrieval or answers.` : 'lectern eval needs what to evaluate: needles, retrieval or answers.');
  }
}

async function runNeedles(open: () => Engine, flags: EvalFlags, io: Io, json: boolean): Promise<number> {
  const documentId = flags.doc?.length === 1 ? flags.doc[0]! : undefined;
  if (!documentId) throw usage('lectern eval needles needs one document: --doc <id>.');
  if (!flags.model) throw usage('lectern eval needles needs the model to check: --model <id|path>.');
  // Checked before the library opens: a bad argument touches nothing.
  const args = checkedArgs('eval:needles', {
    documentId,
    ...(flags.lengths !== undefined ? { lengths: numberList(flags.lengths, '--lengths', 64) } : {}),
    ...(flags.depths !== undefined ? { depths: numberList(flags.depths, '--depths', 0) } : {}),
    ...(flags.seed !== undefined ? { seed: wholeNumber(flags.seed, '--seed', 0) } : {}),
  });
  const engine = open();
  if (!engine.documents.summary(documentId)) throw new LecternError('DOCUMENT_NOT_FOUND', `No document ${documentId} in this library. \`lectern list\` shows their ids.`);
  await loadModelFromFlags(engine, { model: flags.model, contextScale: flags.contextScale }, io, json);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  let grid: NeedleGrid;
  try {
    grid = await engine
      .invoke('eval:needles', args, {
        signal: controller.signal,
        onProgress: ({ done, total, cell }) =>
          io.stderr.write(
            `[${done}/${total}] ${cell.length} tokens, depth ${cell.depth}% (placed at ${cell.placedDepth}%): ${cell.found ? 'found' : 'missed'} in ${cell.ms} ms${cell.evaluatedTokens === null ? '' : `, ${cell.evaluatedTokens} of ${cell.promptTokens} prompt tokens read`}\n`,
          ),
      })
      .catch((error: unknown) => {
        const partial = cancelledPartial(error, 'eval:needles');
        if (!partial) throw error;
        return partial;
      });
  } finally {
    process.off('SIGINT', interrupt);
  }
  const file = path.resolve(flags.out ?? path.join(engine.libraryDir, 'eval', `needles-${documentId}-${grid.startedAt.replace(/[:.]/g, '-')}.json`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(grid, null, 2)}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ ...grid, file })}\n`);
  else io.stdout.write(`${formatNeedleGrid(grid)}\nWritten to ${file}\n`);
  return grid.complete ? 0 : 130;
}

/** Runs a question set in a library of its own (imported once, reused by later runs), with the model when one is named. */
async function runQuestionSet(kind: 'retrieval' | 'answers', open: () => Engine, openAt: (libraryDir: string) => Engine, flags: EvalFlags, io: Io, json: boolean): Promise<number> {
  if (!flags.dataset) throw usage(`lectern eval ${kind} needs a question set: --dataset DIR.`);
  if (kind === 'answers' && !flags.model) throw usage('lectern eval answers needs the model to evaluate: --model <id|path>.');
  const limit = flags.limit === undefined ? undefined : wholeNumber(flags.limit, '--limit', 1);
  const modes = flags.modes === undefined ? undefined : answerModes(flags.modes);
  const dataDir = path.resolve(flags.dataset);
  const dataset = readEvalDataset(dataDir);
  const user = open();
  const setDir = path.join(user.libraryDir, 'eval', 'datasets', `${path.basename(dataDir)}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`);
  const engine = openAt(setDir);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    const documentIdOf = await importSources(engine, dataset, limit, io, json, controller.signal);
    // The model is the person's (a file or a server registered in their library); the set's library only holds its documents.
    await loadModelFromFlags(user, { model: flags.model, contextScale: flags.contextScale }, io, json);
    const deps = questionSetDeps(engine, documentIdOf, user.chat.current());
    const name = path.basename(dataDir);
    const onProgress = ({ done, total, label }: { done: number; total: number; label: string }) => io.stderr.write(`[${done}/${total}] ${label}\n`);
    const run = (): Promise<RetrievalEvalResult | AnswersEvalResult> =>
      kind === 'retrieval'
        ? runRetrievalEval({ dataset, datasetName: name, deps, limit, signal: controller.signal, onProgress })
        : runAnswersEval({ dataset, datasetName: name, deps, modes, limit, signal: controller.signal, onProgress });
    const result = await run().catch((error: unknown) => {
      const partial = (error as { code?: unknown; partial?: unknown }).code === 'CANCELLED' ? (error as { partial?: RetrievalEvalResult | AnswersEvalResult }).partial : undefined;
      if (!partial) throw error;
      return partial;
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.resolve(flags.out ?? path.join(user.libraryDir, 'eval', `${kind}-${name}-${stamp}.json`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ ...result, file })}\n`);
    else io.stdout.write(`${'search' in result ? formatRetrieval(result) : formatAnswers(result)}\nWritten to ${file}\n`);
    return result.complete ? 0 : 130;
  } finally {
    process.off('SIGINT', interrupt);
    await engine.close();
  }
}

/**
 * Imports the files of the questions to ask (the first `limit`) into the set's library (files already
 * there are skipped by their hash); the source key → document id.
 */
async function importSources(engine: Engine, dataset: EvalDataset, limit: number | undefined, io: Io, json: boolean, signal: AbortSignal): Promise<Map<string, string>> {
  const keys = [...new Set(dataset.questions.slice(0, limit ?? dataset.questions.length).map((q) => q.doc))];
  if (!json) io.stderr.write(`Importing ${keys.length} document${keys.length === 1 ? '' : 's'} of the question set (once; later runs reuse them)…\n`);
  const { documents } = await engine.invoke('library:ingest', { paths: keys.map((k) => dataset.sources.get(k)!.file) }, { signal });
  const idOf = new Map<string, string>();
  documents.forEach((d, i) => {
    if (d.id && d.status !== 'failed') idOf.set(keys[i]!, d.id);
    else io.stderr.write(`! could not import ${keys[i]}: ${d.error?.message ?? d.status}; its questions count as misses\n`);
  });
  return idOf;
}

/** The set's library and the model under test (a chat backend, local or server; null for search alone) as the evaluations see them. */
export function questionSetDeps(engine: Engine, documentIdOf: Map<string, string>, backend: ChatBackend | null): QuestionSetDeps {
  const withTitle = (passages: ReturnType<Engine['documents']['passages']>): ContextPassage[] =>
    passages.map((p) => ({ ...p, documentTitle: engine.documents.summary(p.documentId)?.title ?? p.documentId }));
  const chat = backend?.model ? backendChat(backend) : null;
  return {
    documentIdOf,
    async retrieve(question, documentId, limit, signal) {
      const hits = await engine.hybridSearch.search({ query: question, documentIds: [documentId], limit }, signal);
      const byId = new Map(engine.documents.passagesById(hits.map((h) => h.passageId)).map((p) => [p.id, p]));
      return withTitle(hits.map((h) => byId.get(h.passageId)).filter((p) => p !== undefined));
    },
    passages: (documentId) => withTitle(engine.documents.passages(documentId)),
    chat,
    rerank: chat && backend ? (question, candidates, signal) => backend.exclusive(() => rerankListwise(backend, question, candidates, signal)) : null,
  };
}

function formatRecall(name: string, recall: RecallAtK): string {
  return `${name.padEnd(32)}${RECALL_RANKS.map((k) => recall[k].toFixed(3).padStart(8)).join('')}`;
}

function formatRetrieval(r: RetrievalEvalResult): string {
  return [
    `${r.questions} questions of ${r.dataset} (${r.kind}), ${r.candidates} candidates each${r.complete ? '' : ' (stopped before the end)'}; ${(r.ms / 1000).toFixed(1)} s`,
    '',
    `${'evidence recall'.padEnd(32)}${RECALL_RANKS.map((k) => `R@${k}`.padStart(8)).join('')}`,
    formatRecall('search', r.search),
    ...(r.reranked ? [formatRecall(`re-ranked by ${r.model}`, r.reranked)] : ['(no --model: re-ranking not measured)']),
  ].join('\n');
}

function formatAnswers(r: AnswersEvalResult): string {
  const share = (n: number, of: number) => (of === 0 ? '     –' : (n / of).toFixed(3).padStart(6));
  const rows = Object.entries(r.modes).map(
    ([mode, s]) =>
      `${mode.padEnd(20)}${String(s.asked).padStart(6)}${share(s.answerHolds, s.asked).padStart(14)}${share(s.citedHolds, s.asked).padStart(12)}${share(s.contextHolds, s.asked).padStart(16)}${(s.asked === 0 ? 0 : s.ms / s.asked / 1000).toFixed(1).padStart(10)}${s.didNotFit > 0 ? `   (${s.didNotFit} did not fit)` : ''}`,
  );
  return [
    `${r.questions} questions of ${r.dataset} (${r.kind}) answered by ${r.model} in a ${r.contextSize}-token context${r.complete ? '' : ' (stopped before the end)'}; ${(r.ms / 1000).toFixed(1)} s`,
    '',
    `${'context'.padEnd(20)}${'asked'.padStart(6)}${'answer: gold'.padStart(14)}${'cites gold'.padStart(12)}${'context: gold'.padStart(16)}${'s/answer'.padStart(10)}`,
    ...rows,
  ].join('\n');
}

function answerModes(value: string): AnswerMode[] {
  const modes = value.split(',').map((s) => s.trim());
  for (const m of modes) if (!ANSWER_MODES.includes(m as AnswerMode)) throw usage(`--modes takes ${ANSWER_MODES.join(', ')} separated by commas, not "${m}".`);
  return modes as AnswerMode[];
}

/** "0,50,100" → [0, 50, 100]: whole numbers of at least `min`, in plain digits. */
function numberList(value: string, flag: string, min: number): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw usage(`${flag} takes numbers separated by commas, like 0,50,100, not "${value}".`);
  return items.map((s) => wholeNumber(s, flag, min));
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}
