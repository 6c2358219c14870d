import path from 'node:path';
import type { StructuredDocument } from '../../model/documentModel.js';
import type { PassageLimits } from '../buildStructure.js';
import { composeChapters, splitAtTopHeadings } from './composeChapters.js';
import { htmlToBlocks, type ChapterBlocks } from './htmlToBlocks.js';

export interface HtmlDocument {
  structured: StructuredDocument;
  author: string | null;
  /** The chapters' blocks, for the reader (see renderChapterHtml). */
  chapters: ChapterBlocks[];
}

/**
 * Reads a saved web page: its main content (navigation, headers, footers, scripts and styles
 * dropped, never run), headings as sections, cut into chapters at its top-level headings.
 */
export function readHtml(bytes: Uint8Array, fileName: string, options: { limits?: PassageLimits } = {}): HtmlDocument {
  const markup = decodeHtml(bytes);
  const page = htmlToBlocks(markup, { mainContentOnly: true, part: path.basename(fileName) });
  const firstHeading = page.blocks.find((b) => b.heading)?.lines.join(' ');
  const title = page.title || firstHeading || path.basename(fileName, path.extname(fileName));
  const chapters = splitAtTopHeadings(page);
  return { structured: composeChapters({ title, chapters, limits: options.limits }), author: page.author, chapters };
}

/** UTF-8 unless a byte-order mark or the page's own `<meta charset>` says otherwise (older pages: windows-1252). */
function decodeHtml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (declared) label = declared;
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // an unknown label
  }
}
