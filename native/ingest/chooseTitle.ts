import path from 'node:path';
import type { ComposedPage, Paragraph } from '../model/documentModel.js';

/** Metadata titles that name a file, a template or nothing. */
const JUNK_METADATA =
  /^(ex|exh)[-\s.]*\d|^(untitled|microsoft word|document\d*|new document|title|none|slide \d+|powerpoint presentation|doi:)\b|\.(docx?|pdf|rtf|tmp|wpd|indd|odt|pages|tex|txt)$|^[\W\d_]*$|\\|^\/|^\S+_\S+$/i;

/** Lines that sit above many documents' real titles: exhibit labels, legends, notes. */
const NOT_A_TITLE =
  /^(exhibit|schedule|annex|appendix|attachment|execution (version|copy)|witnesseth|recitals|definitions|table of contents|contents|page\b|note\b|\[|\()|confidential|\[\*+\]|^[\d.()]+\s|^(this|the following|whereas|now,? therefore)\b.*\b(is|are|was|shall|made|entered)\b/i;

/**
 * Labels that could head any document of their kind: chapter and part numbers, front matter,
 * and running heads such as the Federal Register's "Proposed Rules".
 */
const GENERIC_LABEL = new RegExp(
  '^(' +
    [
      '(chapter|part|book|volume|vol\\.?|section|article|lecture|lesson|unit|act|scene|episode|appendix|exhibit|schedule|annex|item)\\s+([\\dIVXLCDM]+|one|two|three|four|five|six|seven|eight|nine|ten|[a-z])\\b[.:]?',
      'proposed rules?',
      'final rules?',
      'rules and regulations',
      'notices?',
      'presidential documents',
      'federal register',
      'contents',
      'table of contents',
      'abstract',
      'summary',
      'introduction',
      'preface',
      'foreword',
      'prologue',
      'epilogue',
      'acknowledge?ments?',
      'index',
      'glossary',
      'references',
      'bibliography',
      'copyright',
      'all rights reserved',
      'draft',
      'confidential',
      'execution (version|copy)',
      'title page',
      'cover page',
      'dedication',
    ].join('|') +
    ')$',
  'i',
);

/** Words that name a kind of document: a line holding one is likely the title. */
const DOCUMENT_TYPE =
  /\b(agreement|contract|amendment|lease|licen[cs]e|plan|policy|report|memorandum|deed|charter|bylaws|terms|statement|addendum|guide|manual|handbook|proposal|specification|thesis|dissertation|protocol|treaty|act|regulations?|standard)\b/i;

/** Small words that stay lowercase in a title-case line, in English and a few neighbours. */
const MINOR_WORDS = new Set('a an and as at but by for from in into nor of on or per the to upon via vs with de des du la le les et von und der die das y del el en'.split(' '));

/** Lines of the first pages considered. */
const LINES_CONSIDERED = 30;

/**
 * A document's title: the PDF's metadata title when it is meaningful, else the first line that
 * reads as a title (a document-type line, a line set larger than the body, a capitalised line),
 * cleaned of rules and underscores; else the file's name. `pages` (the composed pages) lets it
 * read single lines inside a block; without them it judges whole paragraphs.
 */
export function chooseTitle(metadataTitle: string | null, paragraphs: readonly Paragraph[], bodySize: number, file: string, pages?: readonly ComposedPage[]): string {
  const fromMetadata = metadataTitle === null ? null : meaningfulMetadataTitle(metadataTitle);
  if (fromMetadata) return fromMetadata;
  const lines = titleLines(paragraphs, pages);
  const candidates = lines.filter((l) => l.candidate);
  const large = (c: TitleLine) => bodySize > 0 && c.fontSize >= bodySize * 1.15;
  // A line naming the document's kind: in capitals or set large first, then in title case
  // ("Agreement Date" on a form is a field label, "FORM OF FRANCHISE AGREEMENT" the title).
  const typed = candidates.filter((c) => DOCUMENT_TYPE.test(c.text));
  const strong = typed.find((c) => isCapitals(c.text) || large(c)) ?? typed.find((c) => isTitleCase(c.text));
  if (strong) return withLinesAbove(strong, lines);
  const body = candidates.filter((c) => !c.furniture);
  const largest = [...body].sort((a, b) => b.fontSize - a.fontSize)[0];
  if (largest && large(largest)) return largest.text;
  const caps = body.find((c) => c.text.length <= 120 && isCapitals(c.text));
  if (caps) return caps.text;
  // A novel's or paper's title page set in one size: "The Time Machine" above "An Invention".
  const titled = body.slice(0, 3).find((c) => isTitleCase(c.text) && c.text.split(/\s+/).length <= 10);
  if (titled) return titled.text;
  return path.basename(file, path.extname(file));
}

/** The metadata title, tidied, or null when it names a file, a template, a running head or nothing. */
export function meaningfulMetadataTitle(raw: string): string | null {
  // "Microsoft Word - Endorsement Agreement.docx" still names the document; "Microsoft Word - 3_ACME_EX10.doc" does not.
  const stripped = raw
    .replace(/^\s*microsoft (word|powerpoint|excel)\s*-\s*/i, '')
    .replace(/\.(docx?|rtf|odt|pptx?|xlsx?)\s*$/i, '')
    .trim();
  if (JUNK_METADATA.test(stripped)) return null;
  const title = cleanTitle(stripped);
  if (title.length < 3 || title.length > 200) return null;
  if (NOT_A_TITLE.test(title) || GENERIC_LABEL.test(title)) return null;
  if (!/\p{L}{2}/u.test(title)) return null;
  return title;
}

/**
 * Rules, underscores and leaders stripped ("ENDORSEMENT AGREEMENT -------" → "ENDORSEMENT
 * AGREEMENT"), spaces collapsed, a trailing stop or colon dropped; letter case kept.
 */
export function cleanTitle(text: string, dropStop = true): string {
  const cleaned = text
    .replace(/[-_=~*.·•—–]{3,}/g, ' ')
    .replace(/_+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-–—:;,|]+\s*|\s*[-–—:;,|]+$/g, '');
  return dropStop ? cleaned.replace(/[.:,;]$/, '').trim() : cleaned;
}

interface TitleLine {
  /** Cleaned text. */
  text: string;
  /** Cleaned, a final stop kept ("INC."), for joining to the line below. */
  joinable: string;
  fontSize: number;
  /** The body paragraph the line belongs to; null for running heads and feet. */
  paragraph: Paragraph | null;
  /** A running head or foot (out of every paragraph): only a line naming the document's kind counts. */
  furniture: boolean;
  /** Short, not a label, not a sentence. */
  candidate: boolean;
}

/**
 * The first lines of the first two pages that have body text, cleaned, each marked whether it
 * could be a title. With `pages`, single lines of a block; without, whole paragraphs.
 */
function titleLines(paragraphs: readonly Paragraph[], pages?: readonly ComposedPage[]): TitleLine[] {
  const firstPages = [...new Set(paragraphs.map((p) => p.page))].slice(0, 2);
  const raw: Array<Omit<TitleLine, 'candidate' | 'joinable'>> = [];
  for (const [i, number] of firstPages.entries()) {
    const onPage = paragraphs.filter((p) => p.page === number);
    const text = pages?.find((p) => p.number === number)?.text;
    if (text === undefined) {
      raw.push(...onPage.map((p) => ({ text: p.text, fontSize: p.fontSize, paragraph: p, furniture: false })));
      continue;
    }
    let at = 0;
    for (const line of text.split('\n')) {
      const start = at;
      at += line.length + 1;
      if (line.trim() === '') continue;
      const paragraph = onPage.find((p) => p.charStart <= start && start < p.charEnd) ?? null;
      // A running head on the first page often repeats the title ("Supply Agreement - FUSION"); later ones do not help.
      if (paragraph || i === 0) raw.push({ text: line, fontSize: paragraph?.fontSize ?? 0, paragraph, furniture: paragraph === null });
    }
  }
  return raw.slice(0, LINES_CONSIDERED).map((l) => {
    const text = cleanTitle(l.text);
    const candidate = text.length >= 3 && text.length <= 150 && /\p{L}{3}/u.test(text) && !NOT_A_TITLE.test(text) && !GENERIC_LABEL.test(text) && !isSentence(text);
    return { ...l, text, joinable: cleanTitle(l.text, false), candidate };
  });
}

/**
 * A title broken over lines: up to two capitalised lines right above it in the same block
 * join it ("JOINT DEVELOPMENT AND MARKETING" + "AGREEMENT", "FORM OF" + "FRANCHISE AGREEMENT").
 */
function withLinesAbove(line: TitleLine, lines: readonly TitleLine[]): string {
  let text = line.text;
  const at = lines.indexOf(line);
  if (!line.paragraph || !isCapitals(line.text)) return text;
  for (let i = at - 1; i >= Math.max(0, at - 2); i--) {
    const above = lines[i]!;
    if (above.paragraph !== line.paragraph || !isCapitals(above.text) || NOT_A_TITLE.test(above.text) || GENERIC_LABEL.test(above.text) || isSentence(above.text)) break;
    if (above.joinable.length + text.length + 1 > 120) break;
    text = `${above.joinable} ${text}`;
  }
  return text;
}

function isCapitals(text: string): boolean {
  return /\p{Lu}/u.test(text) && text === text.toUpperCase();
}

/** Most words start with a capital, small words aside: "Oceanic Time Warner Cable and Watchit Media Content and License Agreement". */
function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length === 0 || words.length > 16) return false;
  const major = words.filter((w, i) => i === 0 || !MINOR_WORDS.has(w.toLowerCase()));
  return major.filter((w) => /^\p{Lu}/u.test(w)).length / major.length >= 0.8;
}

/** Running prose rather than a heading: many words and a finite verb's company, or a full stop inside. */
function isSentence(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words > 20 || (words > 12 && isCapitals(text)) || (words > 8 && /[a-z]\.\s+\p{Lu}/u.test(text)) || (words > 10 && !isCapitals(text) && !isTitleCase(text));
}
