/** Checks that tie passages back to the page text and geometry they came from. */
import assert from 'node:assert/strict';
import type { DocumentDetail, Passage, Rect, SectionNode } from '../../native/api/types.js';
import type { DocumentRepository, StoredPage } from '../../native/store/DocumentRepository.js';

export const MAX_PASSAGE_WORDS = 250;
export const MIN_PASSAGE_WORDS = 80;

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** A passage's text rebuilt from its spans: page text slices, newlines as spaces, joined by spaces. */
export function textFromSpans(repo: DocumentRepository, passage: Passage): string {
  return passage.spans
    .map((s) => {
      const page = repo.page(passage.documentId, s.page);
      assert.ok(page, `page ${s.page} of ${passage.documentId} exists`);
      assert.ok(s.charStart >= 0 && s.charStart < s.charEnd && s.charEnd <= page.text.length, `span ${s.charStart}-${s.charEnd} lies inside page ${s.page}`);
      return page.text.slice(s.charStart, s.charEnd).replace(/\n/g, ' ');
    })
    .join(' ');
}

/** Invariants every passage of every document must satisfy. */
export function assertPassagesWellFormed(repo: DocumentRepository, passages: Passage[], detail: DocumentDetail): void {
  const sectionIds = new Set(flattenSections(detail.sections).map((s) => s.node.id));
  passages.forEach((p, i) => {
    assert.equal(p.order, i, 'passages come in reading order');
    assert.ok(p.wordCount <= MAX_PASSAGE_WORDS, `passage ${p.id} has ${p.wordCount} words, over ${MAX_PASSAGE_WORDS}`);
    assert.equal(countWords(p.text), p.wordCount, `passage ${p.id}'s word count matches its text`);
    assert.ok(p.spans.length > 0, `passage ${p.id} has spans`);
    assert.equal(p.spans[0]!.page, p.page, 'the first span is on the first page');
    assert.equal(p.spans.at(-1)!.page, p.pageEnd, 'the last span is on the last page');
    assert.equal(textFromSpans(repo, p), p.text, `passage ${p.id}'s spans rebuild its text`);
    if (p.sectionId !== null) assert.ok(sectionIds.has(p.sectionId), `passage ${p.id}'s section belongs to its document`);
  });
}

export interface FlatSection {
  node: SectionNode;
  parent: SectionNode | null;
}

export function flattenSections(nodes: SectionNode[], parent: SectionNode | null = null): FlatSection[] {
  return nodes.flatMap((node) => [{ node, parent }, ...flattenSections(node.children, node)]);
}

/** True when `inner` is `outer` or lies anywhere below it in the tree. */
export function isWithin(inner: SectionNode, outer: SectionNode): boolean {
  return inner === outer || outer.children.some((c) => isWithin(inner, c));
}

/** Rectangles of the text runs that overlap characters [start, end) of the page text. */
export function rectsForRange(page: StoredPage, start: number, end: number): Rect[] {
  const g = page.geometry;
  assert.ok(g, `page ${page.number} has geometry`);
  const rects: Rect[] = [];
  for (let i = 0; i + 5 < g.length; i += 6) {
    if (g[i]! < end && g[i + 1]! > start) rects.push({ x: g[i + 2]!, y: g[i + 3]!, width: g[i + 4]!, height: g[i + 5]! });
  }
  return rects;
}

export function assertInsidePage(rect: Rect, page: StoredPage, tolerance = 2): void {
  assert.ok(rect.width > 0 && rect.height > 0, `rect ${JSON.stringify(rect)} has an area`);
  assert.ok(rect.x >= -tolerance && rect.y >= -tolerance, `rect ${JSON.stringify(rect)} starts inside page ${page.number}`);
  assert.ok(
    rect.x + rect.width <= page.width + tolerance && rect.y + rect.height <= page.height + tolerance,
    `rect ${JSON.stringify(rect)} ends inside page ${page.number} (${page.width}×${page.height})`,
  );
}
