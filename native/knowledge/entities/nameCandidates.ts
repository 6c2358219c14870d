/**
 * Candidate names for the tagger: runs of capitalised words ("Robert C. Hood",
 * "Netscape Communications Corporation", "Redwood City"), each distinct one once.
 * compromise reads about 200 KB/s; tagging each distinct candidate instead of the whole
 * text is what keeps entity extraction inside its share of ingest time.
 */
import { entityKey, wordSpans } from './entityKey.js';

export interface NameCandidate {
  text: string;
  occurrences: number;
}

/** Small words that may sit inside a name: "Bank of America", "Center for …", "van der Berg". */
const INNER = new Set(['of', 'for', 'de', 'del', 'la', 'du', 'der', 'van', 'von', 'y']);
/** Abbreviations a name goes on after: "Dr. Andrew Weil", "St. Louis". */
const GOES_ON_AFTER_DOT = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'St', 'Mt', 'Ft', 'Prof', 'Hon']);
export const CORPORATE_SUFFIX = /^(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|Company|LP|L\.P|LLP|PLC|N\.V|B\.V|S\.A|AG|GmbH|Pty|S\.p\.A)$/i;
/** Words that start sentences and headings but are not part of a name. */
const LEADING_WORDS = new Set([
  'the',
  'this',
  'that',
  'these',
  'those',
  'each',
  'such',
  'any',
  'all',
  'every',
  'no',
  'our',
  'its',
  'their',
  'his',
  'her',
  'in',
  'on',
  'at',
  'by',
  'for',
  'to',
  'from',
  'with',
  'under',
  'upon',
  'if',
  'as',
  'a',
  'an',
  'and',
  'or',
  'of',
  'notwithstanding',
  'except',
  'unless',
  'subject',
  'pursuant',
  'during',
  'after',
  'before',
  'within',
  'without',
  'where',
  'when',
  'whereas',
  'now',
  'therefore',
  'section',
  'article',
  'exhibit',
  'schedule',
  'appendix',
  'annex',
  'dear',
  'attn',
  'attention',
  'name',
  'title',
  'date',
  'dated',
  'signed',
  'page',
  'table',
  'part',
  'chapter',
  'clause',
  'note',
  'witness',
  'whereof',
  'not',
  'either',
  'neither',
  'both',
  'other',
]);
/** Form labels that end a name in signature blocks: "Bruce Morgan Name: …". */
const TRAILING_WORDS = new Set(['Name', 'Title', 'Date', 'By', 'Its', 'Signature', 'Address', 'Attn', 'Attention', 'Email', 'Phone', 'Fax', 'Tel', 'Telephone']);
const CALENDAR =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;
const MAX_WORDS = 6;

/**
 * Distinct candidate names in the passages, most frequent first, at most `limit`, and the
 * words the document also writes in lower case (ordinary words, whatever their case here).
 * Names whose key is in `known` (defined terms, parties) are already entities and skipped.
 * A capitalised word the document also writes in lower case is an ordinary word at the
 * start of a sentence or in a heading ("Products", "Within"), not a name.
 */
export function nameCandidates(
  passages: ReadonlyArray<{ text: string }>,
  known: ReadonlySet<string>,
  limit: number,
  /** Whether the tagger could call these words a name at all; the others are not worth its time. */
  couldBeName: (words: readonly string[]) => boolean = () => true,
): { candidates: NameCandidate[]; lowerSeen: ReadonlySet<string> } {
  const lowerSeen = new Set<string>();
  const spans = new Map<string, { occurrences: number; first: number; words: string[] }>();
  let order = 0;
  const tokens: number[] = [];
  for (const { text } of passages) {
    let words: Array<{ word: string; end: number }> = [];
    let spanStart = 0;
    let pendingInner = 0;
    const close = () => {
      words.length -= pendingInner;
      pendingInner = 0;
      let from = 0;
      while (from < words.length && LEADING_WORDS.has(words[from]!.word.toLowerCase())) from++;
      let to = words.length;
      while (to > from && TRAILING_WORDS.has(words[to - 1]!.word)) to--;
      const kept = words.slice(from, to);
      if (kept.length > 0 && kept.length <= MAX_WORDS) {
        const start = from === 0 ? spanStart : text.indexOf(kept[0]!.word, words[from - 1]!.end);
        let surface = text.slice(start, kept.at(-1)!.end).replace(/['’]s$/, '');
        // Most runs are one word, and a word holds no space.
        if (kept.length > 1) surface = surface.replace(/\s+/g, ' ');
        const entry = spans.get(surface);
        if (entry) entry.occurrences++;
        else spans.set(surface, { occurrences: 1, first: order++, words: kept.map((w) => w.word.replace(/['’]s$/, '')) });
      }
      words = [];
    };
    const found = wordSpans(text, tokens, true);
    for (let t = 0; t < found; t += 2) {
      const start = tokens[t]!;
      const word = text.slice(start, tokens[t + 1]!);
      const c = text.charCodeAt(start);
      // ASCII first, since nearly every word is.
      const capital = c >= 65 && c <= 90 ? true : c < 128 ? false : word[0] !== word[0]!.toLowerCase();
      if (!capital) {
        const lower = (c >= 97 && c <= 122) || (c >= 128 && word[0] !== word[0]!.toUpperCase());
        if (lower) lowerSeen.add(word);
        if (words.length > 0 && INNER.has(word) && joins(text, words.at(-1)!, start, word)) {
          words.push({ word, end: start + word.length });
          pendingInner++;
        } else if (words.length > 0) close();
        continue;
      }
      if (words.length > 0 && !joins(text, words.at(-1)!, start, word)) close();
      if (words.length === 0) spanStart = start;
      words.push({ word, end: start + word.length });
      pendingInner = 0;
    }
    if (words.length > 0) close();
  }

  const out: Array<NameCandidate & { first: number }> = [];
  for (const [text, span] of spans) {
    const informative = span.words.filter((w) => !INNER.has(w) && !CORPORATE_SUFFIX.test(w) && !/^\d+$/.test(w));
    if (informative.length === 0) continue;
    const corporate = span.words.some((w) => CORPORATE_SUFFIX.test(w));
    if (!corporate && informative.every((w) => lowerSeen.has(w.toLowerCase()))) continue;
    if (informative.every((w) => CALENDAR.test(w))) continue;
    // An all-capitals run of three words or more is a heading, not a name.
    if (span.words.length >= 3 && span.words.every((w) => w === w.toUpperCase())) continue;
    if (!corporate && !couldBeName(span.words)) continue;
    const key = entityKey(text);
    if (key === '' || known.has(key)) continue;
    out.push({ text, occurrences: span.occurrences, first: span.first });
  }
  out.sort((a, b) => b.occurrences - a.occurrences || a.first - b.first);
  return { candidates: out.slice(0, limit).map(({ text, occurrences }) => ({ text, occurrences })), lowerSeen };
}

/** Whether the text between two capitalised words lets them belong to one name: up to three spaces or tabs, "-", "&" or ", " before a corporate suffix, ". " after an abbreviation or initial. */
function joins(text: string, previous: { word: string; end: number }, start: number, word: string): boolean {
  // Read by character code: this runs between every two words of a name run, in every passage.
  const from = previous.end;
  const length = start - from;
  if (length < 1 || length > 3) return false;
  const a = text.charCodeAt(from);
  const b = length > 1 ? text.charCodeAt(from + 1) : -1;
  const c = length > 2 ? text.charCodeAt(from + 2) : -1;
  const blank = (x: number) => x === 32 || x === 9;
  if (blank(a) && (length < 2 || blank(b)) && (length < 3 || blank(c))) return true;
  if (length === 1 && a === 45) return true;
  // "&", " &", "& ", " & "
  if (length === 1 ? a === 38 : length === 2 ? (a === 38 && b === 32) || (a === 32 && b === 38) : a === 32 && b === 38 && c === 32) return true;
  if (length <= 2 && (length === 1 || b === 32)) {
    if (a === 46) return GOES_ON_AFTER_DOT.has(previous.word) || /^\p{Lu}$/u.test(previous.word);
    if (a === 44) return CORPORATE_SUFFIX.test(word);
  }
  return false;
}
