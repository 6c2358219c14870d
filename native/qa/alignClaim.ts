import { sentenceSpans } from '../text/sentenceSpans.js';

const STOP = new Set(
  'a an and are as at be been by for from has have in is it its of on or that the this to was were will with shall may any all such not no its their there which who whom this these those than then into under upon'.split(
    ' ',
  ),
);

/** Content words, lowercased, crudely stemmed so "governs" meets "governed". */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w) && w.length > 1).map(stem);
}

function stem(w: string): string {
  return w.replace(/(ations?|ing|ed|es|s|ly)$/u, '').slice(0, 8) || w;
}

export interface Alignment {
  /** Range of the best-supporting sentence in the passage text. */
  charStart: number;
  charEnd: number;
  /** F2 of content-word overlap between the claim and that sentence (recall weighted). */
  score: number;
  supported: boolean;
}

/** Minimum overlap F2, and shared content words, for a sentence to count as support. */
export const SUPPORT_THRESHOLD = 0.3;
const MIN_SHARED_WORDS = 2;

/**
 * The sentence (or pair of adjacent sentences) of `passage` that best supports
 * `claim`, by lexical overlap computed here — never by trusting the model to copy.
 */
export function alignClaim(claim: string, passage: string): Alignment {
  const claimWords = contentWords(claim);
  const spans = sentenceSpans(passage);
  const candidates: Array<[number, number]> = [...spans];
  for (let i = 0; i + 1 < spans.length; i++) candidates.push([spans[i]![0], spans[i + 1]![1]]);
  let best: Alignment = { charStart: 0, charEnd: 0, score: 0, supported: false };
  if (claimWords.length === 0) return best;
  const claimSet = new Set(claimWords);
  for (const [s, e] of candidates) {
    const words = contentWords(passage.slice(s, e));
    if (words.length === 0) continue;
    const sentenceSet = new Set(words);
    let shared = 0;
    for (const w of claimSet) if (sentenceSet.has(w)) shared++;
    const recall = shared / claimSet.size;
    const precision = shared / sentenceSet.size;
    // F2: covering the claim's words matters more than the sentence having no others,
    // so a bare heading that shares two words does not beat the clause itself.
    const f2 = shared === 0 ? 0 : (5 * recall * precision) / (4 * precision + recall);
    // Prefer single sentences: a pair must beat them clearly.
    const score = spans.some(([a, b]) => a === s && b === e) ? f2 : f2 * 0.95;
    if (score > best.score) best = { charStart: s, charEnd: e, score, supported: score >= SUPPORT_THRESHOLD && shared >= MIN_SHARED_WORDS };
  }
  return best;
}
