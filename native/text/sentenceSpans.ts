/**
 * Sentences of a text as half-open character ranges, trimmed of surrounding whitespace.
 *
 * The ranges partition the text: each sentence runs from where the previous one ended
 * to the next boundary, so the only characters outside every range are whitespace
 * between sentences. A boundary this misses makes a sentence longer; it never loses text.
 *
 * A boundary is a run of . ! ? ; : … (or a CJK or Arabic-script full stop), with any
 * closing quotes, brackets and citation markers glued to it, followed by whitespace and
 * something that can open a sentence: a capital, a letter of a script without case
 * (Arabic, Hebrew, CJK…), a digit, an opening quote or bracket. CJK full stops need no
 * whitespace after them. A period is not a boundary after titles ("Mr.", "No. 5"),
 * inside numbers ("2.1", "1.8%"), after a list marker opening the sentence ("1.", "(iv)",
 * "a."), nor after a company suffix, initial or initialism ("Inc.", "J.", "U.S.A.")
 * unless the next word is one that usually opens a sentence ("The", "It"…).
 */
export function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  TERMINATOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TERMINATOR.exec(text)) !== null) {
    const run = m[0];
    let end = m.index + run.length;
    while (end < text.length && CLOSER.test(text[end]!)) end++;
    const marker = CITATION_MARKER.exec(text.slice(end, end + 40));
    if (marker) end += marker[0].length;
    TERMINATOR.lastIndex = Math.max(TERMINATOR.lastIndex, end);
    if (end >= text.length) break;
    const fullStop = CJK_STOP.test(run);
    if (!fullStop && !/\s/.test(text[end]!)) continue;
    let next = end;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    if (next >= text.length) break;
    if (!isBoundary(text, start, m.index, run, next, fullStop)) continue;
    push(text, start, end, spans);
    start = end;
  }
  push(text, start, text.length, spans);
  return spans;
}

/** Sentence-final punctuation, Western, CJK, Arabic-script and Devanagari. */
const TERMINATOR = /[.!?;:…。！？．｡؟۔।॥‼⁇⁈⁉]+/gu;
const CJK_STOP = /[。！？．｡]/u;
/** What may follow the final punctuation and still belong to the sentence: closing quotes and brackets, superscript note numbers, bidi marks. */
const CLOSER = /["'”’»›)\]}」』）】〕〉》〗〙〛¹²³⁰-⁹\u200E\u200F\u061C\u2066-\u2069]/u;
/** "… the term is two years. [P1]": a citation or footnote marker after the period belongs to that sentence. */
const CITATION_MARKER = /^[ \t]*\[(?:P?\d{1,4})(?:\s*[,;–-]\s*P?\d{1,4})*\](?=\s|$)/u;
/** What can open a sentence. */
const OPENER = /[\p{Lu}\p{Lt}\p{Lo}\p{N}"'“‘«‹„([{¿¡「『（【•▪‣◦§$€£¥*]/u;

/** Periods after these never end a sentence. */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'messrs',
  'mmes',
  'dr',
  'prof',
  'st',
  'mt',
  'ft',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'hon',
  'rev',
  'e.g',
  'i.e',
  'viz',
  'cf',
  'vs',
  'v',
  'approx',
  'ca',
  'esp',
]);
/** Periods after these do not end a sentence when a number follows ("No. 5", "p. 12", "Sec. 3"). */
const BEFORE_NUMBER = new Set([
  'no',
  'nos',
  'art',
  'arts',
  'sec',
  'secs',
  'fig',
  'figs',
  'p',
  'pp',
  'vol',
  'vols',
  'ch',
  'chap',
  'para',
  'paras',
  'ex',
  'exh',
  'sch',
  'cl',
  'ref',
  'refs',
  'n',
  'nn',
  'op',
  'tel',
  'ed',
]);
/** Periods after these end a sentence only when a word that usually opens one follows. */
const SUFFIXES = new Set([
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'plc',
  'llp',
  'lp',
  'bv',
  'nv',
  'gmbh',
  'ag',
  'sa',
  'srl',
  'pty',
  'etc',
  'al',
  'jr',
  'sr',
  'esq',
  'bros',
  'assn',
  'dept',
  'univ',
]);
const SENTENCE_OPENERS = new Set([
  'the',
  'this',
  'these',
  'that',
  'those',
  'it',
  'its',
  'in',
  'if',
  'each',
  'any',
  'all',
  'such',
  'a',
  'an',
  'we',
  'he',
  'she',
  'they',
  'our',
  'their',
  'his',
  'her',
  'upon',
  'on',
  'at',
  'for',
  'as',
  'notwithstanding',
  'except',
  'unless',
  'subject',
  'however',
  'no',
  'neither',
  'there',
  'thus',
  'accordingly',
  'after',
  'before',
  'when',
  'where',
  'while',
  'during',
  'to',
  'from',
  'by',
  'with',
  'i',
  'you',
  'but',
  'and',
  'so',
  'then',
  'what',
  'who',
  'how',
  'why',
  'one',
  'both',
  'either',
  'nothing',
  'every',
  'some',
  'many',
  'most',
  'further',
  'furthermore',
  'moreover',
  'also',
  'nevertheless',
  'other',
  'under',
  'within',
  'without',
  'following',
  'pursuant',
]);
/** A list marker that opens a sentence: "1.", "1.2.", "a.", "iv.". */
const LIST_MARKER = /^(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})$/;

/** A lowercase list marker and a capital after it open a sentence too: "… the term. iv. Other terms". */
const LOWER_LIST_OPENER = /^(?:\(?(?:[ivxlcdm]{1,6}|[a-z])\)|(?:[ivxlcdm]{1,6}|[a-z])\.)\s+[\p{Lu}\p{N}]/u;

function isBoundary(text: string, sentenceStart: number, at: number, run: string, next: number, fullStop: boolean): boolean {
  if (fullStop) return !(run === '．' && /[0-9０-９]/.test(text[next]!));
  const opener = String.fromCodePoint(text.codePointAt(next)!);
  const opens = OPENER.test(opener) || LOWER_LIST_OPENER.test(text.slice(next, next + 12));
  if (run !== '.') return opens;
  let tokenStart = at;
  while (tokenStart > sentenceStart && !/\s/.test(text[tokenStart - 1]!)) tokenStart--;
  const token = text.slice(tokenStart, at).replace(/^[("'“‘«[]+/u, '');
  if (token === '') return opens;
  const lower = token.toLowerCase();
  if (TITLES.has(lower)) return false;
  if (BEFORE_NUMBER.has(lower) && /[\p{N}IVXLCDM]/u.test(opener)) return false;
  // "1. The Supplier shall…": the number is the sentence's list marker, not a sentence.
  if (text.slice(sentenceStart, at).trim() === text.slice(tokenStart, at) && LIST_MARKER.test(token)) return false;
  if (SUFFIXES.has(lower) || /^(?:\p{L}\.)+\p{L}$/u.test(token) || /^\p{Lu}$/u.test(token)) {
    const word = /^[\p{L}']+/u.exec(text.slice(next, next + 30))?.[0].toLowerCase() ?? '';
    return opens && SENTENCE_OPENERS.has(word);
  }
  return opens;
}

function push(text: string, start: number, end: number, spans: Array<[number, number]>): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) spans.push([start, end]);
}
