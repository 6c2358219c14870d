import { LecternError } from '../api/errors.js';
import type { AskResult, ContextScale } from '../api/types.js';
import type { Engine } from '../engine.js';
import { checkedArgs } from './cliArguments.js';

export interface ModelFlags {
  model?: string;
  contextScale?: string;
}

interface Out {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Loads `--model` at `--context-scale` when given; without one, answers are extractive. */
export async function loadModelFromFlags(engine: Engine, flags: ModelFlags, io: Out, json: boolean): Promise<void> {
  const scale = parseScale(flags.contextScale);
  if (!flags.model) {
    if (flags.contextScale !== undefined) throw new LecternError('INVALID_ARGUMENT', '--context-scale needs --model. See `lectern --help`.');
    return;
  }
  // A model file named by path is registered on first use, so its saved reading states can refer to it.
  const loaded = await engine.invoke('models:load', { idOrPath: flags.model, contextScale: scale });
  if (!json)
    io.stderr.write(
      `Loaded ${loaded.model.name}: ${loaded.contextSize}-token context (trained ${loaded.trainContextSize}${loaded.ropeScaling.type === 'none' ? '' : `, ${loaded.ropeScaling.type} ×${loaded.ropeScaling.factor}`}).\n`,
    );
}

function parseScale(value: string | undefined): ContextScale {
  if (value === undefined) return 1;
  const n = /^\d$/.test(value) ? Number(value) : NaN;
  if (n === 1 || n === 2 || n === 4 || n === 8) return n;
  throw new LecternError('INVALID_ARGUMENT', `--context-scale must be 1, 2, 4 or 8, not "${value}".`);
}

/** `lectern ask q1 q2 …`: answered in order, in one process, sharing the reading cache. */
export async function runAsk(
  engine: Engine,
  questions: string[],
  documentIds: string[] | undefined,
  io: Out,
  json: boolean,
  scope: { user?: string; scope?: string } = {},
): Promise<number> {
  const answers: AskResult[] = [];
  let conversationId: string | undefined;
  // A saved reading state that failed its check is discarded and the document read again: say so once, on stderr.
  const offDiscarded = engine.on('qa:stateDiscarded', ({ message }) => io.stderr.write(`! ${message}\n`));
  try {
    return await askAll();
  } finally {
    offDiscarded();
  }

  async function askAll(): Promise<number> {
    for (const question of questions) {
      if (!json && questions.length > 1) io.stdout.write(`\nQ: ${question}\n`);
      const result = await engine.invoke('qa:ask', checkedArgs('qa:ask', { question, documentIds, conversationId, ...scope }), {
        onProgress: json ? undefined : ({ delta }) => io.stdout.write(delta),
      });
      conversationId = result.conversationId;
      answers.push(result);
      if (!json) io.stdout.write(`\n${describeCitations(result)}`);
    }
    if (json) io.stdout.write(`${JSON.stringify(answers.length === 1 ? askJson(answers[0]!) : { answers: answers.map(askJson) })}\n`);
    return 0;
  }
}

export function askJson(r: AskResult) {
  return {
    answer: r.answer,
    mode: r.mode,
    // Kept for scripts that read it: an answer that comes back finished (a stopped one rejects CANCELLED).
    stopped: false,
    citations: r.citations.map((c) => ({
      marker: c.marker,
      passageId: c.passageId,
      documentId: c.documentId,
      page: c.page,
      quote: c.quote,
      charStart: c.charStart,
      charEnd: c.charEnd,
      supported: c.supported,
      rects: c.rects,
    })),
    context: r.context,
    timings: r.timings,
    conversationId: r.conversationId,
  };
}

function describeCitations(r: AskResult): string {
  const lines = r.citations.map((c) =>
    c.passageId === null
      ? `  [${c.marker}] ✗ not a passage of these documents`
      : `  [${c.marker}] ${c.supported ? '✓' : '✗ unsupported:'} p.${c.page} “${c.quote.length > 160 ? `${c.quote.slice(0, 157)}…` : c.quote}”`,
  );
  const t = r.timings;
  const timing =
    r.mode === 'extractive'
      ? ''
      : `  (${r.mode}; ${t.promptTokens} prompt tokens, ${t.reusedTokens} reused, ${t.evaluatedTokens} evaluated; first token ${Math.round(t.firstTokenMs ?? 0)} ms, total ${Math.round(t.totalMs)} ms)\n`;
  return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${timing}`;
}

/** `lectern preread <docId>…`: evaluate and save the documents' reading state ahead of questions. */
export async function runPreread(engine: Engine, documentIds: string[], io: Out, json: boolean): Promise<number> {
  if (!(await engine.invoke('models:loaded', {})).model) throw new LecternError('NO_MODEL_LOADED', 'Pre-reading needs a model: pass --model <id|path>.');
  const stop = engine.on('qa:prereadProgress', (p) => {
    if (!json) io.stderr.write(`${p.stage}…\n`);
  });
  try {
    const result = await engine.invoke('qa:preread', checkedArgs('qa:preread', { documentIds }));
    if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      io.stdout.write(
        `Pre-read ${documentIds.join(', ')}: ${result.promptTokens} tokens (${result.evaluatedTokens} evaluated, ${result.reusedTokens} already cached), ` +
          `${result.demonstrations} worked examples, state ${(result.stateBytes / 1024 / 1024).toFixed(1)} MiB, ${(result.ms / 1000).toFixed(1)} s.\n`,
      );
    }
    return 0;
  } finally {
    stop();
  }
}
