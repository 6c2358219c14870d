/**
 * An invisible text layer over a scanned page: the words OCR read, as transparent text laid
 * exactly over the words in the image, so a person can select and copy them (and ask about the
 * selection) as on a born-digital page, whose text layer pdf.js draws itself.
 */
import type { OcrWord } from '../../native/api/types.js';
import { placeOcrWords, type ViewportLike } from './ocrTextLayout.js';

interface PageViewLike {
  div: HTMLDivElement;
  viewport: ViewportLike;
}

interface ViewerLike {
  getPageView(index: number): unknown;
}

const LAYER_CLASS = 'ocr-text-layer';

export function drawOcrTextLayer(viewer: ViewerLike, pageNumber: number, words: readonly OcrWord[]): void {
  const view = viewer.getPageView(pageNumber - 1) as PageViewLike | undefined;
  if (!view?.div) return;
  view.div.querySelector(`:scope > .${LAYER_CLASS}`)?.remove();
  if (words.length === 0) return;
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  // 'pre': the spaces between the words are kept (collapsed away, a selection would read "rentisdue").
  Object.assign(layer.style, { position: 'absolute', inset: '0', color: 'transparent', lineHeight: '1', zIndex: '2', overflow: 'hidden', whiteSpace: 'pre' });
  const spans: Array<[HTMLSpanElement, number]> = [];
  for (const word of placeOcrWords(words, view.viewport)) {
    const span = document.createElement('span');
    span.textContent = word.text;
    Object.assign(span.style, {
      position: 'absolute',
      left: `${word.left}%`,
      top: `${word.top}%`,
      fontSize: `${(word.height / 100) * view.viewport.height}px`,
      whiteSpace: 'pre',
      cursor: 'text',
      transformOrigin: '0 0',
    });
    // A space between words, so a selection copies "rent is due".
    layer.append(span, ' ');
    spans.push([span, (word.width / 100) * view.viewport.width]);
  }
  view.div.append(layer);
  // Stretched to the word's width in the image: the browser's font is not the scan's.
  for (const [span, width] of spans) {
    const natural = span.getBoundingClientRect().width;
    if (natural > 0) span.style.transform = `scaleX(${width / natural})`;
  }
}
