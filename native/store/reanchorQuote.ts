import type { PageSpan } from '../api/types.js';
import { loose } from './findQuote.js';

/** Pages either side of the old one where a quote is looked for after a re-read. */
const NEIGHBOURS = 2;

/**
 * Finds an annotation's quote again in a document read anew: on the page it was on, the
 * occurrence nearest its old range; then on the pages around it, nearest first. Verbatim
 * first, then loosely (case, spacing, line-end hyphens, compatibility forms: what a better
 * extraction changes). A quote over several pages is looked for in those pages' texts joined
 * by a space, as passages join them. Null when it is nowhere near: the annotation is orphaned.
 */
export function reanchorQuote(pageText: (page: number) => string | null, anchor: { page: number; spans: readonly PageSpan[]; quote: string }): PageSpan[] | null {
  if (anchor.quote.trim() === '') return null;
  const pagesSpanned = anchor.spans.length === 0 ? 1 : new Set(anchor.spans.map((s) => s.page)).size;
  const oldStart = anchor.spans[0]?.charStart ?? 0;
  const starts = [anchor.page];
  for (let d = 1; d <= NEIGHBOURS; d++) starts.push(anchor.page - d, anchor.page + d);
  for (const exact of [true, false]) {
    for (const first of starts) {
      if (first < 1) continue;
      const joined = joinPages(pageText, first, pagesSpanned);
      if (!joined) continue;
      const found = exact ? nearestExact(joined.text, anchor.quote, first === anchor.page ? oldStart : 0) : looseMatch(joined.text, anchor.quote);
      if (found) return toSpans(joined.pages, found.start, found.end);
    }
  }
  return null;
}

interface JoinedPages {
  text: string;
  pages: Array<{ page: number; offset: number; length: number }>;
}

function joinPages(pageText: (page: number) => string | null, first: number, count: number): JoinedPages | null {
  const pages: JoinedPages['pages'] = [];
  let text = '';
  for (let page = first; page < first + count; page++) {
    const t = pageText(page);
    if (t === null) break;
    if (pages.length > 0) text += ' ';
    pages.push({ page, offset: text.length, length: t.length });
    text += t;
  }
  return pages.length > 0 ? { text, pages } : null;
}

function nearestExact(text: string, quote: string, near: number): { start: number; end: number } | null {
  let best = -1;
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    if (best < 0 || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best < 0 ? null : { start: best, end: best + quote.length };
}

function looseMatch(text: string, quote: string): { start: number; end: number } | null {
  const wanted = loose(quote).text;
  if (wanted === '') return null;
  const hay = loose(text);
  const at = hay.text.indexOf(wanted);
  return at < 0 ? null : { start: hay.origin[at]!, end: hay.origin[at + wanted.length - 1]! + 1 };
}

/** A range of the joined text as ranges of each page's text (the joining spaces belong to none). */
function toSpans(pages: JoinedPages['pages'], start: number, end: number): PageSpan[] {
  const spans: PageSpan[] = [];
  for (const p of pages) {
    const from = Math.max(start, p.offset);
    const to = Math.min(end, p.offset + p.length);
    if (to > from) spans.push({ page: p.page, charStart: from - p.offset, charEnd: to - p.offset });
  }
  return spans;
}
