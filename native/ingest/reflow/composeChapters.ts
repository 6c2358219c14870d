import type { ComposedPage, Paragraph, StructuredDocument } from '../../model/documentModel.js';
import { buildStructure, type PassageLimits } from '../buildStructure.js';
import { checkFidelity, recordFidelity } from '../checkFidelity.js';
import { detectHeading, type Heading } from '../detectHeading.js';
import type { OutlineEntry } from '../pageModel.js';
import type { ChapterBlocks } from './htmlToBlocks.js';

/** A table-of-contents entry resolved to the chapter (1-based) it points into. */
export interface TocTarget {
  title: string;
  level: number;
  chapter: number;
}

export interface ComposeChaptersInput {
  title: string;
  chapters: ChapterBlocks[];
  /** The book's own table of contents; used for sections when it names at least two places. */
  toc?: TocTarget[];
  /** Numbered clause paragraphs ("1.", "2.3", "Section 4") become sections under the headings (contracts in DOCX). */
  numberedClauses?: boolean;
  limits?: PassageLimits;
}

/**
 * Makes a reflowable document's chapters into pages: page N is chapter N (a spine item of an
 * EPUB, or a top-level part of a DOCX or HTML file), its text the chapter's blocks separated by a
 * blank line and their lines by a newline. A location is (chapter, character range in that text):
 * it depends only on the file's content, so it is the same on every re-read.
 */
export function composeChapters(input: ComposeChaptersInput): StructuredDocument {
  const pages: ComposedPage[] = [];
  const paragraphs: Paragraph[] = [];
  const tagged = new Map<number, Heading>();
  for (const [c, chapter] of input.chapters.entries()) {
    const number = c + 1;
    let text = '';
    for (const block of chapter.blocks) {
      if (text !== '') text += '\n\n';
      const start = text.length;
      text += block.lines.join('\n');
      if (block.heading) tagged.set(paragraphs.length, { title: block.lines.join(' '), level: block.heading, kind: 'markdown', runIn: false });
      paragraphs.push({
        page: number,
        charStart: start,
        charEnd: text.length,
        text: text.slice(start).replace(/\n/g, ' '),
        fontSize: 0,
        lineCount: block.lines.length,
        ...(block.tableRow ? { tableRow: true } : {}),
      });
    }
    pages.push({ number, width: 0, height: 0, text, geometry: null });
  }
  const outline = tocOutline(input.toc ?? [], paragraphs);
  let knownHeadings: Map<number, Heading> | undefined = tagged.size > 0 ? tagged : undefined;
  if (input.numberedClauses) knownHeadings = withNumberedClauses(paragraphs, tagged);
  const { sections, passages } = buildStructure({
    paragraphs,
    bodySize: 0,
    ...(outline ? { outline } : { knownHeadings }),
    limits: input.limits,
  });
  const structured: StructuredDocument = { title: input.title, pages, sections, passages };
  recordFidelity(structured, checkFidelity(pages, paragraphs, passages));
  return structured;
}

/**
 * The table of contents as the outline buildStructure reads: each entry on the chapter it points
 * to, found there by its title. Null when it names fewer than two places.
 */
function tocOutline(toc: readonly TocTarget[], paragraphs: readonly Paragraph[]): OutlineEntry[] | null {
  const entries = toc.filter((t) => paragraphs.some((p) => p.page === t.chapter));
  if (entries.length < 2) return null;
  return entries.map((t) => ({ title: t.title, level: t.level, page: t.chapter }));
}

/**
 * Headings from the markup plus numbered clause paragraphs, which a DOCX often writes as plain
 * numbered paragraphs rather than heading styles; a clause sits below the deepest heading level.
 */
function withNumberedClauses(paragraphs: readonly Paragraph[], tagged: ReadonlyMap<number, Heading>): Map<number, Heading> | undefined {
  const below = Math.max(0, ...[...tagged.values()].map((h) => h.level));
  const out = new Map(tagged);
  for (const [i, p] of paragraphs.entries()) {
    if (out.has(i) || p.tableRow) continue;
    const found = detectHeading(p.text, 0, 0);
    if (found && (found.kind === 'numbered' || found.kind === 'section' || found.kind === 'division')) out.set(i, { ...found, level: below + found.level });
  }
  // buildStructure reads the headings in paragraph order.
  return out.size > 0 ? new Map([...out].sort((a, b) => a[0] - b[0])) : undefined;
}

/**
 * Cuts one long document (a DOCX, a web page) into chapters before each heading of its top
 * level, so a location names a part of the document and not an offset into all of it. Text before
 * the first such heading is a chapter of its own; a document without headings is one chapter.
 */
export function splitAtTopHeadings(document: ChapterBlocks): ChapterBlocks[] {
  const levels = document.blocks.map((b) => b.heading ?? 0).filter((l) => l > 0);
  if (levels.length === 0) return [document];
  const top = Math.min(...levels);
  const chapters: ChapterBlocks[] = [];
  let current: ChapterBlocks['blocks'] = [];
  for (const block of document.blocks) {
    if (block.heading === top && current.length > 0) {
      chapters.push({ blocks: current, anchors: new Map(), title: null, author: null });
      current = [];
    }
    current.push(block);
  }
  if (current.length > 0) chapters.push({ blocks: current, anchors: new Map(), title: null, author: null });
  return chapters;
}
