import type { Heading } from './detectHeading.js';
import type { ComposedPage, Paragraph } from '../model/documentModel.js';

/** Plain text has no pages; Lectern cuts it into pages of about this many characters, at paragraph ends. */
export const TEXT_PAGE_CHARS = 4000;

/** What a Project Gutenberg header says of the book. */
export interface GutenbergInfo {
  title: string;
  author: string | null;
}

const GUTENBERG_START = /^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG E-?BOOK\b/i;
/** The end marker, or the older closing line that comes just before it. */
const GUTENBERG_END = /^(\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG E-?BOOK\b|End of (the )?Project Gutenberg'?s? )/i;
const GUTENBERG_HEADER = /^\W*The Project Gutenberg E-?Book,? of (.+?)(?:,\s+by\s+(.+?))?\s*$/i;

/**
 * Cuts plain text or Markdown into paragraphs (blank-line separated) and virtual
 * pages. Markdown ATX and setext headings become known headings. A Project Gutenberg
 * header (up to its START marker) and licence (from its END marker) stay in the page
 * text but never become paragraphs, so never sections or passages.
 */
export function composeTextPages(
  source: string,
  markdown: boolean,
): { pages: ComposedPage[]; paragraphs: Paragraph[]; headings: Map<number, Heading>; firstHeading: string | null; gutenberg: GutenbergInfo | null } {
  const blocks = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((b) =>
      b
        .split('\n')
        .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
        .filter((l) => l !== ''),
    )
    .filter((lines) => lines.length > 0);

  const pages: ComposedPage[] = [];
  const paragraphs: Paragraph[] = [];
  const headings = new Map<number, Heading>();
  let firstHeading: string | null = null;
  let text = '';
  const flushPage = () => {
    if (text === '') return;
    pages.push({ number: pages.length + 1, width: 0, height: 0, text, geometry: null });
    text = '';
  };
  const addParagraph = (lines: string[], heading: Heading | null, body = true) => {
    if (text.length >= TEXT_PAGE_CHARS) flushPage();
    if (text !== '') text += '\n\n';
    const start = text.length;
    text += lines.join('\n');
    if (!body) return;
    if (heading) headings.set(paragraphs.length, heading);
    paragraphs.push({ page: pages.length + 1, charStart: start, charEnd: text.length, text: text.slice(start).replace(/\n/g, ' '), fontSize: 0, lineCount: lines.length });
  };

  const gutenberg = readGutenbergFrame(blocks);
  for (const [index, lines] of blocks.entries()) {
    if (index < gutenberg.bodyStart || index >= gutenberg.bodyEnd) {
      addParagraph(lines, null, false);
      continue;
    }
    if (!markdown) {
      addParagraph(lines, null);
      continue;
    }
    // A Markdown block may hold a heading line followed by body lines.
    let body: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const atx = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
      const setext = i + 1 < lines.length && /^(=+|-+)$/.test(lines[i + 1]!) ? lines[i + 1]![0] : null;
      if (atx || setext) {
        if (body.length > 0) addParagraph(body, null);
        body = [];
        const title = atx ? atx[2]! : line;
        const level = atx ? atx[1]!.length : setext === '=' ? 1 : 2;
        firstHeading ??= title;
        addParagraph([title], { title, level, kind: 'markdown', runIn: false });
        if (setext) i++;
      } else {
        body.push(line);
      }
    }
    if (body.length > 0) addParagraph(body, null);
  }
  flushPage();
  return { pages, paragraphs, headings, firstHeading, gutenberg: gutenberg.info };
}

/**
 * The blocks of a Project Gutenberg book's own text (between its START and END markers), and
 * what its header says. Without a START marker, everything before an END marker is the text.
 */
function readGutenbergFrame(blocks: readonly string[][]): { bodyStart: number; bodyEnd: number; info: GutenbergInfo | null } {
  const start = blocks.findIndex((lines) => lines.some((l) => GUTENBERG_START.test(l)));
  const endFrom = Math.max(start + 1, 0);
  const endAt = blocks.slice(endFrom).findIndex((lines) => GUTENBERG_END.test(lines[0]!));
  const bodyEnd = endAt < 0 ? blocks.length : endFrom + endAt;
  if (start < 0) return { bodyStart: 0, bodyEnd, info: null };
  const header = blocks.slice(0, start + 1).flat();
  const field = (name: string) => header.map((l) => new RegExp(`^${name}:\\s*(.+)$`, 'i').exec(l)?.[1]?.trim()).find((v) => v);
  const opening = header.map((l) => GUTENBERG_HEADER.exec(l)).find((m) => m);
  const title = field('Title') ?? opening?.[1]?.trim() ?? null;
  const author = field('Author') ?? opening?.[2]?.trim() ?? null;
  return { bodyStart: start + 1, bodyEnd, info: title ? { title, author } : null };
}
