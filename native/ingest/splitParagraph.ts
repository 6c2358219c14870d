import { sentenceSpans } from '../text/sentenceSpans.js';
import { wordCount, wordCountIn } from './detectHeading.js';
import type { Paragraph } from '../model/documentModel.js';

/** A piece of one paragraph that a passage is assembled from; offsets are page text offsets. */
export interface ParagraphUnit {
  page: number;
  charStart: number;
  charEnd: number;
  words: number;
  /** The paragraph's first unit. */
  opensParagraph: boolean;
}

/**
 * The paragraph whole when it has at most `maxWords` words; otherwise its sentences,
 * and sentences longer than that cut at word boundaries (at a clause end where one is
 * near). The units cover every non-space character of the paragraph once, in order:
 * nothing between them but whitespace.
 */
export function splitParagraph(p: Paragraph, maxWords: number): ParagraphUnit[] {
  const total = wordCount(p.text);
  if (total <= maxWords) return [{ page: p.page, charStart: p.charStart, charEnd: p.charEnd, words: total, opensParagraph: true }];
  const units: ParagraphUnit[] = [];
  const add = (start: number, end: number, words: number) =>
    units.push({ page: p.page, charStart: p.charStart + start, charEnd: p.charStart + end, words, opensParagraph: units.length === 0 });
  for (const [start, end] of sentenceSpans(p.text)) {
    const words = wordCountIn(p.text, start, end);
    if (words <= maxWords) add(start, end, words);
    else for (const [from, to, n] of cutSentence(p.text, start, end, maxWords)) add(from, to, n);
  }
  return units;
}

/**
 * A run-on sentence (common in contracts) in pieces of at most 80% of `maxWords`, so
 * that a piece leaves room in a passage; each piece ends at a ; or : (else a comma) in
 * its second half when there is one, else at the size.
 */
function cutSentence(text: string, start: number, end: number, maxWords: number): Array<[number, number, number]> {
  const words = [...text.slice(start, end).matchAll(/\S+/g)].map((m) => [start + m.index, start + m.index + m[0].length] as const);
  const cut = Math.max(1, Math.floor(maxWords * 0.8));
  const size = Math.ceil(words.length / Math.ceil(words.length / cut));
  const pieces: Array<[number, number, number]> = [];
  for (let w = 0; w < words.length;) {
    let last = Math.min(words.length, w + size) - 1;
    if (last < words.length - 1) last = clauseEnd(text, words, w + Math.ceil(size / 2), last) ?? last;
    pieces.push([words[w]![0], words[last]![1], last - w + 1]);
    w = last + 1;
  }
  return pieces;
}

/** The last word in [from, to] that ends a clause, by preference a ; or :, then a comma. */
function clauseEnd(text: string, words: ReadonlyArray<readonly [number, number]>, from: number, to: number): number | null {
  for (const marks of [/[;:]["”’)]*$/, /,["”’)]*$/]) {
    for (let k = to; k >= from; k--) if (marks.test(text.slice(words[k]![0], words[k]![1]))) return k;
  }
  return null;
}
