import type { SearchHit } from '../../native/api/types.js';

/**
 * The sentence of a search hit's passage that holds the most matched words: what the reader
 * highlights when the hit is opened. Empty (the whole passage) when the snippet marks nothing
 * found in the passage, e.g. an opening passage offered when nothing matched.
 */
export function matchedSentence(hit: Pick<SearchHit, 'text' | 'snippet' | 'snippetMarks'>): string {
  const words = new Set(hit.snippetMarks.map(([s, e]) => hit.snippet.slice(s, e).toLowerCase()).filter((w) => w.length > 0));
  if (words.size === 0) return '';
  let best = '';
  let bestCount = 0;
  for (const sentence of hit.text.match(/[^.!?;]+(?:[.!?;]+["”’)]*|$)/g) ?? []) {
    const lower = sentence.toLowerCase();
    let count = 0;
    for (const w of words) if (lower.includes(w)) count++;
    if (count > bestCount) [best, bestCount] = [sentence.trim(), count];
  }
  return best;
}
