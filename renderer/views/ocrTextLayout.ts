import type { OcrWord } from '../../native/api/types.js';

/** What the viewer's page viewport offers: pdf.js's PageViewport, as drawHighlight uses it. */
export interface ViewportLike {
  width: number;
  height: number;
  viewBox: number[];
  convertToViewportRectangle(rect: number[]): number[];
}

/** A word's box on the drawn page, in percent of the page, so zooming keeps it in place. */
export interface PlacedWord {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where each recognised word lies on the page as drawn (turned with the page's /Rotate by the
 * viewport), from its rectangle in PDF user space relative to the visible box's corner.
 */
export function placeOcrWords(words: readonly OcrWord[], viewport: ViewportLike): PlacedWord[] {
  const [dx, dy] = [viewport.viewBox[0] ?? 0, viewport.viewBox[1] ?? 0];
  return words.map((w) => {
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([w.x + dx, w.y + dy, w.x + dx + w.width, w.y + dy + w.height]) as [number, number, number, number];
    return {
      text: w.text,
      left: (Math.min(x1, x2) / viewport.width) * 100,
      top: (Math.min(y1, y2) / viewport.height) * 100,
      width: (Math.abs(x2 - x1) / viewport.width) * 100,
      height: (Math.abs(y2 - y1) / viewport.height) * 100,
    };
  });
}

/** "OCR: low confidence on p. 3" or "… on pp. 3, 7": the reader's note on pages whose recognised text may be wrong; null when none. */
export function lowConfidenceLabel(pages: readonly number[]): string | null {
  if (pages.length === 0) return null;
  const shown = pages.length > 8 ? `${pages.slice(0, 8).join(', ')} and ${pages.length - 8} more` : pages.join(', ');
  return `OCR: low confidence on ${pages.length === 1 ? 'p.' : 'pp.'} ${shown}`;
}
