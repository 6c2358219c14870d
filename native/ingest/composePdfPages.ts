import { detectHeading, wordCount } from './detectHeading.js';
import type { ComposedPage, Paragraph } from '../model/documentModel.js';
import { runBounds } from './layoutPage.js';
import { median } from './median.js';
import type { LayoutBlock, LayoutLine, LayoutPage } from './pageModel.js';

/**
 * Builds each page's reading text and geometry from laid-out pages, and cuts the
 * body text into paragraphs. Running headers, footers and page numbers stay in the
 * page text (find-in-page can still see them) but never reach a paragraph.
 *
 * A block is usually one paragraph, but a block can hold a heading set tight above
 * its text, or the rows of a table: a heading line and each table row become
 * paragraphs of their own, so headings can be found and rows are never run together
 * with prose.
 */
export function composePdfPages(layout: LayoutPage[]): { pages: ComposedPage[]; paragraphs: Paragraph[] } {
  const furniture = findFurniture(layout);
  const body = bodySizeOf(layout);
  const pages: ComposedPage[] = [];
  const paragraphs: Paragraph[] = [];
  for (const page of layout) {
    const isFurniture = furniture.get(page.number) ?? new Set<LayoutLine>();
    let text = '';
    const geometry: number[] = [];
    for (const block of page.blocks) {
      if (text !== '') text += '\n\n';
      let para: { start: number; sizes: number[]; lines: number; bold: number; row: boolean } | null = null;
      // The open paragraph's text so far: the page text from para.start on. Reading the page text
      // itself while it grows would flatten all of it again at every paragraph.
      let paraText = '';
      /** Closes the open paragraph at the end of the text so far. */
      const closePara = () => {
        // A paragraph cut off by furniture ends at its last character, not at the line break after it.
        let length = paraText.length;
        while (para && length > 0 && /\s/.test(paraText[length - 1]!)) length--;
        if (para && length > 0) {
          paragraphs.push({
            page: page.number,
            charStart: para.start,
            charEnd: para.start + length,
            text: paraText.slice(0, length).replace(/\n/g, ' '),
            fontSize: median(para.sizes),
            lineCount: para.lines,
            bold: para.bold * 2 > para.lines,
            ...(para.row ? { tableRow: true } : {}),
          });
        }
        para = null;
      };
      const rows = block.lines.map(isTableRow);
      const headings = headingLines(block, body);
      const standalone = block.lines.map((_, i) => rows[i] || headings[i]!);
      block.lines.forEach((line, i) => {
        const next = block.lines[i + 1];
        const prev = block.lines[i - 1];
        const hyphenated = next !== undefined && endsWithBrokenWord(line.text, next.text) && !isFurniture.has(next) && !standalone[i + 1];
        const lineText = hyphenated ? line.text.slice(0, -1) : line.text;
        const lineStart = text.length;
        const breaks = prev !== undefined && (standalone[i] || standalone[i - 1] || changesType(prev, line));
        if (isFurniture.has(line) || breaks) closePara();
        if (!isFurniture.has(line) && !para) {
          para = { start: lineStart, sizes: [], lines: 0, bold: 0, row: rows[i]! };
          paraText = '';
        }
        if (para) {
          para.sizes.push(line.fontSize);
          para.lines++;
          if (line.bold) para.bold++;
        }
        text += lineText;
        if (para) paraText += lineText;
        line.runs.forEach((run, r) => {
          const [s, e] = line.runSpans[r]!;
          const end = Math.min(e, lineText.length);
          if (end <= s) return;
          const box = run.box ?? runBounds(run);
          geometry.push(lineStart + s, lineStart + end, box.x, box.y, box.width, box.height);
        });
        if (isFurniture.has(line)) {
          if (next) text += '\n';
          return;
        }
        if (next && !hyphenated) {
          text += '\n';
          if (para) paraText += '\n';
        }
      });
      closePara();
    }
    // Stored sizes are those of the page in user space, as the viewer draws it.
    const turned = page.rotation === 90 || page.rotation === 270;
    pages.push({ number: page.number, width: turned ? page.height : page.width, height: turned ? page.width : page.height, text, geometry: new Float32Array(geometry) });
  }
  return { pages, paragraphs };
}

/** "infor-" + "mation": a letter, a hyphen at line end, and a lowercase letter opening the next line. */
function endsWithBrokenWord(line: string, next: string): boolean {
  // Most lines end otherwise: the patterns below scan the whole line.
  if (!line.endsWith('-')) return false;
  return /\p{L}-$/u.test(line) && !/\s-$/.test(line) && /^\p{Ll}/u.test(next);
}

/** A switch of type size or weight between lines: a heading and its text, a caption and its figure. */
function changesType(prev: LayoutLine, line: LayoutLine): boolean {
  return Math.abs(prev.fontSize - line.fontSize) > Math.max(prev.fontSize, line.fontSize) * 0.12 || Boolean(prev.bold) !== Boolean(line.bold);
}

/**
 * A list or heading label that a tab may follow: "2.0", "1.2.3", "(a)", "10(b)", "iv.", "A", "•",
 * "Section 5". Each part is a number, one letter or a roman numeral, and parts are joined by "." or
 * ")" or open a "(": a word like "Rent" or "Deposit" is never a label, so a two-cell row that starts
 * with one ("Rent | $1,200") stays a table row.
 */
const LABEL_PART = String.raw`\(?(?:\d{1,3}|[a-z]|[ivxlcdm]{1,7})`;
const LABEL = new RegExp(String.raw`^(?:${LABEL_PART}(?:[.)]|(?=\())){0,3}${LABEL_PART}[.)]?$|^[•·▪◦–-]$|^(section|article|§)\s*[\d.]+$`, 'i');

/**
 * Cells of a table row lie apart on one line, or a wrapped cell goes back left: a row,
 * not prose. A label and a tab ("2.0⇥TERM") is a heading or a list item, not a row.
 */
function isTableRow(line: LayoutLine): boolean {
  // Segments are counted, and the first one's text is joined only when a label may open a two-cell row.
  let segments = 1;
  let firstEnd = line.runs.length;
  for (let i = 1; i < line.runs.length; i++) {
    const prev = line.runs[i - 1]!;
    const run = line.runs[i]!;
    const gap = run.x - (prev.x + prev.width);
    if (gap < -run.fontSize) return true;
    if (gap > run.fontSize * 1.5) {
      if (segments === 1) firstEnd = i;
      segments++;
    }
  }
  if (segments < 2) return false;
  if (segments > 2) return true;
  let first = '';
  for (let i = 0; i < firstEnd; i++) first += line.runs[i]!.str;
  first = first.trim();
  // A label is short; and the pattern backtracks badly on long runs of letters, so it is never tried on them.
  return !(first.length <= 12 && LABEL.test(first));
}

/**
 * For each line of a block, whether it is a short line that reads as a heading on its own
 * ("2.1 Setup", "ARTICLE IV", larger type) and does not carry on a sentence from the line
 * above. One pass: whether a line carries on depends on the verdict for the line above.
 */
function headingLines(block: LayoutBlock, body: number): boolean[] {
  const result = new Array<boolean>(block.lines.length).fill(false);
  if (block.lines.length < 2) return result;
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.lines[i]!;
    const prev = block.lines[i - 1];
    if (prev && !/[.:!?)]$/.test(prev.text) && !result[i - 1]) continue;
    if (wordCount(line.text) > 12 || line.width > block.width * 0.8) continue;
    // A line whose sentence runs on ("1.4 "CNDA" means the … Agreement" / "among, inter alia…") is text.
    const next = block.lines[i + 1];
    if (next && /^\p{Ll}/u.test(next.text)) continue;
    if (/\b(a|an|and|as|at|by|for|in|of|on|or|the|to|with)$/i.test(line.text)) continue;
    const heading = detectHeading(line.text, line.fontSize, body, line.bold === true);
    result[i] = heading !== null && !heading.runIn;
  }
  return result;
}

/** The font size most characters of the document are set in. */
function bodySizeOf(layout: LayoutPage[]): number {
  const weight = new Map<number, number>();
  for (const page of layout) {
    for (const block of page.blocks) {
      for (const line of block.lines) {
        const size = Math.round(line.fontSize * 2) / 2;
        weight.set(size, (weight.get(size) ?? 0) + line.text.length);
      }
    }
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best;
}

/** "3", "iv", "Page 3", "Page 3 of 12", "3 / 12", "- 3 -", "— 3 —", "[3]". */
const PAGE_NUMBER = /^(page\s*)?(\d{1,4}|[ivxlcdm]{1,7})(\s*(of|\/)\s*\d{1,4})?$|^[-–—[(]\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—\])]$/i;

/** Lines this close to the page's top or bottom edge (share of its height) may be headers and footers. */
const MARGIN = 0.12;
/** How many lines at each end of a page may be furniture even outside the margin. */
const EDGE_LINES = 2;

interface Candidate {
  page: number;
  line: LayoutLine;
  key: string;
  /** At an end of the page rather than inside its text. */
  edge: boolean;
  /** Carries on the sentence of the line above it in its block ("…duly authorized" / "representatives."). */
  continues: boolean;
}

/**
 * Page numbers and lines that repeat (digits ignored) at the same height on several
 * pages: running headers and footers. Only lines in the top or bottom margin, or
 * among the first or last lines of a page wherever the body ends, qualify; a page
 * number set right under the last line of text is still a page number. Text set
 * at an angle that repeats on many pages (a stamp down the margin) is furniture too.
 */
function findFurniture(layout: LayoutPage[]): Map<number, Set<LayoutLine>> {
  const candidates: Candidate[] = [];
  for (const page of layout) {
    const level: LayoutLine[] = [];
    for (const block of page.blocks) for (const line of block.lines) if (!isRotated(line)) level.push(line);
    const byHeight = [...level].sort((a, b) => b.y - a.y);
    const ends = new Set([...byHeight.slice(0, EDGE_LINES), ...byHeight.slice(-EDGE_LINES)]);
    const margin = page.height * MARGIN;
    for (const block of page.blocks) {
      for (const line of block.lines) {
        if (isRotated(line)) candidates.push({ page: page.number, line, key: furnitureKey(line), edge: false, continues: false });
        else if (ends.has(line) || line.y > page.height - margin || line.y < margin)
          candidates.push({ page: page.number, line, key: furnitureKey(line), edge: true, continues: continuesAbove(block, line) });
      }
    }
  }
  const result = new Map<number, Set<LayoutLine>>();
  const mark = (c: Candidate) => {
    let set = result.get(c.page);
    if (!set) result.set(c.page, (set = new Set()));
    set.add(c.line);
  };
  const manyPages = Math.max(2, Math.ceil(layout.length * 0.3));
  // Candidates by their words, so each looks only at its own kind (a book has thousands).
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    let same = byKey.get(c.key);
    if (!same) byKey.set(c.key, (same = []));
    same.push(c);
  }
  for (const c of candidates) {
    if (c.edge && PAGE_NUMBER.test(c.line.text.trim())) {
      mark(c);
      continue;
    }
    // The same words at the same height on another page: a running header or footer.
    const pagesAtHeight = new Set(
      byKey
        .get(c.key)!
        .filter((o) => !c.edge || (o.edge && Math.abs(o.line.y - c.line.y) <= 3))
        .map((o) => o.page),
    );
    // A short line on its own at the same height on two pages is a header; a sentence there, or
    // the end of one (a signature block's "IN WITNESS WHEREOF, the parties … representatives."
    // closing two exhibits), is text unless it is on many pages.
    if (c.continues) continue;
    const needed = !c.edge ? manyPages : wordCount(c.line.text) <= 12 ? 2 : Math.max(3, Math.ceil(layout.length / 2));
    if (pagesAtHeight.size >= needed) mark(c);
  }
  return result;
}

/** A line's words as running headers repeat them: case and page numbers aside. */
function furnitureKey(line: LayoutLine): string {
  return line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** A line that opens in lower case under a line that ends mid-sentence is that sentence's end. */
function continuesAbove(block: LayoutBlock, line: LayoutLine): boolean {
  const above = block.lines[block.lines.indexOf(line) - 1];
  return above !== undefined && /^\p{Ll}/u.test(line.text) && !/[.:;!?)\]"”]$/.test(above.text);
}

function isRotated(line: LayoutLine): boolean {
  const angle = line.runs[0]?.angle ?? 0;
  const a = ((angle % 360) + 360) % 360;
  return a >= 5 && a <= 355;
}
