/**
 * Recognizes section headings in contracts, books, reports and papers from their
 * text, font size and weight: numbering (`1.2`, `Section 5`, `ARTICLE IV`,
 * `Chapter 3`), all-caps titles, larger type, short bold lines, and contract-style
 * run-in headings ("12. Governing Law. This…").
 */

export interface Heading {
  /** The heading text as shown in the section tree. */
  title: string;
  /** Nesting depth suggested by the numbering or type size; 1 is top. */
  level: number;
  kind: 'division' | 'numbered' | 'section' | 'caps' | 'large' | 'bold' | 'markdown';
  /** True when the heading opens a paragraph that goes on with body text. */
  runIn: boolean;
}

const DIVISION = /^(article|part|chapter|book|schedule|exhibit|appendix|annex)\s+([0-9]+|[ivxlcdm]+|[a-z])\b[.:]?\s*(.*)$/i;
const ROMAN = /^([IVXLC]{1,7})\.(?:\s+(.*))?$/;
const SECTION_WORD = /^(section|§)\s*(\d+(?:\.\d+)*)[.:]?\s*(.*)$/i;
const NUMBERED = /^((?:\d{1,3}\.)*\d{1,3})(\.|\))?\s+(.+)$/;
const RUN_IN = /^((?:section\s+)?(?:\d{1,3}\.)*\d{1,3}\.?)\s+([A-Z][\w'’&/,-]*(?:\s+(?:[A-Z][\w'’&/,-]*|of|and|or|to|for|the|in|on|by|with|a|an|upon|not)){0,8})\s*[.:]\s+\S/;

/** Words (runs of non-whitespace) in a text, up to `atMost`, counted without building them: this runs on every paragraph and split. */
export function wordCount(text: string, atMost = Infinity): number {
  return wordCountIn(text, 0, text.length, atMost);
}

/** wordCount(text.slice(start, end), atMost), without the slice. */
export function wordCountIn(text: string, start: number, end: number, atMost = Infinity): number {
  let words = 0;
  let inWord = false;
  const stop = Math.min(end, text.length);
  for (let i = Math.max(0, start); i < stop && words < atMost; i++) {
    const space = isWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Whitespace that is not a space, or two together: only then does collapsing change a text. */
const NOT_SINGLE_SPACES = /[^\S ]|\s\s/;

/** text.replace(/\s+/g, ' '), without building a copy of a text whose whitespace is single spaces already (most paragraphs). */
function collapseWhitespace(text: string): string {
  return NOT_SINGLE_SPACES.test(text) ? text.replace(/\s+/g, ' ') : text;
}

/** Exactly the code units that a RegExp's \s matches. */
function isWhitespace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.9;
}

/** Headings are words: not rows of dashes, asterisks (redactions) or figures. */
function mostlyLetters(text: string): boolean {
  const visible = text.replace(/\s+/g, '');
  const letters = visible.replace(/[^\p{L}]/gu, '').length;
  return letters >= 3 && letters / visible.length >= 0.7;
}

function looksLikeTitle(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return false;
  const small = new Set(['of', 'and', 'or', 'to', 'for', 'the', 'in', 'on', 'by', 'with', 'a', 'an', 'upon', 'at', 'as', 'its', 'not']);
  const capped = words.filter((w) => /^[\p{Lu}\d("'“]/u.test(w) || small.has(w.toLowerCase())).length;
  return capped / words.length >= 0.8 && /^[\p{Lu}\d("'“]/u.test(words[0]!);
}

/**
 * @param text the paragraph's text
 * @param fontSize its font size, or 0 when unknown (plain text)
 * @param bodySize the document's body font size, or 0 when unknown
 * @param bold whether the text is set in a bold face; default false (unknown)
 */
export function detectHeading(text: string, fontSize: number, bodySize: number, bold = false): Heading | null {
  const t = collapseWhitespace(text).trim();
  if (t.length === 0 || t.length > 200) return detectRunIn(t);
  // Every test below compares the count with 20 or less: counting stops past that.
  const words = wordCount(t, 21);
  const endsLikeSentence = /[,;]$/.test(t) || (/[.!?]$/.test(t) && words > 8);

  const division = DIVISION.exec(t);
  if (division && words <= 14 && !endsLikeSentence) {
    return { title: t.replace(/[.:]$/, ''), level: 1, kind: 'division', runIn: false };
  }
  const roman = ROMAN.exec(t);
  if (roman && words <= 10 && (!roman[2] || looksLikeTitle(roman[2]))) {
    return { title: t, level: 1, kind: 'division', runIn: false };
  }
  const section = SECTION_WORD.exec(t);
  if (section && words <= 14 && !endsLikeSentence) {
    return { title: t.replace(/[.:]$/, ''), level: section[2]!.split('.').length, kind: 'section', runIn: false };
  }
  const numbered = NUMBERED.exec(t);
  if (numbered && words <= 12 && !endsLikeSentence && (looksLikeTitle(numbered[3]!) || isAllCaps(numbered[3]!) || isSentenceCaseTitle(numbered, fontSize, bodySize, bold))) {
    return { title: t.replace(/[.:]$/, ''), level: numbered[1]!.split('.').length, kind: 'numbered', runIn: false };
  }
  if (bodySize > 0 && fontSize >= bodySize * 1.15 && words <= 20 && !/[.,;:]$/.test(t) && mostlyLetters(t)) {
    return { title: t, level: fontSize >= bodySize * 1.6 ? 1 : 2, kind: 'large', runIn: false };
  }
  // Word count first: the capitals are counted over the whole text, and most paragraphs are long.
  if (words <= 12 && !endsLikeSentence && isAllCaps(t) && mostlyLetters(t)) {
    return { title: t.replace(/[.:]$/, ''), level: 1, kind: 'caps', runIn: false };
  }
  // A short bold line that is not a sentence ("Related Work", "Evaluation").
  if (bold && words <= 12 && !/[,;]$/.test(t) && !(/[.!?]$/.test(t) && words > 4) && mostlyLetters(t) && /^[\p{Lu}\d]/u.test(t)) {
    return { title: t.replace(/[.:]$/, ''), level: 1, kind: 'bold', runIn: false };
  }
  return detectRunIn(t);
}

/**
 * "2 Related work": papers number headings in sentence case. Taken as a heading when
 * it stands out by weight or size, or when its number has no trailing dot or bracket
 * (list items have one) and it is short and unpunctuated.
 */
function isSentenceCaseTitle(m: RegExpExecArray, fontSize: number, bodySize: number, bold: boolean): boolean {
  const title = m[3]!;
  if (!/^\p{Lu}/u.test(title) || /[.,;:!?]$/.test(title) || !mostlyLetters(title)) return false;
  const standsOut = bold || (bodySize > 0 && fontSize >= bodySize * 1.1);
  return standsOut || (m[2] === undefined && wordCount(title) <= 6);
}

function detectRunIn(t: string): Heading | null {
  const m = RUN_IN.exec(t);
  if (!m) return null;
  const number = m[1]!.replace(/^section\s+/i, '').replace(/\.$/, '');
  const title = m[2]!;
  if (!looksLikeTitle(title) || wordCount(title) > 9) return null;
  return { title: `${m[1]!.replace(/\.$/, '')}. ${title}`.replace(/\.\./g, '.'), level: number.split('.').length, kind: 'numbered', runIn: true };
}
