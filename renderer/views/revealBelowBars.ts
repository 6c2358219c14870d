/**
 * Scrolling a highlight into view where bars cover the reader's top edge: the suggestions
 * strip and toolbar sit above the scrolling pages (and may grow once suggestions arrive), and
 * anything sticky or fixed can be drawn over them. The bars are measured, never assumed.
 */

/** Elements that can cover a reader's top edge; `data-covers-reader` marks any future sticky bar. */
const BARS = '.suggestions, .toolbar, [data-covers-reader]';

/** Space kept between the lowest bar and the highlighted line, in CSS pixels. */
export const CLEARANCE_PX = 24;

/** The viewport y below which nothing covers `scroller`: its own top, or the lowest bar's bottom over it. */
export function clearTop(scroller: HTMLElement): number {
  const box = scroller.getBoundingClientRect();
  let top = box.top;
  for (const bar of scroller.ownerDocument.querySelectorAll<HTMLElement>(BARS)) {
    if (scroller.contains(bar) && getComputedStyle(bar).position === 'static') continue; // scrolls away with the content
    const r = bar.getBoundingClientRect();
    const overlapsColumn = r.left < box.right && r.right > box.left;
    const coversTop = r.bottom > top && r.top < box.top + box.height / 2;
    if (overlapsColumn && coversTop && r.height > 0) top = r.bottom;
  }
  return top;
}

/** Scrolls `scroller` (only it, never the page around it) so viewport y `targetTop` sits just below every bar. */
export function revealBelowBars(scroller: HTMLElement, targetTop: number): void {
  scroller.scrollTop += targetTop - (clearTop(scroller) + CLEARANCE_PX);
}
