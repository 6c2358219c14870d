/**
 * Word matching for the fidelity evaluation (bench/fidelityEval.ts): how many of the words
 * a reference extractor (poppler's pdftotext) reads on each page reach Lectern's passages.
 * Pure functions over strings, so the counting rules can be tested without PDFs.
 *
 * Rules:
 * - a word is a whitespace-separated token, NFKC-normalized, lowercased, with curly quotes
 *   made straight, soft hyphens as hyphens, zero-width characters dropped and punctuation and symbols stripped at both ends;
 * - a word broken at a line end ("infor-\nmation") is joined ("information"); as the
 *   hyphen may be a real one ("self-\ninsured"), the hyphenated form is accepted too;
 * - numbers are left aside (tokens of digits and punctuation only, roman numerals, and
 *   tokens that are only punctuation): page numbers and list labels are not the text;
 * - lines repeated on at least 30% of the pages (and on two pages or more), compared with
 *   their digits masked, are running headers and footers and are left aside;
 * - counting is a multiset: each occurrence of a word in the reference consumes one
 *   occurrence of it in the document's passages.
 */

export interface WordToken {
  word: string;
  /** Another spelling that counts as the same word (the hyphenated form of a joined line-end break). */
  alt?: string;
}

export interface WordCount {
  /** Reference words counted (numbers and headers aside). */
  words: number;
  /** Of those, how many were found in the passages. */
  found: number;
}

export interface FidelityMeasure {
  /** One per reference page, in order. */
  pages: WordCount[];
  total: WordCount;
  /** Reference words not found, with how often, most frequent first. */
  missing: Array<[string, number]>;
  /** Per page, the words not found on it (for the report of the worst pages). */
  missingByPage: string[][];
}

/** Share of pages a line must repeat on to count as a running header or footer. */
export const RECURRING_LINE_SHARE = 0.3;

const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const NUMBER_LIKE = /^[\p{N}\p{P}\p{S}]*$/u;
const ROMAN = /^m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

/** One token normalized for matching; '' when nothing of it is left. */
export function normalizeWord(token: string): string {
  return (
    token
      .normalize('NFKC')
      .toLowerCase()
      // A soft hyphen printed as a hyphen reads as one; other invisible format characters (zero-width spaces) as nothing.
      .replace(/\u00ad/g, '-')
      .replace(/\p{Cf}/gu, '')
      .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
      .replace(EDGE_PUNCTUATION, '')
  );
}

/** Numbers, roman numerals and bare punctuation: left out of the count (normalized input). */
export function isNumberLike(word: string): boolean {
  return word === '' || NUMBER_LIKE.test(word) || ROMAN.test(word);
}

/** Words of a text, line-end hyphenation joined; numbers left out. */
export function referenceWords(text: string): WordToken[] {
  const out: WordToken[] = [];
  // A letter, a hyphen at a line end, a letter on the next line: one word broken in two.
  const joined = text.normalize('NFKC').replace(/(\p{L})[-\u00ad\u2010]\s*\n\s*(?=\p{L})/gu, '$1\u0000');
  for (const raw of joined.split(/\s+/)) {
    if (raw === '') continue;
    const word = normalizeWord(raw.replaceAll('\u0000', ''));
    if (isNumberLike(word)) continue;
    if (raw.includes('\u0000')) out.push({ word, alt: normalizeWord(raw.replaceAll('\u0000', '-')) });
    else out.push({ word });
  }
  return out;
}

/** Every word of the passages with how often it occurs (numbers left out too). */
export function passageWordBag(passages: readonly string[]): Map<string, number> {
  const bag = new Map<string, number>();
  for (const text of passages) {
    for (const raw of text.split(/\s+/)) {
      const word = normalizeWord(raw);
      if (isNumberLike(word)) continue;
      bag.set(word, (bag.get(word) ?? 0) + 1);
    }
  }
  return bag;
}

/** A line as compared for header/footer detection: trimmed, spaces collapsed, digits masked. */
function lineKey(line: string): string {
  return line
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\p{N}+/gu, '#')
    .toLowerCase();
}

/**
 * Lines (as lineKey gives them) that repeat on at least `share` of the pages and on two
 * pages or more: running headers and footers.
 */
export function recurringLines(pages: readonly string[], share = RECURRING_LINE_SHARE): Set<string> {
  const pagesWith = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set<string>();
    for (const line of page.split('\n')) {
      const key = lineKey(line);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
    }
  }
  const needed = Math.max(2, Math.ceil(share * pages.length));
  return new Set([...pagesWith].filter(([, n]) => n >= needed).map(([key]) => key));
}

/** A page's text without its running header and footer lines. */
export function withoutRecurringLines(page: string, recurring: ReadonlySet<string>): string {
  if (recurring.size === 0) return page;
  return page
    .split('\n')
    .filter((line) => !recurring.has(lineKey(line)))
    .join('\n');
}

/**
 * How many of the reference pages' words the passages hold, per page and in all. Pages are
 * counted in order against one bag for the whole document, so a word the passages hold
 * once is found once.
 */
export function measureFidelity(referencePages: readonly string[], passages: readonly string[]): FidelityMeasure {
  const bag = passageWordBag(passages);
  const recurring = recurringLines(referencePages);
  const missing = new Map<string, number>();
  const take = (word: string | undefined): boolean => {
    if (word === undefined) return false;
    const n = bag.get(word) ?? 0;
    if (n === 0) return false;
    bag.set(word, n - 1);
    return true;
  };
  const pages: WordCount[] = [];
  const missingByPage: string[][] = [];
  const total: WordCount = { words: 0, found: 0 };
  for (const page of referencePages) {
    const count: WordCount = { words: 0, found: 0 };
    const missed: string[] = [];
    for (const token of referenceWords(withoutRecurringLines(page, recurring))) {
      count.words++;
      if (take(token.word) || take(token.alt)) count.found++;
      else {
        missed.push(token.word);
        missing.set(token.word, (missing.get(token.word) ?? 0) + 1);
      }
    }
    pages.push(count);
    missingByPage.push(missed);
    total.words += count.words;
    total.found += count.found;
  }
  return { pages, total, missing: [...missing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), missingByPage };
}

/** found / words, or 1 for a page with no words to find. */
export function share(count: WordCount): number {
  return count.words === 0 ? 1 : count.found / count.words;
}
