import { assessTextLayer } from './assessTextLayer.js';
import type { ComposedPage } from '../model/documentModel.js';
import type { LayoutPage } from './pageModel.js';

/**
 * Judges every composed page's text layer (with the extractor's counts from the layout page of
 * the same number, where there is one) and records it in `textLayer`. Returns the numbers of the
 * pages that need OCR, so their paragraphs can be kept out of passages: junk text would only
 * pollute search.
 */
export function applyTextLayerQuality(pages: ComposedPage[], layout: readonly LayoutPage[]): Set<number> {
  const stats = new Map(layout.map((p) => [p.number, p.textStats]));
  const needOcr = new Set<number>();
  for (const page of pages) {
    page.textLayer = assessTextLayer(page.text, stats.get(page.number));
    if (page.textLayer !== 'ok') needOcr.add(page.number);
  }
  return needOcr;
}

/** A document needs OCR as a whole when nothing of it became a passage, or when every page's text layer is unusable. */
export function documentNeedsOcr(pages: readonly ComposedPage[], passageCount: number): boolean {
  return passageCount === 0 || (pages.length > 0 && pages.every((p) => (p.textLayer ?? 'ok') !== 'ok'));
}
