import type { OcrWord } from '../../native/api/types.js';

/** The font named by the text items of a recognised page: pdf.js lays its text layer out with it (the scan's own font is unknown). */
export const OCR_FONT = 'lectern-ocr';

/** One item of pdf.js's TextContent, the fields its text layer and find controller read. */
export interface OcrTextItem {
  str: string;
  dir: 'ltr';
  /** [a, b, c, d, e, f]: the font's height on both axes, at the word's baseline in PDF user space. */
  transform: [number, number, number, number, number, number];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}

/** pdf.js's TextContent for a recognised page. */
export interface OcrTextContent {
  items: OcrTextItem[];
  styles: Record<string, { fontFamily: string; ascent: number; descent: number; vertical: boolean }>;
  lang: null;
}

/**
 * Where pdf.js's text layer sets the top of a span: its baseline less this share of the font's
 * height (what it measures for sans-serif in a browser is 0.8 to 0.95, its fallback is 0.8).
 * The baseline is set that far below the word's top, so the span covers the word in the image.
 */
const ASSUMED_ASCENT = 0.85;

/**
 * A recognised page's words as the text content pdf.js would have read from a born-digital page,
 * so its own text layer (selection), find controller (search, count, next/previous) and find
 * highlights work on a scan as on any page. Each word is one item: followed by a space and
 * stretched to the next word when one follows on its line (a selection copies "rent is due",
 * a search finds the phrase), else ending its line. `view` is the page's visible box
 * (pdfPage.view): the stored rectangles are measured from its lower-left corner.
 */
export function ocrTextContent(words: readonly OcrWord[], view: readonly number[]): OcrTextContent {
  const [dx, dy] = [view[0] ?? 0, view[1] ?? 0];
  const items = words.map((w, i): OcrTextItem => {
    const next = words[i + 1];
    const joined = next !== undefined && sameLine(w, next);
    const width = joined && next.x > w.x ? next.x - w.x : w.width;
    const h = w.height;
    return {
      str: joined ? `${w.text} ` : w.text,
      dir: 'ltr',
      transform: [h, 0, 0, h, w.x + dx, w.y + dy + h * (1 - ASSUMED_ASCENT)],
      width,
      height: h,
      fontName: OCR_FONT,
      hasEOL: !joined,
    };
  });
  return { items, styles: { [OCR_FONT]: { fontFamily: 'sans-serif', ascent: ASSUMED_ASCENT, descent: ASSUMED_ASCENT - 1, vertical: false } }, lang: null };
}

/** The next word read continues this one's line: to its right, its middle within half a word's height of this one's. */
function sameLine(word: OcrWord, next: OcrWord): boolean {
  const middle = (w: OcrWord) => w.y + w.height / 2;
  return next.x >= word.x + word.width / 2 && Math.abs(middle(next) - middle(word)) < Math.max(word.height, next.height) / 2;
}

/** "OCR: low confidence on p. 3" or "… on pp. 3, 7": the reader's note on pages whose recognised text may be wrong; null when none. */
export function lowConfidenceLabel(pages: readonly number[]): string | null {
  if (pages.length === 0) return null;
  const shown = pages.length > 8 ? `${pages.slice(0, 8).join(', ')} and ${pages.length - 8} more` : pages.join(', ');
  return `OCR: low confidence on ${pages.length === 1 ? 'p.' : 'pp.'} ${shown}`;
}
