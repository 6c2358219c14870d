/**
 * What a citation chip says: the document's short title and the page ("Lease 2024 · p. 3"), so
 * quotes from several documents are never side by side unattributed; and the grouping of an
 * answer's citations by document, for answers drawn from more than one.
 */
import type { Citation } from '../../native/api/types.js';

/** Longest short title, in characters, before it is cut at a word. */
export const SHORT_TITLE_CHARS = 28;

/** A title short enough for a chip: cut at a word boundary with an ellipsis; file extensions dropped. */
export function shortTitle(title: string): string {
  const clean = title
    .replace(/\.(pdf|txt|md|markdown|epub|docx|html?)$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= SHORT_TITLE_CHARS) return clean;
  const cut = clean.slice(0, SHORT_TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space >= SHORT_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** The chip's text: short title and page; the marker alone when the citation names no passage in scope. */
export function citationLabel(citation: Pick<Citation, 'documentId' | 'page' | 'marker'>, titleOf: (documentId: string) => string | undefined): string {
  if (!citation.documentId) return citation.marker;
  const title = shortTitle(titleOf(citation.documentId) ?? 'Removed document');
  return citation.page === null ? title : `${title} · p. ${citation.page}`;
}

export interface DocumentGroup<C> {
  documentId: string | null;
  citations: C[];
}

/** Citations grouped by document, groups in order of their first citation (the answer's document first), citations in answer order within. */
export function groupByDocument<C extends Pick<Citation, 'documentId'>>(citations: readonly C[]): Array<DocumentGroup<C>> {
  const groups = new Map<string | null, C[]>();
  for (const c of citations) {
    const list = groups.get(c.documentId) ?? [];
    list.push(c);
    groups.set(c.documentId, list);
  }
  return [...groups].map(([documentId, list]) => ({ documentId, citations: list }));
}
