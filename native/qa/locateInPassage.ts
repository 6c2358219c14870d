import type { Passage, QuoteLocation, Rect } from '../api/types.js';
import { passageRangeToPages, rectsForRange } from './locateQuote.js';
import type { GeometryLookup } from './verifyCitations.js';

/**
 * Where `quote` lies in a passage, as page ranges and rectangles to highlight: for citations read
 * back from a stored conversation (stored without rectangles) and for search hits opened in the
 * reader. A quote not found verbatim (the passage was read again since) or an empty one stands for
 * the whole passage, so the reader still marks where the answer came from.
 */
export function locateInPassage(passage: Passage, quote: string, geometry: GeometryLookup): QuoteLocation {
  const at = quote ? passage.text.indexOf(quote) : -1;
  const [start, end] = at >= 0 ? [at, at + quote.length] : [0, passage.text.length];
  const spans = passageRangeToPages(passage, start, end);
  const rects: Array<Rect & { page: number }> = [];
  for (const span of spans) {
    const g = geometry(passage.documentId, span.page);
    if (g) for (const r of rectsForRange(g.geometry, span.charStart, span.charEnd, g.text)) rects.push({ ...r, page: span.page });
  }
  const first = spans[0];
  return {
    page: first?.page ?? passage.page,
    quote: passage.text.slice(start, end),
    charStart: first?.charStart ?? null,
    charEnd: first?.charEnd ?? null,
    spans,
    rects,
    whole: at < 0,
  };
}
