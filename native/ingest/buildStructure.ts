import { detectHeading, wordCount, type Heading } from './detectHeading.js';
import type { Paragraph, PassageDraft, SectionDraft } from '../model/documentModel.js';
import type { OutlineEntry } from './pageModel.js';
import { splitParagraph, type ParagraphUnit } from './splitParagraph.js';

export interface PassageLimits {
  /** Default 80. Sections shorter than this are merged with their neighbours under the same parent. */
  minWords: number;
  /** Default 150: a passage closes at the first paragraph end past this. */
  targetWords: number;
  /** Default 250: a passage never grows past this. */
  maxWords: number;
}

export const DEFAULT_PASSAGE_LIMITS: PassageLimits = { minWords: 80, targetWords: 150, maxWords: 250 };

export interface StructureInput {
  paragraphs: Paragraph[];
  /** The PDF outline; used for sections when it has at least two entries with pages. */
  outline?: OutlineEntry[];
  /** Body font size, 0 when unknown. */
  bodySize: number;
  /** Headings already known (Markdown), by paragraph index; skips detection. */
  knownHeadings?: Map<number, Heading>;
  limits?: PassageLimits;
}

/** Sections of the document, and the paragraphs each section starts at. */
export function buildStructure(input: StructureInput): { sections: SectionDraft[]; passages: PassageDraft[] } {
  const limits = input.limits ?? DEFAULT_PASSAGE_LIMITS;
  const starts = input.knownHeadings
    ? [...input.knownHeadings].map(([paragraph, h]) => ({ paragraph, title: h.title, level: h.level, runIn: false }))
    : (input.outline?.filter((e) => e.page !== null).length ?? 0) >= 2
      ? sectionsFromOutline(input.paragraphs, input.outline!)
      : sectionsFromHeadings(input.paragraphs, input.bodySize);
  const sections: SectionDraft[] = [];
  // Open sections with the heading level that opened them: that level (not the
  // nesting depth) decides which of them a new heading closes.
  const stack: Array<{ section: SectionDraft; headingLevel: number }> = [];
  const sectionOfParagraph = new Array<number | null>(input.paragraphs.length).fill(null);
  const headingOnly = new Set<number>();
  let s = 0;
  for (let p = 0; p < input.paragraphs.length; p++) {
    while (s < starts.length && starts[s]!.paragraph === p) {
      const start = starts[s]!;
      while (stack.length > 0 && stack.at(-1)!.headingLevel >= start.level) stack.pop();
      const section: SectionDraft = {
        index: sections.length,
        parent: stack.at(-1)?.section.index ?? null,
        level: stack.length + 1,
        title: start.title,
        page: input.paragraphs[p]!.page,
      };
      sections.push(section);
      stack.push({ section, headingLevel: start.level });
      if (!start.runIn && wordCount(input.paragraphs[p]!.text) <= wordCount(start.title) + 2) headingOnly.add(p);
      s++;
    }
    sectionOfParagraph[p] = stack.at(-1)?.section.index ?? null;
  }
  const passages = buildPassages(input.paragraphs, sectionOfParagraph, headingOnly, sections, limits);
  return { sections, passages };
}

interface SectionStart {
  paragraph: number;
  title: string;
  level: number;
  runIn: boolean;
}

function sectionsFromHeadings(paragraphs: Paragraph[], bodySize: number): SectionStart[] {
  const repeated = repeatedLines(paragraphs);
  const found: Array<SectionStart & { kind: Heading['kind'] }> = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const h = !p.tableRow && (p.lineCount <= 3 || /^\S/.test(p.text)) ? detectHeading(p.text, p.fontSize, bodySize, p.bold === true) : null;
    if (!h || (h.runIn === false && p.lineCount > 3)) continue;
    if (h.runIn === false && repeated.has(normalize(p.text))) continue;
    const prev = found.at(-1);
    // "ARTICLE IV" then "TERMINATION" on the next line: one heading.
    if (prev && prev.paragraph === i - 1 && prev.kind === 'division' && wordCount(prev.title) <= 2 && (h.kind === 'caps' || h.kind === 'large' || h.kind === 'bold')) {
      prev.title = `${prev.title} — ${h.title}`;
      continue;
    }
    found.push({ paragraph: i, title: h.title, level: h.level, runIn: h.runIn, kind: h.kind });
  }
  // Numbered sections sit under articles/chapters when a document has both.
  const hasDivisions = found.some((f) => f.kind === 'division');
  if (hasDivisions) for (const f of found) if (f.kind !== 'division') f.level += 1;
  return found;
}

/**
 * Short paragraphs whose text recurs on at least three pages and a
 * quarter of them: a running header or stamp that slipped past page furniture, never
 * a section ("EXECUTION COPY" six times in the section tree).
 */
function repeatedLines(paragraphs: Paragraph[]): Set<string> {
  const pagesOf = new Map<string, Set<number>>();
  for (const p of paragraphs) {
    if (p.lineCount > 3) continue;
    const key = normalize(p.text);
    let set = pagesOf.get(key);
    if (!set) pagesOf.set(key, (set = new Set()));
    set.add(p.page);
  }
  const pageCount = new Set(paragraphs.map((p) => p.page)).size;
  const repeated = new Set<string>();
  for (const [key, pages] of pagesOf) if (pages.size >= Math.max(3, pageCount * 0.25)) repeated.add(key);
  return repeated;
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function sectionsFromOutline(paragraphs: Paragraph[], outline: OutlineEntry[]): SectionStart[] {
  const starts: SectionStart[] = [];
  let cursor = 0;
  for (const entry of outline) {
    if (entry.page === null) continue;
    let first = paragraphs.findIndex((p, i) => i >= cursor && p.page >= entry.page!);
    if (first < 0) continue;
    const wanted = normalize(entry.title);
    for (let i = first; i < paragraphs.length && paragraphs[i]!.page === entry.page; i++) {
      if (wanted && normalize(paragraphs[i]!.text).startsWith(wanted)) {
        first = i;
        break;
      }
    }
    // Several entries may start at one paragraph (a chapter and its first section); keep them all, in order.
    starts.push({ paragraph: first, title: entry.title, level: entry.level, runIn: true });
    cursor = first;
  }
  return starts;
}

type Unit = ParagraphUnit;

function buildPassages(paragraphs: Paragraph[], sectionOf: Array<number | null>, headingOnly: Set<number>, sections: SectionDraft[], limits: PassageLimits): PassageDraft[] {
  const drafts: Array<{ section: number | null; units: Unit[]; words: number }> = [];
  let current: { section: number | null; units: Unit[]; words: number } | null = null;
  const carried: Unit[] = [];
  const close = () => {
    if (current && current.units.length > 0) drafts.push(current);
    current = null;
  };
  for (let i = 0; i < paragraphs.length; i++) {
    const section = sectionOf[i]!;
    const units = splitParagraph(paragraphs[i]!, limits.maxWords);
    if (headingOnly.has(i) && sectionOf[i + 1] !== undefined && sectionOf[i + 1] !== section) {
      // A heading with nothing under it before the next heading travels with the next passage.
      close();
      carried.push(...units);
      continue;
    }
    if (current && current.section !== section) close();
    for (const unit of [...carried.splice(0), ...units]) {
      if (current && (current.words + unit.words > limits.maxWords || (unit.opensParagraph && current.words >= limits.targetWords))) close();
      if (!current) current = { section, units: [], words: 0 };
      current.units.push(unit);
      current.words += unit.words;
    }
  }
  if (carried.length > 0) {
    if (!current) current = { section: sectionOf.at(-1) ?? null, units: [], words: 0 };
    current.units.push(...carried);
    current.words += carried.reduce((n, u) => n + u.words, 0);
  }
  close();
  const byPage = new Map<number, Paragraph[]>();
  for (const p of paragraphs) {
    let list = byPage.get(p.page);
    if (!list) byPage.set(p.page, (list = []));
    list.push(p);
  }
  return mergeSmall(drafts, sections, limits).map((d) => toPassage(d, byPage));
}

/** Merges passages under `minWords` with a neighbour under the same parent section. */
function mergeSmall(
  drafts: Array<{ section: number | null; units: Unit[]; words: number }>,
  sections: SectionDraft[],
  limits: PassageLimits,
): Array<{ section: number | null; units: Unit[]; words: number }> {
  const parentOf = (s: number | null) => (s === null ? null : sections[s]!.parent);
  const out: typeof drafts = [];
  for (const d of drafts) {
    const prev = out.at(-1);
    if (prev && (prev.words < limits.minWords || d.words < limits.minWords) && prev.words + d.words <= limits.maxWords) {
      const shared = commonSection(prev.section, d.section, parentOf);
      // Never fold a section into "no section": its passages would lose their heading.
      const losesSection = shared === null && (prev.section !== null || d.section !== null);
      if (shared !== undefined && !losesSection) {
        prev.units.push(...d.units);
        prev.words += d.words;
        prev.section = shared;
        continue;
      }
    }
    out.push({ ...d, units: [...d.units] });
  }
  return out;
}

/** The section that holds both: one of them if nested, their shared parent if siblings; undefined otherwise. */
function commonSection(a: number | null, b: number | null, parentOf: (s: number | null) => number | null): number | null | undefined {
  if (a === b) return a;
  for (let s: number | null = b; s !== null; s = parentOf(s)) if (s === a) return a;
  for (let s: number | null = a; s !== null; s = parentOf(s)) if (s === b) return b;
  if (parentOf(a) === parentOf(b)) return parentOf(a);
  return undefined;
}

function toPassage(d: { section: number | null; units: Unit[]; words: number }, byPage: Map<number, Paragraph[]>): PassageDraft {
  const spans: PassageDraft['spans'] = [];
  for (const u of d.units) {
    const last = spans.at(-1);
    // Sentences cut from one paragraph are contiguous: keep them as one span.
    if (last && last.page === u.page && !u.opensParagraph && last.charEnd <= u.charStart && u.charStart - last.charEnd <= 1) last.charEnd = u.charEnd;
    else spans.push({ page: u.page, charStart: u.charStart, charEnd: u.charEnd });
  }
  const text = spans.map((s) => sliceParagraphText(byPage.get(s.page)!, s.charStart, s.charEnd)).join(' ');
  return { section: d.section, page: spans[0]!.page, pageEnd: spans.at(-1)!.page, text, wordCount: d.words, spans };
}

function sliceParagraphText(pageParagraphs: Paragraph[], start: number, end: number): string {
  const p = pageParagraphs.find((q) => q.charStart <= start && end <= q.charEnd)!;
  return p.text.slice(start - p.charStart, end - p.charStart);
}
