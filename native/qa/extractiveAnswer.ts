import type { Citation } from '../api/types.js';
import { contentWords } from './alignClaim.js';
import { sentenceSpans } from '../text/sentenceSpans.js';
import type { ContextPassage } from './structuredContext.js';
import { citeSentence, type GeometryLookup } from './verifyCitations.js';

/** Passages quoted in an extractive answer. */
const EXTRACTIVE_PASSAGES = 3;

/**
 * The answer Lectern gives without a model: the best passages' sentences that share
 * the most words with the question, quoted verbatim, each cited. Clearly labelled.
 */
export function extractiveAnswer(question: string, ranked: readonly ContextPassage[], geometry: GeometryLookup): { answer: string; citations: Citation[] } {
  const wanted = new Set(contentWords(question));
  const citations: Citation[] = [];
  const lines: string[] = [];
  for (const passage of ranked.slice(0, EXTRACTIVE_PASSAGES)) {
    let best: [number, number] | null = null;
    let bestScore = -1;
    for (const [s, e] of sentenceSpans(passage.text)) {
      const words = contentWords(passage.text.slice(s, e));
      const shared = words.filter((w) => wanted.has(w)).length;
      const score = shared / Math.sqrt(words.length + 1);
      if (score > bestScore) [best, bestScore] = [[s, e], score];
    }
    if (!best) continue;
    const marker = `P${citations.length + 1}`;
    citations.push(citeSentence(marker, passage, best[0], best[1], geometry));
    lines.push(`“${passage.text.slice(best[0], best[1])}” [${marker}]`);
  }
  const answer =
    lines.length > 0
      ? `No model is loaded, so this is an extractive answer: the passages that best match the question.\n${lines.join('\n')}`
      : 'No model is loaded, and no passage matches the question.';
  return { answer, citations };
}
