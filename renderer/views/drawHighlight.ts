/**
 * Draws a citation's rectangles (PDF user space, origin at the visible box's lower-left corner)
 * on its page of the PDFViewer, in percent of the page so zooming keeps them in place without a
 * redraw. The viewport turns them with the page's /Rotate.
 */
import type { Highlight } from '../stores/readerStore.js';

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

/** Scrolls so the first highlighted line sits near the top of the view. */
export function scrollToHighlight(viewer: ViewerLike, highlight: Highlight): void {
  if (viewer.pagesCount === 0) return;
  const first = highlight.rects.find((r) => r.page === highlight.page) ?? highlight.rects[0];
  const pageNumber = first?.page ?? highlight.page;
  if (!first) {
    viewer.scrollPageIntoView({ pageNumber });
    return;
  }
  // XYZ destination: left and top in PDF user space (from the visible box's corner, as drawn); 72 points of air above the quote.
  const viewBox = (viewer.getPageView(pageNumber - 1) as PageViewLike | undefined)?.viewport.viewBox ?? [0, 0];
  const [dx, dy] = [viewBox[0] ?? 0, viewBox[1] ?? 0];
  viewer.scrollPageIntoView({ pageNumber, destArray: [null, { name: 'XYZ' }, dx, dy + first.y + first.height + 72, null] });
}
