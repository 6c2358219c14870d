import path from 'node:path';
import { buildStructure, type PassageLimits } from './buildStructure.js';
import { checkFidelity, recordFidelity } from './checkFidelity.js';
import { composePdfPages } from './composePdfPages.js';
import type { Paragraph, StructuredDocument } from './documentModel.js';
import type { LayoutPage, OutlineEntry } from './pageModel.js';

/** Pages, sections and passages of a PDF from its laid-out pages. */
export function structurePdf(layout: LayoutPage[], outline: OutlineEntry[], metadataTitle: string | null, file: string, limits?: PassageLimits): StructuredDocument {
  const { pages, paragraphs } = composePdfPages(layout);
  const bodySize = bodyFontSize(paragraphs);
  const { sections, passages } = buildStructure({ paragraphs, outline, bodySize, limits });
  const structured: StructuredDocument = { title: chooseTitle(metadataTitle, paragraphs, bodySize, file), pages, sections, passages };
  recordFidelity(structured, checkFidelity(pages, paragraphs, passages));
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

const JUNK_TITLE = /^(untitled|microsoft word|document\d*|new document|title|none)\b|\.(docx?|pdf|rtf|tmp|wpd|indd)$|^[\W\d_]*$/i;

const NOT_A_TITLE = /^(exhibit|schedule|annex|appendix|attachment|execution (version|copy)|witnesseth|recitals|definitions|table of contents|contents|page\b|\[)|confidential|\[\*+\]|^[\d.()]+\s/i;
const DOCUMENT_TYPE = /\b(agreement|contract|amendment|lease|licen[cs]e|plan|policy|report|memorandum|deed|charter|bylaws|terms|statement|addendum|guide|manual|handbook)\b/i;

function tidy(title: string): string {
  return title.replace(/\s+/g, ' ').replace(/[.:,;]$/, '').trim();
}

function chooseTitle(metadataTitle: string | null, paragraphs: Paragraph[], bodySize: number, file: string): string {
  if (metadataTitle && metadataTitle.length >= 3 && metadataTitle.length <= 200 && !JUNK_TITLE.test(metadataTitle) && !NOT_A_TITLE.test(metadataTitle)) return metadataTitle;
  // Exhibit labels, legends and logos sit above many documents' real titles.
  const candidates = paragraphs
    .filter((p) => p.page === paragraphs[0]?.page)
    .slice(0, 15)
    .filter((p) => p.text.length <= 150 && /\p{L}{3}/u.test(p.text) && !NOT_A_TITLE.test(p.text.trim()));
  const typed = candidates.find((p) => DOCUMENT_TYPE.test(p.text) && (p.text === p.text.toUpperCase() || p.fontSize >= bodySize * 1.15));
  if (typed) return tidy(typed.text);
  const large = [...candidates].sort((a, b) => b.fontSize - a.fontSize)[0];
  if (large && bodySize > 0 && large.fontSize >= bodySize * 1.15) return tidy(large.text);
  const caps = candidates.find((p) => p.text.length <= 120 && p.text === p.text.toUpperCase());
  if (caps) return tidy(caps.text);
  return path.basename(file, path.extname(file));
}
