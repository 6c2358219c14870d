/**
 * Draws a PDF page's annotations on its page view: highlights as tinted boxes, underlines as a
 * line under each box, a note mark beside a note, a ribbon for a bookmark. Boxes are placed in
 * percent of the page (as citations are, drawHighlight.ts), so zooming needs no redraw. Only
 * pages pdf.js has rendered are drawn: a page drawn later gets its marks on 'pagerendered', so a
 * document with thousands of annotations costs a page turn only the marks of the pages in view.
 */
import type { Annotation } from '../../native/api/annotationTypes.js';

interface PageViewLike {
  div: HTMLDivElement;
  renderingState?: number;
  viewport: { width: number; height: number; viewBox: number[]; convertToViewportRectangle(rect: number[]): number[] };
}

interface ViewerLike {
  pagesCount: number;
  getPageView(index: number): unknown;
}

const LAYER_CLASS = 'annotation-layer';
/** pdf.js's RenderingStates.FINISHED. */
const FINISHED = 3;

/** Annotations by the pages they are drawn on (a highlight over a page break is on both). */
export function annotationsByPage(annotations: readonly Annotation[]): Map<number, Annotation[]> {
  const byPage = new Map<number, Annotation[]>();
  const add = (page: number, a: Annotation) => {
    const list = byPage.get(page);
    if (!list) byPage.set(page, [a]);
    else if (list.at(-1) !== a) list.push(a);
  };
  for (const a of annotations) {
    if (a.orphaned) continue;
    if (a.rects.length === 0) add(a.anchor.page, a);
    for (const r of a.rects) add(r.page, a);
  }
  return byPage;
}

/**
 * Redraws the marks of `onlyPage`, or of every page pdf.js has rendered (and clears them from the
 * others'). `onOpen` is called when a note or bookmark mark is clicked.
 */
export function drawAnnotations(viewer: ViewerLike, byPage: ReadonlyMap<number, Annotation[]>, onOpen: (annotation: Annotation) => void, onlyPage?: number): void {
  const pages = onlyPage ? [onlyPage] : Array.from({ length: viewer.pagesCount }, (_, i) => i + 1);
  for (const pageNumber of pages) {
    const view = viewer.getPageView(pageNumber - 1) as PageViewLike | undefined;
    if (!view?.div) continue;
    const old = view.div.querySelector(`:scope > .${LAYER_CLASS}`);
    const annotations = byPage.get(pageNumber);
    if (!onlyPage && !old && view.renderingState !== FINISHED) continue;
    old?.remove();
    if (!annotations || annotations.length === 0) continue;
    view.div.append(pageLayer(view, pageNumber, annotations, onOpen));
  }
}

function pageLayer(view: PageViewLike, pageNumber: number, annotations: readonly Annotation[], onOpen: (annotation: Annotation) => void): HTMLDivElement {
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  const { width, height, viewBox } = view.viewport;
  // Stored rectangles start at the visible box's corner; the viewport wants user space, where a CropBox may start elsewhere.
  const [dx, dy] = [viewBox[0] ?? 0, viewBox[1] ?? 0];
  let bookmarked = false;
  for (const a of annotations) {
    if (a.kind === 'bookmark') {
      bookmarked = true;
      continue;
    }
    let last: { left: number; top: number; width: number } | null = null;
    for (const r of a.rects) {
      if (r.page !== pageNumber) continue;
      const [x1, y1, x2, y2] = view.viewport.convertToViewportRectangle([r.x + dx, r.y + dy, r.x + dx + r.width, r.y + dy + r.height]) as [number, number, number, number];
      const box = { left: (Math.min(x1, x2) / width) * 100, top: (Math.min(y1, y2) / height) * 100, width: (Math.abs(x2 - x1) / width) * 100 };
      const mark = document.createElement('div');
      mark.className = `annotation-mark annotation-${a.kind} annotation-color-${a.color ?? 'none'}`;
      mark.dataset.annotationId = a.id;
      Object.assign(mark.style, { left: `${box.left}%`, top: `${box.top}%`, width: `${box.width}%`, height: `${(Math.abs(y2 - y1) / height) * 100}%` });
      layer.append(mark);
      last = box;
    }
    if (a.note || a.kind === 'note' || a.kind === 'answer') {
      const icon = document.createElement('button');
      icon.type = 'button';
      icon.className = 'annotation-note-icon';
      icon.textContent = '✎';
      icon.title = a.note || (a.answer ? a.answer.question : 'Note');
      icon.setAttribute('aria-label', `Note on page ${pageNumber}: ${icon.title.slice(0, 80)}`);
      icon.dataset.annotationId = a.id;
      // Beside the end of the marked text, or at the page's top corner for a note on the page.
      Object.assign(icon.style, last ? { left: `${Math.min(97, last.left + last.width)}%`, top: `${last.top}%` } : { right: '2%', top: '1%' });
      icon.addEventListener('click', () => onOpen(a));
      layer.append(icon);
    }
  }
  if (bookmarked) {
    const ribbon = document.createElement('span');
    ribbon.className = 'annotation-bookmark';
    ribbon.title = `Page ${pageNumber} is bookmarked`;
    ribbon.setAttribute('role', 'img');
    ribbon.setAttribute('aria-label', `Bookmarked page ${pageNumber}`);
    layer.append(ribbon);
  }
  return layer;
}
