import type { ReflowChapterEntry } from '../../native/api/types.js';

/**
 * How far through the book a reader is, by characters: every chapter before this one, plus
 * `offset` characters of this one, out of all. 0–100, whole numbers; 0 for an empty book.
 */
export function readingPercent(chapters: readonly ReflowChapterEntry[], chapter: number, offset: number): number {
  let total = 0;
  let read = 0;
  for (const c of chapters) {
    total += c.textLength;
    if (c.number < chapter) read += c.textLength;
    else if (c.number === chapter) read += Math.min(Math.max(0, offset), c.textLength);
  }
  return total === 0 ? 0 : Math.round((100 * read) / total);
}
