/**
 * Passage ranges and page ranges, one into the other: a passage's text is its spans' page texts
 * joined by single spaces. Shared by the engine (citations) and the reader (selections).
 */
import type { PageSpan, Passage } from './types.js';

/** The page ranges of the passage range [start, end): passage text joins its spans' page texts with one space each, character for character. */
export function passageRangeToPages(passage: Pick<Passage, 'spans'>, start: number, end: number): PageSpan[] {
  const out: PageSpan[] = [];
  let offset = 0;
  for (const span of passage.spans) {
    const length = span.charEnd - span.charStart;
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + length);
    if (to > from) out.push({ page: span.page, charStart: span.charStart + (from - offset), charEnd: span.charStart + (to - offset) });
    offset += length + 1;
  }
  return out;
}

/** The inverse: the ranges of a passage's text that a page range covers (one per passage span it meets). */
export function spanToPassageRanges(passage: Pick<Passage, 'spans'>, span: PageSpan): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let offset = 0;
  for (const s of passage.spans) {
    const length = s.charEnd - s.charStart;
    if (s.page === span.page) {
      const from = Math.max(s.charStart, span.charStart);
      const to = Math.min(s.charEnd, span.charEnd);
      if (to > from) out.push([offset + from - s.charStart, offset + to - s.charStart]);
    }
    offset += length + 1;
  }
  return out;
}
