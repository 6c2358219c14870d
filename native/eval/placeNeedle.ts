import { sentenceSpans } from '../text/sentenceSpans.js';

export type CountTokens = (text: string) => number | Promise<number>;

/** A document's text cut at sentence ends, with where its sentences end and how many tokens it has. */
export interface Haystack {
  text: string;
  tokens: number;
  /** Character offsets a fact may go at: 0 and every sentence's end. */
  boundaries: number[];
}

/** The fact in place: the prompt's document text, and where the fact went in characters and in tokens before it. */
export interface PlacedNeedle {
  text: string;
  charOffset: number;
  tokensBefore: number;
}

/** Tries at most this many cuts (or placements) per target; each costs one token count. */
const MAX_TRIES = 8;
/** A cut this close below the budget is kept: a few tokens do not change a grid row. */
const CLOSE_ENOUGH = 0.98;

function sentenceEnds(text: string): number[] {
  return [0, ...sentenceSpans(text).map(([, end]) => end)];
}

/** The boundary nearest `offset` (binary search over the sorted boundaries). */
function nearest(boundaries: readonly number[], offset: number): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  const after = boundaries[lo]!;
  const before = boundaries[Math.max(0, lo - 1)]!;
  return offset - before <= after - offset ? before : after;
}

/** The last boundary at or before `offset`. */
function atOrBefore(boundaries: readonly number[], offset: number): number {
  let best = 0;
  for (const b of boundaries) {
    if (b > offset) break;
    best = b;
  }
  return best;
}

/**
 * The longest start of `text` that ends at a sentence end and has at most `budget` tokens, as
 * the model counts them: cut by the share of characters first, then corrected by what the
 * count says, so a long document costs a handful of token counts, not one per sentence.
 */
export async function cutToTokens(text: string, budget: number, count: CountTokens, allTokens?: number): Promise<Haystack> {
  const total = allTokens ?? (await count(text));
  if (total <= budget) return { text, tokens: total, boundaries: sentenceEnds(text) };
  const ends = sentenceEnds(text);
  let best: { end: number; tokens: number } = { end: 0, tokens: 0 };
  let guess = Math.floor((text.length * budget) / total);
  for (let i = 0; i < MAX_TRIES; i++) {
    const end = atOrBefore(ends, guess);
    if (end <= best.end && best.end > 0) break;
    const tokens = await count(text.slice(0, end));
    if (tokens <= budget && tokens > best.tokens) best = { end, tokens };
    if (tokens <= budget && tokens >= budget * CLOSE_ENOUGH) break;
    // Characters per token near the cut: aim again, a little short of the budget.
    const perToken = end / Math.max(1, tokens);
    guess = Math.floor(end + (budget * 0.995 - tokens) * perToken);
  }
  const cut = text.slice(0, best.end);
  return { text: cut, tokens: best.tokens, boundaries: ends.filter((b) => b <= best.end) };
}

/**
 * Puts `fact` between two sentences of the haystack, at the sentence end whose tokens before it
 * come nearest `depth` percent of the haystack's tokens (the model's own count, not characters).
 */
export async function placeNeedle(haystack: Haystack, fact: string, depth: number, count: CountTokens): Promise<PlacedNeedle> {
  const target = (depth / 100) * haystack.tokens;
  const { text, boundaries } = haystack;
  let offset = nearest(boundaries, Math.round((depth / 100) * text.length));
  let best = { offset, tokens: offset === 0 ? 0 : await count(text.slice(0, offset)) };
  for (let i = 0; i < MAX_TRIES && Math.abs(best.tokens - target) > Math.max(4, haystack.tokens * 0.01); i++) {
    const perToken = best.offset > 0 ? best.offset / Math.max(1, best.tokens) : text.length / Math.max(1, haystack.tokens);
    offset = nearest(boundaries, Math.round(best.offset + (target - best.tokens) * perToken));
    if (offset === best.offset) break;
    const tokens = offset === 0 ? 0 : await count(text.slice(0, offset));
    if (Math.abs(tokens - target) < Math.abs(best.tokens - target)) best = { offset, tokens };
    else break;
  }
  const at = best.offset;
  const placed = at === 0 ? `${fact} ${text}` : `${text.slice(0, at)} ${fact}${text.slice(at)}`;
  return { text: placed, charOffset: at === 0 ? 0 : at + 1, tokensBefore: best.tokens };
}
