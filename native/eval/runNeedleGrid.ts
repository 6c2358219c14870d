import { LecternError } from '../api/errors.js';
import type { NeedleCell, NeedleGrid, NeedleProgress } from '../api/evalTypes.js';
import type { EvalChat } from './EvalChat.js';
import { answerHolds, makeNeedle } from './makeNeedle.js';
import { cutToTokens, placeNeedle } from './placeNeedle.js';
import { seededRandom } from './seededRandom.js';

export const DEFAULT_DEPTHS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;
/** Shares of the longest length the default rows take: where a stretched context stops being read shows between them. */
const DEFAULT_LENGTH_SHARES = [0.125, 0.25, 0.5, 1] as const;
/** The shortest haystack worth a row: a few sentences, so a fact has places to go between 0% and 100%. */
export const MIN_LENGTH = 128;
/** Tokens the answer may take: a number, with room for a model that writes its digits one by one. */
const ANSWER_TOKENS = 32;
/** Tokens kept for the chat format around system and user turns, which a plain token count does not see. */
const FORMAT_RESERVE = 64;
/**
 * Share of the context a prompt may fill. node-llama-cpp keeps a tenth of the context free for
 * shifting and cuts a longer prompt to fit (losing its start, and so the needle or the cache), as
 * AskService's plans leave it free too.
 */
const PROMPT_SHARE = 0.9;

const INSTRUCTIONS = 'Answer the question from the document below. The answer is stated in it exactly once.\n\nDocument:\n';
const REPLY = 'Reply with the number only.';
/**
 * Every fact's value is a number, so the answer is one: digits only (GBNF, llama.cpp's grammar
 * format), which an inference server's output parser always accepts, where a random-weight model's
 * free text may not be valid. A server without grammars gets the instruction alone.
 */
const ANSWER_GRAMMAR = 'root ::= [0-9]+';

export interface NeedleRunOptions {
  chat: EvalChat;
  documentId: string;
  documentTitle: string;
  /** The document's text, passages in reading order. */
  text: string;
  model: { id: string; name: string };
  trainContextSize: number;
  contextScale: number;
  /** Haystack lengths in tokens; default: an eighth, a quarter, half and all of what fits. */
  lengths?: readonly number[];
  /** Depths in percent; default 0, 10, …, 100. */
  depths?: readonly number[];
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (progress: NeedleProgress) => void;
}

/** The longest haystack a prompt has room for: the prompt's share of the context less the instructions, the fact, the question, the chat format and the answer. */
export async function longestHaystack(chat: EvalChat): Promise<number> {
  const frame = await chat.countTokens(`${INSTRUCTIONS}\n${makeNeedle(seededRandom(0)).fact}\n${makeNeedle(seededRandom(0)).question} ${REPLY}`);
  return Math.floor(chat.contextSize * PROMPT_SHARE) - frame - FORMAT_RESERVE - ANSWER_TOKENS;
}

/** Default rows: shares of the longest haystack that fits both the context and the document. */
export function defaultLengths(longest: number): number[] {
  return [...new Set(DEFAULT_LENGTH_SHARES.map((s) => Math.floor(longest * s)).filter((n) => n >= MIN_LENGTH))];
}

/**
 * How far a model really reads: for each length, the document is cut to that many tokens and a
 * made-up fact is put at each depth, one prompt per cell, and the model is asked for it. Depths run
 * from the end to the start, so each prompt shares the previous one's text up to its fact and a
 * model that keeps its cache reads only the rest. Stopped by `signal`, it rejects CANCELLED with
 * the grid so far as `partial`.
 */
export async function runNeedleGrid(options: NeedleRunOptions): Promise<NeedleGrid> {
  const started = performance.now();
  const { chat, signal } = options;
  const seed = options.seed ?? 1;
  const depths = [...new Set(options.depths ?? DEFAULT_DEPTHS)].sort((a, b) => a - b);
  for (const d of depths) if (!(d >= 0 && d <= 100)) throw new LecternError('INVALID_ARGUMENT', `A depth is a percent from 0 to 100, not ${d}.`);
  const documentTokens = await chat.countTokens(options.text);
  const room = await longestHaystack(chat);
  if (room < MIN_LENGTH)
    throw new LecternError('CONTEXT_TOO_LARGE', `The model's ${chat.contextSize}-token context leaves no room for a document: load it with a larger context scale.`);
  if (documentTokens < MIN_LENGTH)
    throw new LecternError('INVALID_ARGUMENT', `This document has only ${documentTokens} tokens of text: choose a longer one to see how far the model reads.`);
  const notes: string[] = [];
  const longest = Math.min(room, documentTokens);
  let lengths = options.lengths ? [...new Set(options.lengths)].sort((a, b) => a - b) : defaultLengths(longest);
  const tooLong = lengths.filter((l) => l > longest);
  if (tooLong.length > 0) {
    notes.push(
      longest === documentTokens
        ? `Left out ${tooLong.join(', ')} tokens: the document has ${documentTokens}.`
        : `Left out ${tooLong.join(', ')} tokens: the ${chat.contextSize}-token context has room for ${room} tokens of document.`,
    );
    // The longest that fits stands in for them, so the grid still reaches as far as it can.
    lengths = [...new Set([...lengths.filter((l) => l <= longest), longest])].sort((a, b) => a - b);
  }
  lengths = lengths.filter((l) => l >= MIN_LENGTH);
  if (lengths.length === 0) throw new LecternError('INVALID_ARGUMENT', `Every length is under ${MIN_LENGTH} tokens: ask for longer ones.`);

  const grid: NeedleGrid = {
    documentId: options.documentId,
    documentTitle: options.documentTitle,
    model: options.model,
    contextSize: chat.contextSize,
    trainContextSize: options.trainContextSize,
    contextScale: options.contextScale,
    documentTokens,
    lengths,
    depths,
    cells: [],
    complete: false,
    seed,
    startedAt: new Date().toISOString(),
    ms: 0,
    notes,
  };
  const total = lengths.length * depths.length;
  const stopped = () => {
    grid.ms = performance.now() - started;
    return new LecternError('CANCELLED', `The check was stopped after ${grid.cells.length} of ${total} cells; the grid so far is kept.`, { partial: grid });
  };
  // One stream per cell, so a cell's fact does not depend on which cells ran before it.
  const cellSeed = (row: number, column: number) => (seed * 7919 + row * 101 + column) >>> 0;
  try {
    for (const [row, length] of lengths.entries()) {
      if (signal?.aborted) throw stopped();
      const haystack = await cutToTokens(options.text, length, chat.countTokens.bind(chat), documentTokens);
      for (let column = depths.length - 1; column >= 0; column--) {
        if (signal?.aborted) throw stopped();
        const depth = depths[column]!;
        const needle = makeNeedle(seededRandom(cellSeed(row, column)));
        const placed = await placeNeedle(haystack, needle.fact, depth, chat.countTokens.bind(chat));
        const t0 = performance.now();
        const reply = await chat.complete({
          system: `${INSTRUCTIONS}${placed.text}`,
          user: `${needle.question} ${REPLY}`,
          grammar: ANSWER_GRAMMAR,
          maxTokens: ANSWER_TOKENS,
          signal,
        });
        const answer = reply.text.trim();
        const cell: NeedleCell = {
          length,
          depth,
          placedDepth: haystack.tokens === 0 ? depth : Math.round((1000 * placed.tokensBefore) / haystack.tokens) / 10,
          found: answerHolds(reply.text, needle.value),
          answer: answer.slice(0, 200),
          promptTokens: reply.promptTokens ?? null,
          evaluatedTokens: reply.evaluatedTokens ?? null,
          ms: Math.round(performance.now() - t0),
        };
        grid.cells.push(cell);
        options.onProgress?.({ done: grid.cells.length, total, cell });
      }
    }
  } catch (error) {
    if (signal?.aborted || (error as { code?: unknown }).code === 'CANCELLED') throw stopped();
    throw error;
  }
  grid.complete = true;
  grid.ms = performance.now() - started;
  return grid;
}
