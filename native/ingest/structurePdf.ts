import { applyTextLayerQuality } from './applyTextLayerQuality.js';
import { buildStructure, type PassageLimits } from './buildStructure.js';
import { chooseTitle } from './chooseTitle.js';
import { checkFidelity, recordFidelity } from './checkFidelity.js';
import { composePdfPages } from './composePdfPages.js';
import type { Paragraph, StructuredDocument } from '../model/documentModel.js';
import type { LayoutPage, OutlineEntry } from './pageModel.js';

/**
 * Pages, sections and passages of a PDF from its laid-out pages. `qualityChecks` (default
 * true) judges each page's text layer and measures fidelity; off only to measure their cost.
 */
export function structurePdf(
  layout: LayoutPage[],
  outline: OutlineEntry[],
  metadataTitle: string | null,
  file: string,
  limits?: PassageLimits,
  qualityChecks = true,
): StructuredDocument {
  const composed = composePdfPages(layout);
  const { pages } = composed;
  // Pages whose text layer is missing or junk wait for OCR: their text stays on the page
  // (find-in-page) but reaches no passage, section or title.
  const needOcr = qualityChecks ? applyTextLayerQuality(pages, layout) : new Set<number>();
  const paragraphs = needOcr.size > 0 ? composed.paragraphs.filter((p) => !needOcr.has(p.page)) : composed.paragraphs;
  const bodySize = bodyFontSize(paragraphs);
  const { sections, passages } = buildStructure({ paragraphs, outline, bodySize, limits });
  const structured: StructuredDocument = { title: chooseTitle(metadataTitle, paragraphs, bodySize, file, pages), pages, sections, passages };
  if (qualityChecks) recordFidelity(structured, checkFidelity(pages, paragraphs, passages));
  return structured;
}

/** The font size that most characters are set in. */
function bodyFontSize(paragraphs: Paragraph[]): number {
  const weight = new Map<number, number>();
  for (const p of paragraphs) {
    const size = Math.round(p.fontSize * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + p.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best;
}
