/** A passage as a quote is looked for in it: its text and where that text lies on its pages. */
export interface QuotablePassage {
  id: number;
  /** First page, for a passage without spans. */
  page: number;
  text: string;
  /** Passage text is these page ranges' texts joined by single spaces, character for character. */
  spans: ReadonlyArray<{ page: number; charStart: number; charEnd: number }>;
}

/** Where a quote was found: the passage, and the quote's first page with its range in that page's text. */
export interface QuoteLocation {
  passageId: number;
  page: number;
  /** Null when the passage has no page ranges to map the quote to. */
  charStart: number | null;
  charEnd: number | null;
}

/**
 * Finds a stored quote (a citation's) in a document's passages after they were read again:
 * verbatim first, then ignoring case, spacing, line-end hyphens and Unicode compatibility
 * forms, since a better extraction changes exactly those. Null when the text is not there.
 */
export function findQuote(passages: readonly QuotablePassage[], quote: string): QuoteLocation | null {
  if (quote.trim() === '') return null;
  for (const p of passages) {
    const at = p.text.indexOf(quote);
    if (at >= 0) return locate(p, at, at + quote.length);
  }
  const wanted = loose(quote).text;
  if (wanted === '') return null;
  for (const p of passages) {
    const hay = loose(p.text);
    const at = hay.text.indexOf(wanted);
    if (at >= 0) return locate(p, hay.origin[at]!, hay.origin[at + wanted.length - 1]! + 1);
  }
  return null;
}

/**
 * Text reduced for loose matching, with the original index of each kept character: NFKC per
 * character, lowercase, whitespace and hyphens dropped (so "infor- mation" meets "information").
 */
export function loose(text: string): { text: string; origin: number[] } {
  let out = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const ch = String.fromCodePoint(code);
    const width = ch.length;
    if (!/[\s\-\u00ad\u2010\u2011]/u.test(ch)) {
      for (const c of ch.normalize('NFKC').toLowerCase()) {
        out += c;
        for (let k = 0; k < c.length; k++) origin.push(i);
      }
    }
    i += width - 1;
  }
  return { text: out, origin };
}

/** A passage range mapped to its first page's text. */
function locate(p: QuotablePassage, start: number, end: number): QuoteLocation {
  let offset = 0;
  for (const span of p.spans) {
    const length = span.charEnd - span.charStart;
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + length);
    if (to > from) return { passageId: p.id, page: span.page, charStart: span.charStart + (from - offset), charEnd: span.charStart + (to - offset) };
    offset += length + 1;
  }
  return { passageId: p.id, page: p.page, charStart: null, charEnd: null };
}
