/**
 * The anchor (page character ranges and quote) of the text selected in the reader, whichever view
 * shows the document: a text document's passages, a reflowable chapter, or a PDF page's text
 * layer (pdf.js's or the OCR layer). Null for an empty selection or one outside the document.
 */
import type { Passage } from '../../native/api/types.js';
import { anchorInChapter, anchorInPassage, locateInPassages, type SelectionAnchor } from './locateSelection.js';
import { chapterText } from './markCharRange.js';

/** The reader's document area, where a selection can be annotated. */
export const DOCUMENT_AREA = '.pdf-container, .text-document, .reflow-text';

/** The selection inside the document area, or null. */
export function documentRange(selection: Selection | null): Range | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.toString().trim()) return null;
  const area = elementOf(range.startContainer)?.closest(DOCUMENT_AREA);
  return area && area.contains(range.endContainer) ? range : null;
}

export async function anchorFromSelection(range: Range, passagesFor: () => Promise<Passage[]>, textPassages: readonly Passage[] | null): Promise<SelectionAnchor | null> {
  const start = elementOf(range.startContainer);
  if (!start) return null;
  const text = start.closest<HTMLElement>('.text-document');
  if (text) return textDocumentAnchor(text, range, textPassages ?? []);
  const chapter = start.closest<HTMLElement>('.reflow-text');
  if (chapter) return chapterAnchor(chapter, range);
  const page = start.closest<HTMLElement>('.page[data-page-number]') ?? firstPageIn(range);
  if (!page) return null;
  return locateInPassages(await passagesFor(), Number(page.dataset.pageNumber), range.toString(), hintOnPage(page, range));
}

function elementOf(node: Node): Element | null {
  return node instanceof Element ? node : node.parentElement;
}

/** Characters of `root`'s text before the boundary (node, offset). */
function offsetIn(root: Node, node: Node, offset: number): number {
  const before = root.ownerDocument!.createRange();
  before.selectNodeContents(root);
  before.setEnd(node, offset);
  return before.toString().length;
}

/** A selection that begins between pages (on the gap) starts on the first page it reaches. */
function firstPageIn(range: Range): HTMLElement | null {
  const root = elementOf(range.commonAncestorContainer);
  for (const page of root?.querySelectorAll<HTMLElement>('.page[data-page-number]') ?? []) if (range.intersectsNode(page)) return page;
  return null;
}

/** Where on the page the selection starts, as a share of the text layer's text: which of repeated words was meant. */
function hintOnPage(page: HTMLElement, range: Range): number {
  // pdf.js's text layer, or the OCR layer over a scan (pdf.js keeps an empty text layer there too).
  const layer = elementOf(range.startContainer)?.closest('.textLayer, .ocr-text-layer');
  if (!layer || !page.contains(layer)) return 0;
  const total = layer.textContent?.length ?? 0;
  return total > 0 ? offsetIn(layer, range.startContainer, range.startOffset) / total : 0;
}

/** Text documents show each passage's text verbatim in a `[data-passage-id]` element. */
function textDocumentAnchor(root: HTMLElement, range: Range, passages: readonly Passage[]): SelectionAnchor | null {
  const byId = new Map(passages.map((p) => [String(p.id), p]));
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-passage-id]')].filter((b) => range.intersectsNode(b));
  const anchors: SelectionAnchor[] = [];
  for (const block of blocks) {
    const passage = byId.get(block.dataset.passageId ?? '');
    if (!passage) continue;
    const from = block.contains(range.startContainer) ? offsetIn(block, range.startContainer, range.startOffset) : 0;
    const to = block.contains(range.endContainer) ? offsetIn(block, range.endContainer, range.endOffset) : passage.text.length;
    const anchor = anchorInPassage(passage, from, to);
    if (anchor) anchors.push(anchor);
  }
  return joinAnchors(anchors);
}

/** Reflowable chapters: each block holds its range of the chapter text as data-char-start / data-char-end. */
function chapterAnchor(root: HTMLElement, range: Range): SelectionAnchor | null {
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-char-start]')].filter((b) => range.intersectsNode(b));
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last) return null;
  const start = Number(first.dataset.charStart) + (first.contains(range.startContainer) ? offsetIn(first, range.startContainer, range.startOffset) : 0);
  const end = last.contains(range.endContainer) ? Number(last.dataset.charStart) + offsetIn(last, range.endContainer, range.endOffset) : Number(last.dataset.charEnd);
  const chapter = Number(root.closest<HTMLElement>('[data-chapter]')?.dataset.chapter ?? root.dataset.chapter ?? 1);
  return anchorInChapter(chapterText(root), chapter, start, end);
}

/** One anchor over several passages: a span per page from the first character to the last. */
function joinAnchors(anchors: SelectionAnchor[]): SelectionAnchor | null {
  if (anchors.length <= 1) return anchors[0] ?? null;
  const byPage = new Map<number, { page: number; charStart: number; charEnd: number }>();
  for (const span of anchors.flatMap((a) => a.spans)) {
    const seen = byPage.get(span.page);
    if (!seen) byPage.set(span.page, { ...span });
    else [seen.charStart, seen.charEnd] = [Math.min(seen.charStart, span.charStart), Math.max(seen.charEnd, span.charEnd)];
  }
  const spans = [...byPage.values()].sort((a, b) => a.page - b.page);
  return { page: spans[0]!.page, spans, quote: anchors.map((a) => a.quote).join('\n') };
}
