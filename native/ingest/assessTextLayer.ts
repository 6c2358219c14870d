import type { TextLayerQuality } from '../model/documentModel.js';
import type { TextLayerStats } from './pageModel.js';
import { countControlChars } from './sanitizeText.js';

/**
 * Thresholds, each a share that ordinary text of any script stays well clear of. They were set
 * against prose in English, French, German, Chinese and Arabic, number tables, source code and
 * title pages (all 'ok'), and against unmapped-font output, control-character soup, OCR junk
 * and consonant soup (all 'garbage'); see test/assessTextLayer.test.ts.
 */
const LIMITS = {
  /** Glyphs the extractor could not map to Unicode. */
  unmapped: 0.1,
  /** Control characters (dropped from the text, but a sign of a broken font map). */
  control: 0.1,
  /** U+FFFD and private-use characters in the text itself: glyphs without a real Unicode value. */
  unknown: 0.1,
  /** Letters, marks and digits among the visible characters (rules and dot leaders aside); below this it is symbol soup. */
  minAlphanumeric: 0.5,
  /** Tokens that mix letters, digits and symbols the way OCR noise does ("l1I|", "a$b%"). */
  junkTokens: 0.35,
  /** Latin words of 4+ letters, not all capitals, without a vowel ("xkcdq", "bvnmt"). */
  voicelessWords: 0.45,
  /** Characters in runs of one letter or digit repeated 6+ times ("IIIIIIII"). */
  repeatedRuns: 0.3,
} as const;

/** Below this many visible characters a page is judged only by what cannot be language (title pages, page numbers, captions). */
const SHORT_PAGE = 24;
/** Ratios over fewer tokens than this say nothing. */
const MIN_TOKENS = 8;

/**
 * Whether a page's text layer can be used: 'none' when there is no text (a scan), 'garbage'
 * when it is made of unmapped glyphs or control characters or is not language, else 'ok'.
 * `text` is the page's text as extracted (control characters may still be in it); `stats`
 * what the extractor counted, when it did. Never rejects a script for being non-Latin: the
 * word-shape checks apply to Latin words only.
 */
export function assessTextLayer(page: string, stats?: TextLayerStats): TextLayerQuality {
  const text = sampleOf(page);
  const control = Math.max(countControlChars(text), stats?.control ?? 0);
  const read = Math.max(stats?.chars ?? 0, text.length);
  if (read > 0 && (stats?.unmapped ?? 0) >= 5 && (stats?.unmapped ?? 0) / read >= LIMITS.unmapped) return 'garbage';
  if (control >= 5 && control / read >= LIMITS.control) return 'garbage';

  // Counted with whole-string patterns, not per character: this runs on every page of every import.
  const visible = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/gu, '');
  if (visible.length === 0) return control > 0 || (stats?.unmapped ?? 0) > 0 ? 'garbage' : 'none';
  const unknown = countMatches(visible, /[\uFFFD\p{Co}]/gu);
  if (unknown >= 3 && unknown / visible.length >= LIMITS.unknown) return 'garbage';

  const tokens = text.split(/\s+/u).filter((t) => t !== '');
  // A scan whose text layer holds only a page number or a stamp: the page is an image.
  if ((stats?.imageCoverage ?? 0) >= 0.85 && !tokens.some((t) => /\p{L}{3}/u.test(t))) return 'none';

  // Rules, dot leaders and dashes in runs are layout, not text.
  // Both patterns that look for a character repeated need a repeat to find: most pages have no
  // character three times in a row, and without surrogates a code unit is a character.
  const repeats = longestRepeat(text);
  const counted = (repeats >= 3 ? text.replace(/([^\p{L}\p{N}\s])\1{2,}/gu, '') : text).replace(/\s+/gu, '');
  if (counted.length < SHORT_PAGE) return shortPageQuality([...counted], tokens);

  const alphanumeric = countAlphanumeric(counted);
  if (alphanumeric / counted.length < LIMITS.minAlphanumeric) return 'garbage';

  const inRuns = repeats >= 6 ? (text.match(/([\p{L}\p{N}])\1{5,}/gu) ?? []).reduce((n, run) => n + run.length, 0) : 0;
  if (inRuns / counted.length >= LIMITS.repeatedRuns) return 'garbage';

  // Tokens of punctuation alone ("[***]", "—", "});") are neither words nor junk; symbol soup is caught above.
  const words = tokens.map(bareWord).filter((w) => w !== '');
  if (words.length >= MIN_TOKENS && words.filter(isJunkWord).length / words.length >= LIMITS.junkTokens) return 'garbage';

  // Capitals aside: acronyms (HTML, NSFW) are words without vowels.
  const latinWords = words.filter((w) => w.length >= 4 && /^\p{Script=Latin}{4,}$/u.test(w) && w !== w.toUpperCase());
  if (latinWords.length >= MIN_TOKENS && latinWords.filter((w) => !hasVowel(w)).length / latinWords.length >= LIMITS.voicelessWords) return 'garbage';
  return 'ok';
}

/** Judging a page's text takes its shares; 800 characters (some 130 words) from its middle tell them as well as all of it, for a fraction of the cost. */
const SAMPLE_CHARS = 800;

function sampleOf(text: string): string {
  if (text.length <= SAMPLE_CHARS * 1.5) return text;
  const middle = Math.floor((text.length - SAMPLE_CHARS) / 2);
  const start = text.indexOf(' ', middle);
  return text.slice(start < 0 ? middle : start + 1, (start < 0 ? middle : start + 1) + SAMPLE_CHARS);
}

/** The longest run of one code unit repeated; Infinity when the text has a surrogate (its characters are not its code units). */
function longestRepeat(text: string): number {
  let longest = text.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return Infinity;
    if (i > 0 && c === text.charCodeAt(i - 1)) {
      run++;
      if (run > longest) longest = run;
    } else run = 1;
  }
  return longest;
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const ALPHANUMERIC = /[\p{L}\p{M}\p{N}]/u;
const alphanumericCodes = new Map<number, boolean>();

/**
 * Code points that are letters, marks or digits: what countMatches(text, /[\p{L}\p{M}\p{N}]/gu)
 * counts, without an array of one string per character. ASCII is decided by hand, the rest
 * once per code point.
 */
function countAlphanumeric(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) n++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    let known = alphanumericCodes.get(cp);
    if (known === undefined) alphanumericCodes.set(cp, (known = ALPHANUMERIC.test(String.fromCodePoint(cp))));
    if (known) n++;
  }
  return n;
}

/** An ASCII letter or digit, which no punctuation trim or symbol test touches. */
function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function isAsciiLetters(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a))) return false;
  }
  return true;
}

/** A few characters: junk only when there is almost nothing a word or number is made of ("l1I|!; ,.,'"). */
function shortPageQuality(counted: string[], tokens: string[]): TextLayerQuality {
  if (counted.length < 6) return 'ok';
  const alphanumeric = counted.filter((c) => /[\p{L}\p{M}\p{N}]/u.test(c)).length;
  const hasWord = tokens.some((t) => /\p{L}{3}/u.test(bareWord(t)) || /^\p{N}[\p{N},.]*$/u.test(bareWord(t)));
  return !hasWord && alphanumeric / counted.length < 0.4 ? 'garbage' : 'ok';
}

/** The token without the punctuation that sits around words in any language. */
function bareWord(token: string): string {
  // Most tokens begin and end with a letter or digit: nothing to trim.
  if (isAsciiAlphanumeric(token.charCodeAt(0)) && isAsciiAlphanumeric(token.charCodeAt(token.length - 1))) return token;
  return token.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

/**
 * OCR and broken-font noise, in a word already stripped of surrounding punctuation: symbols
 * inside it ("a$b%", "l|I"), or letters and digits alternating ("l1I1", "0O0o"). Hyphens,
 * apostrophes, dots, slashes, @, &, +, #, %, _ and colons inside words are ordinary (e-mail,
 * URLs, "3.5%", "x86_64", "C++", "l'homme").
 */
function isJunkWord(word: string): boolean {
  // Plain ASCII words, most of them, hold neither symbols nor digits.
  if (isAsciiLetters(word)) return false;
  if (/[^\p{L}\p{M}\p{N}\-'’.,/@&+#%_:=()<>[\]{}*;$€£¥§°²³·]/u.test(word)) return true;
  // Only words with both letters and digits can alternate between them.
  if (!/\p{N}/u.test(word) || !/\p{L}/u.test(word)) return false;
  let switches = 0;
  for (let i = 1; i < word.length; i++) {
    const a = /\p{N}/u.test(word[i - 1]!);
    const b = /\p{N}/u.test(word[i]!);
    if (a !== b && /[\p{L}\p{N}]/u.test(word[i - 1]!) && /[\p{L}\p{N}]/u.test(word[i]!)) switches++;
  }
  return switches >= 3;
}

/** Vowels of Latin-script languages, accents aside (é, ö, ą, ư), with y and w (Welsh "cwm"). */
function hasVowel(word: string): boolean {
  // An ASCII vowel survives decomposition: only words without one need it.
  if (/[aeiouyw]/i.test(word)) return true;
  return /[aeiouyw]/i.test(word.normalize('NFD'));
}
