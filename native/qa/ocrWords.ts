import type { OcrWord } from '../api/types.js';
import type { StoredPage } from '../store/DocumentRepository.js';
import { rectsForRange } from './locateQuote.js';

/**
 * A recognised page's words with their rectangles (PDF user space from the visible box's
 * lower-left corner), read back from the page's stored text and geometry: what the reader lays
 * over a scan as an invisible text layer, so its words can be selected like a born-digital page's.
 * A word broken over two lines gives one entry per line.
 */
export function ocrWords(page: StoredPage): OcrWord[] {
  if (!page.geometry) return [];
  const words: OcrWord[] = [];
  for (const match of page.text.matchAll(/\S+/g)) {
    const start = match.index;
    for (const rect of rectsForRange(page.geometry, start, start + match[0].length, page.text)) words.push({ text: match[0], ...rect });
  }
  return words;
}
