/**
 * Draws a citation's rectangles (PDF user space, origin at the visible box's lower-left corner)
 * on its page of the PDFViewer, in percent of the page so zooming keeps them in place without a
 * redraw. The viewport turns them with the page's /Rotate.
 */
import type { Highlight } from '../stores/readerStore.js';
import { revealBelowBars } from './revealBelowBars.js';

interface PageViewLike {
  div: HTMLDivElement;
  viewport: { width: number; height: number; viewBox: number[]; convertToViewportRectangle(rect: number[]): number[] };
}

interface ViewerLike {
  pagesCount: number;
  getPageView(index: number): unknown;
  scrollPageIntoView(params: { pageNumber: number; destArray?: unknown[] | null }): void;
}

const LAYER_CLASS = 'citation-highlight-layer';

export function drawHighlight(viewer: ViewerLike, documentId: string, highlight: Highlight | null, onlyPage?: number): void {
  const pages = onlyPage ? [onlyPage] : Array.from({ length: viewer.pagesCount }, (_, i) => i + 1);
  for (const pageNumber of pages) {
    const view = viewer.getPageView(pageNumber - 1) as PageViewLike | undefined;
    if (!view?.div) continue;
    view.div.querySelector(`:scope > .${LAYER_CLASS}`)?.remove();
    if (!highlight || highlight.documentId !== documentId) continue;
    const rects = highlight.rects.filter((r) => r.page === pageNumber);
    if (rects.length === 0) continue;
    const layer = document.createElement('div');
    layer.className = LAYER_CLASS;
    const { width, height, viewBox } = view.viewport;
    // Stored rectangles start at the visible box's corner; the viewport wants user space, where a CropBox may start elsewhere.
    const [dx, dy] = [viewBox[0] ?? 0, viewBox[1] ?? 0];
    for (const r of rects) {
      const [x1, y1, x2, y2] = view.viewport.convertToViewportRectangle([r.x + dx, r.y + dy, r.x + dx + r.width, r.y + dy + r.height]) as [number, number, number, number];
      const mark = document.createElement('div');
      mark.className = 'citation-highlight';
      mark.style.left = `${(Math.min(x1, x2) / width) * 100}%`;
      mark.style.top = `${(Math.min(y1, y2) / height) * 100}%`;
      mark.style.width = `${(Math.abs(x2 - x1) / width) * 100}%`;
      mark.style.height = `${(Math.abs(y2 - y1) / height) * 100}%`;
      layer.append(mark);
    }
    view.div.append(layer);
  }
}

/**
 * Scrolls `container` (the viewer's scrolling element) so the first highlighted line sits just
 * below whatever bars cover the reader's top, measured (see revealBelowBars).
 */
export function scrollToHighlight(viewer: ViewerLike, highlight: Highlight, container: HTMLElement): void {
  if (viewer.pagesCount === 0) return;
  const first = highlight.rects.find((r) => r.page === highlight.page) ?? highlight.rects[0];
  const pageNumber = Math.min(first?.page ?? highlight.page, viewer.pagesCount);
  viewer.scrollPageIntoView({ pageNumber });
  const view = viewer.getPageView(pageNumber - 1) as PageViewLike | undefined;
  if (!first || !view?.div) return;
  const [dx, dy] = [view.viewport.viewBox[0] ?? 0, view.viewport.viewBox[1] ?? 0];
  const [, y1, , y2] = view.viewport.convertToViewportRectangle([first.x + dx, first.y + dy, first.x + dx + first.width, first.y + dy + first.height]) as [
    number,
    number,
    number,
    number,
  ];
  // The page's box is laid out before it renders, so the line's place is known at once.
  const lineTop = view.div.getBoundingClientRect().top + view.div.clientTop + Math.min(y1, y2);
  revealBelowBars(container, lineTop);
}
