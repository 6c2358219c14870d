/**
 * The one normalization of entity names, shared by extraction (entities.key,
 * entity_aliases.key) and by whatever links free text to entities: lower case,
 * diacritics, possessives and articles dropped, hyphens and runs of space made one
 * space, every word stemmed (Porter), so "the Parties'"/"Party" and
 * "Governing Law"/"governing laws" give the same key.
 */
import { stemmer } from 'stemmer';

/** Words, with an apostrophe inside (possessives, contractions); hyphens and other punctuation split. */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const ARTICLES = new Set(['a', 'an', 'the']);
const NON_ASCII = /[^\x00-\x7f]/;
const stems = new Map<string, string>();
/** The same by the word as written, to skip lower-casing the words seen most. */
const byWritten = new Map<string, string>();
/** Bounds the stem cache; a library's vocabulary rarely comes near it. */
const MAX_CACHED_STEMS = 200_000;

/**
 * The key form of one word already in lower case, or null for an article.
 * Cached: stemming every word of every passage is the costly part of matching.
 */
export function wordKey(lower: string): string | null {
  const cached = stems.get(lower);
  if (cached !== undefined) return cached === '' ? null : cached;
  let word = lower;
  if (NON_ASCII.test(word)) word = word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/’/g, "'");
  if (word.endsWith("'s")) word = word.slice(0, -2);
  word = word.replace(/'/g, '');
  const key = ARTICLES.has(word) || word === '' ? '' : /^[a-z]+$/.test(word) ? stemmer(word) : word;
  if (stems.size >= MAX_CACHED_STEMS) stems.clear();
  stems.set(lower, key);
  return key === '' ? null : key;
}

/** `wordKey` of a word as written (any case). */
export function writtenWordKey(word: string): string | null {
  let key = byWritten.get(word);
  if (key === undefined) {
    key = wordKey(word.toLowerCase()) ?? '';
    if (byWritten.size >= MAX_CACHED_STEMS) byWritten.clear();
    byWritten.set(word, key);
  }
  return key === '' ? null : key;
}

/** The key words of a text, in order (articles dropped). */
export function keyWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_PATTERN)) {
    const key = wordKey(m[0].toLowerCase());
    if (key !== null) out.push(key);
  }
  return out;
}

/** The normalized key of a name: its key words joined by single spaces ('' when it has none). */
export function entityKey(text: string): string {
  return keyWords(text).join(' ');
}
