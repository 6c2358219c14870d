import sanitizeHtml from 'sanitize-html';
import type { MarkupBlock } from './htmlToBlocks.js';

/**
 * What the reader may receive: structure only. No style (the app's CSP forbids inline styles and a
 * book's CSS would fight the reader's), no script or event attribute, no image or external URL (an
 * offline reader fetches nothing: an image is already its alt text, a figure of its own); a link
 * only to a place in the same chapter.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'em', 'strong', 'blockquote', 'a', 'figure', 'figcaption'],
  allowedAttributes: { '*': ['data-char-start', 'data-char-end'], a: ['href'] },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => ({ tagName, attribs: attribs.href?.startsWith('#') ? { href: attribs.href } : ({} as sanitizeHtml.Attributes) }),
  },
};

export interface ChapterHtml {
  /** Sanitized HTML; every block carries `data-char-start`/`data-char-end`, its range in the chapter text, and holds exactly that text. */
  html: string;
  /** Whether the blocks took their kinds (heading, list item, table row, figure) from the source file; else every block is a paragraph. */
  structured: boolean;
}

/**
 * A chapter's stored text (pages.text) as HTML for the reflowable reader. The text is always the
 * stored one, so a citation's (chapter, charStart, charEnd) maps onto the DOM exactly; the
 * structure comes from the blocks the source file gives when they line up with that text (same
 * number of blocks: composeChapters wrote the text from them, blocks joined by a blank line and
 * their lines by a newline, which the reader shows with `white-space: pre-line`).
 */
export function renderChapterHtml(text: string, blocks: readonly MarkupBlock[] | null): ChapterHtml {
  const pieces: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const piece of text.split('\n\n')) {
    if (piece !== '') pieces.push({ start, end: start + piece.length });
    start += piece.length + 2;
  }
  const structured = blocks !== null && blocks.length === pieces.length;
  let html = '';
  // Consecutive rows share a table, items a list, quoted paragraphs a blockquote.
  const OPEN = { table: '<table><tbody>', ul: '<ul>', blockquote: '<blockquote>' };
  const CLOSE = { table: '</tbody></table>', ul: '</ul>', blockquote: '</blockquote>' };
  let open: keyof typeof OPEN | null = null;
  const container = (wanted: keyof typeof OPEN | null) => {
    if (open === wanted) return;
    if (open) html += CLOSE[open];
    if (wanted) html += OPEN[wanted];
    open = wanted;
  };
  for (const [i, piece] of pieces.entries()) {
    const block = structured ? blocks[i]! : null;
    const range = `data-char-start="${piece.start}" data-char-end="${piece.end}"`;
    const body = escapeText(text.slice(piece.start, piece.end));
    if (block?.tableRow) {
      container('table');
      html += `<tr ${range}><td>${body}</td></tr>`;
      continue;
    }
    if (block?.listItem) {
      container('ul');
      html += `<li ${range}>${body}</li>`;
      continue;
    }
    container(block?.quote ? 'blockquote' : null);
    if (block?.heading) html += `<h${block.heading} ${range}>${body}</h${block.heading}>`;
    else if (block?.figure) html += `<figure><figcaption ${range}>${body}</figcaption></figure>`;
    else html += `<p ${range}>${body}</p>`;
  }
  container(null);
  return { html: sanitizeHtml(html, POLICY), structured };
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
