import { parseDocument } from 'htmlparser2';
import { LecternError } from '../../api/errors.js';
import { MAX_MARKUP_DEPTH, refuseUnsafeMarkup } from './parseXml.js';

/** One paragraph-like piece of a chapter: a paragraph, heading, list item, table row or image's alt text. */
export interface MarkupBlock {
  /** Lines of the block (a `<br>` or a `<pre>` line break starts a new one), spaces collapsed. */
  lines: string[];
  /** 1–6 for `<h1>`–`<h6>`. */
  heading?: number;
  tableRow?: boolean;
  /** A list item (its bullet or number is part of its text). */
  listItem?: boolean;
  /** An image's alt text standing in for it. */
  figure?: boolean;
  /** Inside a `<blockquote>`. */
  quote?: boolean;
}

export interface ChapterBlocks {
  blocks: MarkupBlock[];
  /** Element ids (link targets of a table of contents), each with the index of the block it starts in or before. */
  anchors: Map<string, number>;
  /** `<title>`, when there is one. */
  title: string | null;
  /** `<meta name="author">`, when there is one. */
  author: string | null;
}

export interface HtmlToBlocksOptions {
  /**
   * A web page: keep its main content only (`<main>` or a lone `<article>` when there is one) and drop
   * navigation, headers, footers, asides and forms. Off for book chapters, whose asides are footnotes.
   */
  mainContentOnly?: boolean;
  /** XHTML (EPUB chapters): self-closed elements close, and entity declarations and depth are checked before parsing. */
  xml?: boolean;
  /**
   * Top-level numbered lists continue their numbering across the paragraphs between them. Mammoth
   * writes each numbered clause of a Word document as its own `<ol>`, though Word numbers them on.
   */
  continueNumbering?: boolean;
  /** Named in error messages. */
  part: string;
}

/** Never text: code, styling and embedded content. Nothing in an imported file runs; here it is not even read. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'head',
  'button',
  'select',
  'option',
  'input',
  'textarea',
  'audio',
  'video',
  'canvas',
  'map',
]);
const PAGE_FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form', 'dialog', 'menu']);
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'blockquote',
  'li',
  'dd',
  'dt',
  'dl',
  'ul',
  'ol',
  'pre',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'address',
  'hr',
  'body',
  'html',
  'aside',
  'nav',
  'header',
  'footer',
  'center',
  'details',
  'summary',
  'legend',
  'fieldset',
]);

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/**
 * Reads the text of an HTML page or an XHTML chapter as blocks, in document order: headings keep
 * their level, list items their bullet or number, table rows their cells (` | ` between them),
 * images their alt text. Scripts, styles and embedded content are dropped unread.
 */
export function htmlToBlocks(markup: string, options: HtmlToBlocksOptions): ChapterBlocks {
  if (options.xml) refuseUnsafeMarkup(markup, options.part);
  else if (/<!ENTITY/i.test(markup)) refuseUnsafeMarkup(markup, options.part);
  // XHTML is read by the HTML parser with self-closing tags honoured: books use HTML entities (&nbsp;, &mdash;) that an XML parser would leave as text.
  const document = parseDocument(markup, {
    recognizeSelfClosing: options.xml === true,
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  }) as unknown as DomNode;
  const blocks: MarkupBlock[] = [];
  const anchors = new Map<string, number>();
  let title: string | null = null;
  let author: string | null = null;
  let lines: string[] = [''];
  let heading: number | undefined;
  let listItem = false;
  let quote = false;
  let row: string[] | null = null;
  let topNumber = 1;

  const flush = () => {
    const kept = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
    if (kept.length > 0) blocks.push({ lines: kept, ...(heading ? { heading } : {}), ...(listItem && !heading ? { listItem } : {}), ...(quote && !heading ? { quote } : {}) });
    lines = [''];
  };
  const append = (text: string) => {
    lines[lines.length - 1] += text;
  };
  const textOf = (node: DomNode): string => {
    let out = '';
    const walk = (n: DomNode, depth: number) => {
      if (depth > MAX_MARKUP_DEPTH) throw tooDeep(options.part);
      if (n.type === 'text') out += n.data ?? '';
      else if (n.type === 'tag' && n.name === 'img') out += n.attribs?.alt ? ` ${n.attribs.alt} ` : '';
      else if (n.type === 'tag' && n.name === 'br') out += ' ';
      else if ((n.type === 'tag' || n.type === 'root') && !SKIPPED.has(n.name ?? '')) for (const c of n.children ?? []) walk(c, depth + 1);
    };
    walk(node, 0);
    return out.replace(/\s+/g, ' ').trim();
  };

  const visit = (node: DomNode, depth: number, list: { ordered: boolean; next: number; prefix: string } | null, pre: boolean) => {
    if (depth > MAX_MARKUP_DEPTH) throw tooDeep(options.part);
    if (node.type === 'text') {
      const data = node.data ?? '';
      if (pre) {
        const parts = data.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) lines.push('');
          append(part);
        });
      } else append(data);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root' && node.type !== 'script' && node.type !== 'style') return;
    const name = node.name ?? '';
    if (node.type !== 'root' && (SKIPPED.has(name) || node.type === 'script' || node.type === 'style')) {
      if (name === 'head') readHead(node);
      return;
    }
    if (node.attribs?.hidden !== undefined || node.attribs?.['aria-hidden'] === 'true') return;
    if (options.mainContentOnly && (PAGE_FURNITURE.has(name) || node.attribs?.role === 'navigation' || node.attribs?.role === 'banner' || node.attribs?.role === 'contentinfo'))
      return;
    const id = node.attribs?.id ?? (name === 'a' ? node.attribs?.name : undefined);
    // Text already gathered belongs to the block this element starts in or before: index blocks.length either way.
    if (id && !anchors.has(id)) anchors.set(id, blocks.length);
    if (name === 'title') {
      title ??= textOf(node) || null;
      return;
    }
    if (name === 'meta') {
      if (node.attribs?.name?.toLowerCase() === 'author' && node.attribs.content) author ??= node.attribs.content.trim();
      return;
    }
    if (name === 'br') {
      if (pre || !row) lines.push('');
      return;
    }
    if (name === 'img') {
      const alt = node.attribs?.alt?.trim();
      if (alt) {
        flush();
        blocks.push({ lines: [alt.replace(/\s+/g, ' ')], figure: true });
      }
      return;
    }
    if (/^h[1-6]$/.test(name)) {
      flush();
      heading = Number(name[1]);
      for (const c of node.children ?? []) visit(c, depth + 1, list, pre);
      flush();
      heading = undefined;
      return;
    }
    if (name === 'tr') {
      flush();
      row = [];
      for (const c of node.children ?? []) {
        if (c.type === 'tag' && (c.name === 'td' || c.name === 'th')) {
          const cell = textOf(c);
          if (cell) row.push(cell);
        }
      }
      if (row.length > 0) blocks.push({ lines: [row.join(' | ')], tableRow: true });
      row = null;
      return;
    }
    if (name === 'ul' || name === 'ol') {
      flush();
      const start = Number(node.attribs?.start ?? 1);
      const continued = options.continueNumbering && name === 'ol' && !list;
      const nested = { ordered: name === 'ol', next: continued ? topNumber : Number.isFinite(start) ? start : 1, prefix: list?.ordered ? list.prefix : '' };
      for (const c of node.children ?? []) visit(c, depth + 1, nested, pre);
      if (continued) topNumber = nested.next;
      flush();
      return;
    }
    if (name === 'li') {
      flush();
      const outerItem = listItem;
      listItem = true;
      const number = list?.ordered ? `${list.prefix}${list.next++}` : null;
      append(number ? `${number}. ` : '• ');
      const inner = number ? { ordered: true, next: 1, prefix: `${number}.` } : list;
      // A nested list inside this item numbers from this item: 2. → 2.1, 2.2.
      for (const c of node.children ?? []) visit(c, depth + 1, c.type === 'tag' && c.name === 'ol' ? inner : list, pre);
      flush();
      listItem = outerItem;
      return;
    }
    const block = BLOCKS.has(name) || name === 'td' || name === 'th';
    if (block) flush();
    const outerQuote = quote;
    if (name === 'blockquote') quote = true;
    for (const c of node.children ?? []) visit(c, depth + 1, list, pre || name === 'pre');
    if (block) flush();
    quote = outerQuote;
  };

  const readHead = (head: DomNode) => {
    for (const c of head.children ?? []) {
      if (c.type !== 'tag') continue;
      if (c.name === 'title') title ??= textOf(c) || null;
      if (c.name === 'meta' && c.attribs?.name?.toLowerCase() === 'author' && c.attribs.content) author ??= c.attribs.content.trim();
    }
  };

  visit(options.mainContentOnly ? mainContent(document) : document, 0, null, false);
  flush();
  return { blocks, anchors, title, author };
}

/** `<main>` (or role="main"), else the page's only `<article>`, else the whole page. */
function mainContent(document: DomNode): DomNode {
  const mains: DomNode[] = [];
  const articles: DomNode[] = [];
  let head: DomNode | null = null;
  const stack: Array<{ node: DomNode; depth: number }> = [{ node: document, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_MARKUP_DEPTH) continue; // the block walk reports it
    if (node.type === 'tag') {
      if (node.name === 'main' || node.attribs?.role === 'main') mains.push(node);
      else if (node.name === 'article') articles.push(node);
      else if (node.name === 'head') head ??= node;
    }
    for (const c of node.children ?? []) stack.push({ node: c, depth: depth + 1 });
  }
  const main = mains[0] ?? (articles.length === 1 ? articles[0]! : null);
  if (!main) return document;
  // Keep the head for the page's title and author.
  return { type: 'root', children: head ? [head, main] : [main] };
}

function tooDeep(part: string): LecternError {
  return new LecternError(
    'UNSAFE_MARKUP',
    `The part ${part} nests its elements more than ${MAX_MARKUP_DEPTH} deep, far deeper than any document needs; it is malformed. Convert it to PDF and import that.`,
  );
}
