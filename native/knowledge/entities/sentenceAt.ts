/**
 * Sentence boundaries for the legal prose entity extraction reads: a sentence ends at
 * . ! or ? followed by space and a capital, digit, quote or bracket, but not after
 * abbreviations that contracts are full of ("Inc.", "No.", "U.S.", initials).
 * Semicolons and colons do not end one: a definition's list of limbs belongs to it.
 */
const BOUNDARY = /[.!?]["”’)\]]*\s+(?=[\p{Lu}\d"“‘'([])/gu;
const ABBREVIATION = /\b(?:Mr|Mrs|Ms|Dr|No|Nos|Inc|Ltd|Co|Corp|St|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|Sec|Art|para|approx|[A-Za-z])\.$/;
/** A list label alone ("1.", "12.3.", "iv.") is not a sentence. */
const LABEL = /^\s*\(?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,5})\.$/i;

/** Character offsets where the text's sentences start (the first is always 0). */
export function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(BOUNDARY)) {
    const stop = m.index + m[0].search(/[.!?]/) + 1;
    if (ABBREVIATION.test(text.slice(Math.max(0, stop - 8), stop))) continue;
    if (LABEL.test(text.slice(starts.at(-1)!, stop))) continue;
    starts.push(m.index + m[0].length);
  }
  return starts;
}

/** The [start, end) of the sentence holding `index`, given `sentenceStarts(text)`. */
export function sentenceAround(text: string, starts: readonly number[], index: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  const end = lo + 1 < starts.length ? starts[lo + 1]! : text.length;
  return [starts[lo]!, end];
}
