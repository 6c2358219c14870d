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

/**
 * Per UTF-16 unit below 0x10000: 1 letter, 2 number (\p{N}), 3 neither, 0 not yet asked.
 * Filled on first sight of each character, so the scan asks Unicode's tables once per character.
 */
const CHAR_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) CHAR_CLASS[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : c >= 48 && c <= 57 ? 2 : 3;
const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;

function classOf(text: string, at: number): number {
  const cp = text.codePointAt(at)!;
  if (cp < 0x10000 && CHAR_CLASS[cp] !== 0) return CHAR_CLASS[cp]!;
  const ch = String.fromCodePoint(cp);
  const k = LETTER.test(ch) ? 1 : NUMBER.test(ch) ? 2 : 3;
  if (cp < 0x10000) CHAR_CLASS[cp] = k;
  return k;
}

/**
 * The words `WORD_PATTERN` matches in `text`, as [start, end) pairs written into `out`;
 * returns how many numbers were written (twice the words). The same words as the
 * pattern's, found by a scan of character codes: matching the pattern word by word
 * allocated a match per word, on every word of every passage. With `joined`, the tokens
 * of names instead: letters and numbers joined by inner apostrophes, dots, ampersands and
 * hyphens ("U.S", "AT&T", "Coca-Cola"): the letters and numbers of `[\p{L}\p{N}]+`, then any
 * number of `['’.&-][\p{L}\p{N}]+`.
 */
export function wordSpans(text: string, out: number[], joined = false): number {
  const len = text.length;
  let n = 0;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CHAR_CLASS[c]! : classOf(text, i);
    if (k === 3) {
      // A pair outside \p{L}\p{N} is skipped whole, as the u-flag pattern steps over a code point.
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < len && text.codePointAt(i)! > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    i = skip(text, i, 2);
    if (joined) {
      while (i + 1 < len && isJoiner(text.charCodeAt(i)) && classOf(text, i + 1) !== 3) i = skip(text, i + 1, 2);
    } else if (i + 1 < len) {
      const q = text.charCodeAt(i);
      // An apostrophe then letters: "Licensee's", "don't".
      if ((q === 39 || q === 0x2019) && classOf(text, i + 1) === 1) i = skip(text, i + 1, 1);
    }
    out[n++] = start;
    out[n++] = i;
  }
  return n;
}

/** ' ’ . & - */
function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 46 || c === 38 || c === 45;
}

/** Past the run of characters at `i` of class up to `max` (1: letters; 2: letters and numbers). */
function skip(text: string, i: number, max: number): number {
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const k = CHAR_CLASS[c]!;
      if (k > max) break;
      i++;
      continue;
    }
    if (classOf(text, i) > max) break;
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  }
  return i;
}

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
