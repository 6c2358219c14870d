import { stemmer } from 'stemmer';

/** Lowercased words with punctuation dropped: the form gold text and answers are compared in. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** The first 8 words of a gold clause, as a normalized string to look for. */
export function goldKey(answer: string): string {
  return normalizeWords(answer).slice(0, 8).join(' ');
}

/** Whether `text` holds one of the normalized word strings `keys`, on word boundaries. */
export function containsAny(text: string, keys: readonly string[]): boolean {
  const norm = ` ${normalizeWords(text).join(' ')} `;
  return keys.some((k) => k !== '' && norm.includes(` ${k} `));
}

/**
 * Whether a quote holds a gold contract clause: the clause's start (its first 8
 * normalized words, as eval:retrieval counts evidence) or the whole clause.
 */
export function holdsGoldClause(quote: string, clauses: readonly string[]): boolean {
  return containsAny(quote, [...clauses.map(goldKey), ...clauses.map((c) => normalizeWords(c).join(' '))]);
}

const STOP_WORDS = new Set(
  'a an and are as at be been by did do does for from had has have he her his i in is it its of on or she that the their them they this to was we were what when where which who will with you'.split(
    ' ',
  ),
);

/** Content words of a free-form answer: normalized, stop words dropped, Porter-stemmed. */
export function answerWords(text: string): string[] {
  return normalizeWords(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map((w) => stemmer(w));
}

/** Share of a reference answer's content words a quote must hold. */
export const REFERENCE_SHARE = 0.6;

/**
 * Whether a quote holds a free-form reference answer: at least 60% of one reference's
 * content words (stemmed, stop words dropped) occur among the quote's. A reference
 * with no content words ("It") never matches.
 */
export function holdsReferenceAnswer(quote: string, references: readonly string[]): boolean {
  const words = new Set(answerWords(quote));
  return references.some((reference) => {
    const wanted = [...new Set(answerWords(reference))];
    if (wanted.length === 0) return false;
    return wanted.filter((w) => words.has(w)).length >= Math.ceil(REFERENCE_SHARE * wanted.length);
  });
}
