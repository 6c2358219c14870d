import type { Passage, QuoteLocation } from '../api/types.js';
import { locateRange, type GeometryLookup } from './verifyCitations.js';

/**
 * Where `quote` lies in a passage, as page ranges and rectangles to highlight: for citations read
 * back from a stored conversation (stored without rectangles) and for search hits opened in the
 * reader. A quote not found verbatim (the passage was read again since) or an empty one stands for
 * the whole passage, so the reader still marks where the answer came from.
 */
export function locateInPassage(passage: Passage, quote: string, geometry: GeometryLookup): QuoteLocation {
  const at = quote ? passage.text.indexOf(quote) : -1;
  const [start, end] = at >= 0 ? [at, at + quote.length] : [0, passage.text.length];
  return { ...locateRange(passage, start, end, geometry), whole: at < 0 };
}
