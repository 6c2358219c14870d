import path from 'node:path';
import { buildStructure, type PassageLimits } from './buildStructure.js';
import { composePdfPages } from './composePdfPages.js';
import type { Paragraph, StructuredDocument } from './documentModel.js';
import type { LayoutPage, OutlineEntry } from './pageModel.js';

/** Pages, sections and passages of a PDF from its laid-out pages. */
export function structurePdf(layout: LayoutPage[], outline: OutlineEntry[], metadataTitle: string | null, file: string, limits?: PassageLimits): StructuredDocument {
  const { pages, paragraphs } = composePdfPages(layout);
  const bodySize = bodyFontSize(paragraphs);
  const { sections, passages } = buildStructure({ paragraphs, outline, bodySize, limits });
  return { title: chooseTitle(metadataTitle, paragraphs, bodySize, sections[0]?.title, file), pages, sections, passages };
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

const JUNK_TITLE = /^(untitled|microsoft word|document\d*|new document|title|none)\b|\.(docx?|pdf|rtf|tmp|wpd|indd)$|^[\W\d_]*$/i;

function chooseTitle(metadataTitle: string | null, paragraphs: Paragraph[], bodySize: number, firstSection: string | undefined, file: string): string {
  if (metadataTitle && metadataTitle.length >= 3 && metadataTitle.length <= 200 && !JUNK_TITLE.test(metadataTitle)) return metadataTitle;
  const firstPage = paragraphs.filter((p) => p.page === paragraphs[0]?.page).slice(0, 12);
  const large = firstPage
    .filter((p) => p.text.length <= 150 && /\p{L}{3}/u.test(p.text))
    .sort((a, b) => b.fontSize - a.fontSize)[0];
  if (large && bodySize > 0 && large.fontSize >= bodySize * 1.15) return large.text.trim();
  const caps = firstPage.find((p) => p.text.length <= 120 && /\p{L}{3}/u.test(p.text) && p.text === p.text.toUpperCase() && !/^[\d\s.]+$/.test(p.text));
  if (caps) return caps.text.trim();
  if (firstSection) return firstSection;
  return path.basename(file, path.extname(file));
}
