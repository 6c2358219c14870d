/**
 * Turns text selected in the reader into an annotation's anchor: page character ranges in the
 * engine's page texts (`pages.text`) and the quote they hold. A text document's passages and a
 * reflowable chapter show the stored text itself, so their offsets are exact; pdf.js's text layer
 * is built from getTextContent items, whose text differs from the engine's (spacing, ligatures,
 * hyphens, running heads), so there the selected words are looked for in the page's passages,
 * nearest the place on the page where the selection starts.
 */
import { passageRangeToPages } from '../../native/api/passageRanges.js';
import type { PageSpan, Passage } from '../../native/api/types.js';

export interface SelectionAnchor {
  page: number;
  spans: PageSpan[];
  quote: string;
}

/** The anchor of a passage range, for views that show passages verbatim; null for an empty range. */
export function anchorInPassage(passage: Pick<Passage, 'spans' | 'text' | 'page'>, start: number, end: number): SelectionAnchor | null {
  const [from, to] = trimRange(passage.text, Math.max(0, start), Math.min(passage.text.length, end));
  if (to <= from) return null;
  const spans = passageRangeToPages(passage, from, to);
  if (spans.length === 0) return null;
  return { page: spans[0]!.page, spans, quote: passage.text.slice(from, to) };
}

/** The anchor of a chapter range (a reflowable document's chapter is its page); null for an empty range. */
export function anchorInChapter(chapterText: string, chapter: number, start: number, end: number): SelectionAnchor | null {
  const [from, to] = trimRange(chapterText, Math.max(0, start), Math.min(chapterText.length, end));
  if (to <= from) return null;
  return { page: chapter, spans: [{ page: chapter, charStart: from, charEnd: to }], quote: chapterText.slice(from, to) };
}

/** Leaves out white space at either end: a double-click selects the space after a word too. */
function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

/** A character of the page texts as the passages hold it: its page and offset there, or none for a joining space. */
interface Origin {
  page: number;
  offset: number;
}

/** Folded text for comparing: no white space, no soft hyphens, ligatures and compatibility forms split, one kind of quote, lower case. */
function fold(text: string, origins?: Array<Origin | null>): { folded: string; at: number[] } {
  let folded = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch) || ch === '\u00ad') continue;
    if (origins && !origins[i]) continue;
    const norm = ch
      .normalize('NFKC')
      .replace(/[‘’‚‛′]/g, "'")
      .replace(/[“”„‟″]/g, '"')
      .replace(/[‐‑‒–—]/g, '-')
      .toLowerCase();
    for (const c of norm) {
      if (/\s/.test(c)) continue;
      folded += c;
      at.push(i);
    }
  }
  return { folded, at };
}

/**
 * Where `selected` (text copied from pdf.js's text layer or the OCR layer) lies in the engine's
 * texts of `page` and the page after it (a selection may run over a page break), as the
 * passages hold them. `hint` is the selection's start as a share (0–1) of the page's text, to
 * choose between repeats of the same words. A selection whose words are not all there (a running
 * head between two paragraphs) is taken from its longest beginning to its longest end that are.
 * Null when nothing of it is found.
 */
export function locateInPassages(passages: ReadonlyArray<Pick<Passage, 'spans' | 'text'>>, page: number, selected: string, hint = 0): SelectionAnchor | null {
  // The page texts as far as passages cover them, in page order, joined by a newline that belongs to no page.
  const pieces: Array<{ page: number; charStart: number; text: string }> = [];
  for (const p of passages) {
    let offset = 0;
    for (const s of p.spans) {
      const length = s.charEnd - s.charStart;
      if (s.page === page || s.page === page + 1) pieces.push({ page: s.page, charStart: s.charStart, text: p.text.slice(offset, offset + length) });
      offset += length + 1;
    }
  }
  pieces.sort((a, b) => a.page - b.page || a.charStart - b.charStart);
  let text = '';
  const origins: Array<Origin | null> = [];
  for (const piece of pieces) {
    text += piece.text + '\n';
    for (let i = 0; i < piece.text.length; i++) origins.push({ page: piece.page, offset: piece.charStart + i });
    origins.push(null);
  }
  const hay = fold(text, origins);
  const pageLength = Math.max(1, ...pieces.filter((q) => q.page === page).map((q) => q.charStart + q.text.length));
  const target = Math.max(0, Math.min(1, hint)) * pageLength;
  // How far a match in the folded text lies from where the selection began on the page.
  const distance = (i: number) => {
    const o = origins[hay.at[i]!]!;
    return o.page === page ? Math.abs(o.offset - target) : pageLength + o.offset;
  };
  const nearest = (needle: string, from = 0): number => {
    let best = -1;
    for (let i = hay.folded.indexOf(needle, from); i >= 0; i = hay.folded.indexOf(needle, i + 1)) if (best < 0 || distance(i) < distance(best)) best = i;
    return best;
  };

  const tries = [selected, selected.replace(/[-‐­]\s+/g, '')];
  for (const attempt of tries) {
    const needle = fold(attempt).folded;
    if (!needle) return null;
    const at = nearest(needle);
    if (at >= 0) return anchorOf(text, origins, hay.at[at]!, hay.at[at + needle.length - 1]! + 1);
  }

  // Some words are not in the passages: keep the longest beginning and end that are, if they frame a range not much longer than the selection.
  const needle = fold(tries[1]!).folded;
  const longest = (fits: (n: number) => boolean) => {
    let [lo, hi] = [0, needle.length];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const enough = Math.min(8, needle.length);
  const head = longest((n) => hay.folded.includes(needle.slice(0, n)));
  if (head < enough) return null;
  const start = nearest(needle.slice(0, head));
  const tail = longest((n) => hay.folded.indexOf(needle.slice(needle.length - n), start + head) >= 0);
  const end = tail >= enough ? hay.folded.indexOf(needle.slice(needle.length - tail), start + head) : -1;
  if (end < 0 || end + tail - start > needle.length * 2 + 50) return anchorOf(text, origins, hay.at[start]!, hay.at[start + head - 1]! + 1);
  return anchorOf(text, origins, hay.at[start]!, hay.at[end + tail - 1]! + 1);
}

/** The anchor of [from, to) of the joined text: one span per page, the quote with the joins as spaces. */
function anchorOf(text: string, origins: Array<Origin | null>, from: number, to: number): SelectionAnchor | null {
  const byPage = new Map<number, PageSpan>();
  for (let i = from; i < to; i++) {
    const o = origins[i];
    if (!o) continue;
    const span = byPage.get(o.page);
    if (!span) byPage.set(o.page, { page: o.page, charStart: o.offset, charEnd: o.offset + 1 });
    else {
      span.charStart = Math.min(span.charStart, o.offset);
      span.charEnd = Math.max(span.charEnd, o.offset + 1);
    }
  }
  const spans = [...byPage.values()].sort((a, b) => a.page - b.page);
  if (spans.length === 0) return null;
  return { page: spans[0]!.page, spans, quote: text.slice(from, to).replace(/\n/g, ' ') };
}
