import { median } from './median.js';
import type { ComposedPage, Paragraph } from './documentModel.js';
import type { LayoutLine, LayoutPage } from './pageModel.js';

/**
 * Builds each page's reading text and geometry from laid-out pages, and cuts the
 * body text into paragraphs. Running headers, footers and page numbers stay in the
 * page text (find-in-page can still see them) but never reach a paragraph.
 */
export function composePdfPages(layout: LayoutPage[]): { pages: ComposedPage[]; paragraphs: Paragraph[] } {
  const furniture = findFurniture(layout);
  const pages: ComposedPage[] = [];
  const paragraphs: Paragraph[] = [];
  for (const page of layout) {
    const isFurniture = furniture.get(page.number) ?? new Set<LayoutLine>();
    let text = '';
    const geometry: number[] = [];
    for (const block of page.blocks) {
      if (text !== '') text += '\n\n';
      let para: { start: number; sizes: number[]; lines: number } | null = null;
      const closePara = (end: number) => {
        if (para && end > para.start) {
          paragraphs.push({
            page: page.number,
            charStart: para.start,
            charEnd: end,
            text: text.slice(para.start, end).replace(/\n/g, ' '),
            fontSize: median(para.sizes),
            lineCount: para.lines,
          });
        }
        para = null;
      };
      block.lines.forEach((line, i) => {
        const next = block.lines[i + 1];
        const hyphenated = next !== undefined && endsWithBrokenWord(line.text, next.text) && !isFurniture.has(next);
        const lineText = hyphenated ? line.text.slice(0, -1) : line.text;
        const lineStart = text.length;
        if (isFurniture.has(line)) closePara(lineStart);
        else if (!para) para = { start: lineStart, sizes: [], lines: 0 };
        if (para) {
          para.sizes.push(line.fontSize);
          para.lines++;
        }
        text += lineText;
        line.runs.forEach((run, r) => {
          const [s, e] = line.runSpans[r]!;
          const end = Math.min(e, lineText.length);
          if (end <= s) return;
          if (run.box) geometry.push(lineStart + s, lineStart + end, run.box.x, run.box.y, run.box.width, run.box.height);
          else geometry.push(lineStart + s, lineStart + end, run.x, run.y - run.fontSize * 0.2, run.width, run.fontSize);
        });
        if (isFurniture.has(line)) {
          if (next) text += '\n';
          return;
        }
        if (next && !hyphenated) text += '\n';
      });
      closePara(text.length);
    }
    // Stored sizes are those of the page in user space, as the viewer draws it.
    const turned = page.rotation === 90 || page.rotation === 270;
    pages.push({ number: page.number, width: turned ? page.height : page.width, height: turned ? page.width : page.height, text, geometry: Float32Array.from(geometry) });
  }
  return { pages, paragraphs };
}

/** "infor-" + "mation": a letter, a hyphen at line end, and a lowercase letter opening the next line. */
function endsWithBrokenWord(line: string, next: string): boolean {
  return /\p{L}-$/u.test(line) && !/\s-$/.test(line) && /^\p{Ll}/u.test(next);
}

const PAGE_NUMBER = /^(page\s*)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|\/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;

/**
 * Lines in the top or bottom 12% of a page that repeat (digits ignored) on many
 * pages, and bare page numbers there.
 */
function findFurniture(layout: LayoutPage[]): Map<number, Set<LayoutLine>> {
  const candidates: Array<{ page: number; line: LayoutLine; key: string }> = [];
  for (const page of layout) {
    const margin = page.height * 0.12;
    for (const block of page.blocks) {
      for (const line of block.lines) {
        if (line.y > page.height - margin || line.y < margin) {
          candidates.push({ page: page.number, line, key: line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim() });
        }
      }
    }
  }
  const pagesPerKey = new Map<string, Set<number>>();
  for (const c of candidates) {
    let set = pagesPerKey.get(c.key);
    if (!set) pagesPerKey.set(c.key, (set = new Set()));
    set.add(c.page);
  }
  const minRepeats = Math.max(2, Math.ceil(layout.length * 0.3));
  const result = new Map<number, Set<LayoutLine>>();
  for (const c of candidates) {
    const repeats = pagesPerKey.get(c.key)!.size;
    if (PAGE_NUMBER.test(c.line.text.trim()) || (layout.length >= 2 && repeats >= minRepeats)) {
      let set = result.get(c.page);
      if (!set) result.set(c.page, (set = new Set()));
      set.add(c.line);
    }
  }
  return result;
}
