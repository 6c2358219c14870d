import type { Citation, PageSpan, Rect } from '../api/types.js';
import { alignClaim } from './alignClaim.js';
import { passageRangeToPages } from '../api/passageRanges.js';
import { rectsForRange } from './locateQuote.js';
import { sentenceSpans } from '../text/sentenceSpans.js';
import type { ContextPassage } from './structuredContext.js';

/** A page's packed text geometry and its text, or null when it has none (text documents). */
export type GeometryLookup = (documentId: string, page: number) => { geometry: Float32Array; text: string } | null;

const MARKER = /\[(P\d+)\]/g;

/**
 * Resolves every `[Pn]` marker of an answer: the passage must be in scope, and the
 * claim the marker closes (its sentence, markers removed) is aligned to the
 * passage's best-supporting sentence, which becomes the quote with its exact page
 * ranges and rectangles. A marker outside the scope or without support is kept and
 * marked unsupported, never shown as a citation it is not.
 */
export function verifyCitations(answer: string, tags: ReadonlyMap<string, ContextPassage>, geometry: GeometryLookup): Citation[] {
  const citations: Citation[] = [];
  for (const [s, e] of sentenceSpans(answer)) {
    const sentence = answer.slice(s, e);
    const markers = [...sentence.matchAll(MARKER)].map((m) => m[1]!);
    if (markers.length === 0) continue;
    const claim = sentence.replace(MARKER, ' ').replace(/\s+/g, ' ').trim();
    for (const marker of new Set(markers)) citations.push(cite(marker, claim, tags.get(marker), geometry));
  }
  return citations;
}

/** A citation of a whole passage's best sentence for a question (extractive answers). */
export function citeSentence(marker: string, passage: ContextPassage, charStart: number, charEnd: number, geometry: GeometryLookup): Citation {
  return located(marker, passage, charStart, charEnd, true, geometry);
}

function cite(marker: string, claim: string, passage: ContextPassage | undefined, geometry: GeometryLookup): Citation {
  if (!passage) {
    return { marker, passageId: null, documentId: null, page: null, quote: '', charStart: null, charEnd: null, supported: false, spans: [], rects: [] };
  }
  const alignment = alignClaim(claim, passage.text);
  if (alignment.charEnd <= alignment.charStart) {
    return { marker, passageId: passage.id, documentId: passage.documentId, page: passage.page, quote: '', charStart: null, charEnd: null, supported: false, spans: [], rects: [] };
  }
  return located(marker, passage, alignment.charStart, alignment.charEnd, alignment.supported, geometry);
}

function located(marker: string, passage: ContextPassage, start: number, end: number, supported: boolean, geometry: GeometryLookup): Citation {
  const { page, quote, charStart, charEnd, spans, rects } = locateRange(passage, start, end, geometry);
  return { marker, passageId: passage.id, documentId: passage.documentId, page, quote, charStart, charEnd, supported, spans, rects };
}

/** A range of a passage's text as the reader shows it: its quote, the page ranges it covers, and the rectangles to highlight. */
export function locateRange(
  passage: Pick<ContextPassage, 'documentId' | 'page' | 'text' | 'spans'>,
  start: number,
  end: number,
  geometry: GeometryLookup,
): { page: number; quote: string; charStart: number | null; charEnd: number | null; spans: PageSpan[]; rects: Array<Rect & { page: number }> } {
  const spans = passageRangeToPages(passage, start, end);
  const rects: Array<Rect & { page: number }> = [];
  for (const span of spans) {
    const g = geometry(passage.documentId, span.page);
    if (g) for (const r of rectsForRange(g.geometry, span.charStart, span.charEnd, g.text)) rects.push({ ...r, page: span.page });
  }
  const first = spans[0];
  return { page: first?.page ?? passage.page, quote: passage.text.slice(start, end), charStart: first?.charStart ?? null, charEnd: first?.charEnd ?? null, spans, rects };
}
