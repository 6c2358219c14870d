import type { Heading } from './detectHeading.js';
import type { ComposedPage, Paragraph } from './documentModel.js';

/** Plain text has no pages; Lectern cuts it into pages of about this many characters, at paragraph ends. */
export const TEXT_PAGE_CHARS = 4000;

/**
 * Cuts plain text or Markdown into paragraphs (blank-line separated) and virtual
 * pages. Markdown ATX and setext headings become known headings.
 */
export function composeTextPages(source: string, markdown: boolean): { pages: ComposedPage[]; paragraphs: Paragraph[]; headings: Map<number, Heading>; firstHeading: string | null } {
  const blocks = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((b) => b.split('\n').map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim()).filter((l) => l !== ''))
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
  const addParagraph = (lines: string[], heading: Heading | null) => {
    if (text.length >= TEXT_PAGE_CHARS) flushPage();
    if (text !== '') text += '\n\n';
    const start = text.length;
    text += lines.join('\n');
    if (heading) headings.set(paragraphs.length, heading);
    paragraphs.push({ page: pages.length + 1, charStart: start, charEnd: text.length, text: text.slice(start).replace(/\n/g, ' '), fontSize: 0, lineCount: lines.length });
  };

  for (const lines of blocks) {
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
  return { pages, paragraphs, headings, firstHeading };
}
