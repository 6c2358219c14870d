/**
 * Defined terms of a contract, found by the forms drafters use:
 *   "Licensee" means … / "X" shall mean … / "X" has the meaning given in …
 *   Acme Corp., a Delaware corporation (the "Company" or "ACME")
 *   (each, a "Party" and together, the "Parties") / ("Effective Date")
 *   …, hereinafter referred to as "X"
 * with straight or curly quotes. A parenthesis only counts when it holds nothing but
 * quoted names and connecting words, which keeps "(see "Section 5")" and quoted
 * phrases in running text out.
 */
import { sentenceAround, sentenceStarts } from './sentenceAt.js';

export interface DefinedTermFinding {
  /** The quoted names, cleaned; the first is the one defined, the rest its aliases. */
  names: string[];
  /** The defining sentence, or for a parenthesis the phrase it names; null when there is none. */
  definition: string | null;
  passage: number;
  /** Offsets in the passage of the quote or parenthesis that defines it. */
  start: number;
  end: number;
  form: 'means' | 'parenthesis' | 'hereinafter';
  /** A name for several things at once: `(each, a "Party" and together, the "Parties")`. */
  collective: boolean;
}

const QUOTED = String.raw`(?:“[^“”"\n]{1,80}[”"]|"[^"“”\n]{1,80}["”]|‘[^‘’\n]{1,80}’|'[^'\n]{1,80}')`;
const QUOTED_NAME = new RegExp(QUOTED, 'g');
/** One or a few quoted names followed by a defining verb. */
const MEANS = new RegExp(
  String.raw`(${QUOTED}(?:\s*(?:,|or|and|/)\s*${QUOTED}){0,3})\s*,?\s*(?:shall\s+|will\s+|does\s+|do\s+)?(?:means?|ha(?:s|ve)\s+the\s+meanings?|shall\s+have\s+the\s+meanings?|refers?\s+to|shall\s+refer\s+to|is\s+defined\s+as|shall\s+include|includes?)\b`,
  'g',
);
const PARENTHESIS = /\(([^()]{1,240})\)/g;
/** A parenthesis whose closing quote was lost: `(the "WebCrawler Site)`. */
const UNCLOSED = /^\s*(?:the\s+)?["“]([^"“”]{1,60})$/i;
const HEREINAFTER = new RegExp(
  String.raw`\bhereinafter\s*,?\s+(?:(?:collectively|individually|jointly)\s*,?\s+)?(?:referred\s+to\s+as\s+|called\s+|known\s+as\s+)?(?:the\s+)?(${QUOTED})`,
  'gi',
);
/** Words a defining parenthesis may hold besides the quoted names. */
const CONNECTORS = new Set([
  'the',
  'a',
  'an',
  'each',
  'and',
  'or',
  'together',
  'collectively',
  'individually',
  'jointly',
  'severally',
  'hereinafter',
  'hereafter',
  'herein',
  'referred',
  'to',
  'as',
  'called',
  'also',
  'known',
  'respectively',
  'being',
  'either',
  'both',
  'any',
  'all',
  'such',
  'one',
  'which',
  'shall',
  'be',
  'is',
  'are',
  'in',
  'this',
  'agreement',
  'its',
  'their',
  'hereto',
  'hereunder',
  'applicable',
]);
const CROSS_REFERENCE = /\b(?:Section|Article|Exhibit|Schedule|Clause|Appendix|Annex|Paragraph|Part)\s+[\w.-]{1,12}(?:\s+(?:of|to|in)\s+(?:this|the)\s+\w+)?\s*,?\s*$/i;
const COLLECTIVE = /\b(?:each|together|collectively|jointly|individually|respectively)\b/i;
const MAX_DEFINITION = 600;
const MAX_PHRASE = 300;

/**
 * Every defining occurrence in the passages, in document order. `headingEnds` are the
 * offsets where headings inside a passage end: a heading is not part of the sentence after it.
 */
export function findDefinedTerms(passages: ReadonlyArray<{ text: string; headingEnds?: readonly number[] }>): DefinedTermFinding[] {
  const found: DefinedTermFinding[] = [];
  passages.forEach((p, passage) => {
    const text = p.text;
    // Cheap gate: no quote character, no defined term.
    if (!/["“”‘’']/.test(text)) return;
    let starts: number[] | null = null;
    const sentences = () => (starts ??= mergeStarts(sentenceStarts(text), p.headingEnds));
    const inPassage: DefinedTermFinding[] = [];

    for (const m of text.matchAll(MEANS)) {
      const names = quotedNames(m[1]!);
      if (names.length === 0) continue;
      inPassage.push({ names, definition: null, passage, start: m.index, end: m.index + m[0].length, form: 'means', collective: false });
    }
    // A definition runs from its sentence's start to its end, or to the next definition in the same passage.
    inPassage.forEach((f, i) => {
      const [sentenceStart, sentenceEnd] = sentenceAround(text, sentences(), f.start);
      const from = Math.max(sentenceStart, i > 0 ? inPassage[i - 1]!.end : 0);
      const next = inPassage[i + 1]?.start ?? Infinity;
      // Text between the previous definition and this one's quote is that one's tail, or a list label.
      const lead = text.slice(from, f.start);
      const start = i > 0 && from > sentenceStart ? f.start : from + leadingLabel(lead);
      f.definition = clip(text.slice(start, Math.min(sentenceEnd, next)), MAX_DEFINITION);
    });

    for (const m of text.matchAll(PARENTHESIS)) {
      const inside = m[1]!;
      if (!/["“‘']/.test(inside)) continue;
      let names = quotedNames(inside);
      let rest = inside.replace(QUOTED_NAME, ' ');
      if (names.length === 0) {
        const unclosed = UNCLOSED.exec(inside);
        if (!unclosed) continue;
        names = quotedNames(`"${unclosed[1]}"`);
        rest = '';
      }
      if (names.length === 0 || !onlyConnectors(rest)) continue;
      if (inPassage.some((f) => f.start <= m.index && m.index < f.end)) continue;
      // "Section 1 ("Definitions")" names a heading it refers to, not a term.
      if (CROSS_REFERENCE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      const [sentenceStart, sentenceEnd] = sentenceAround(text, sentences(), m.index);
      inPassage.push({
        names,
        // (each, a "Party" and together, the "Parties") after a list names what the whole sentence says.
        definition: phraseBefore(text, sentenceStart, m.index) ?? clip(text.slice(sentenceStart, sentenceEnd), MAX_DEFINITION),
        passage,
        start: m.index,
        end: m.index + m[0].length,
        form: 'parenthesis',
        collective: COLLECTIVE.test(rest),
      });
    }

    for (const m of text.matchAll(HEREINAFTER)) {
      if (inPassage.some((f) => f.start <= m.index && m.index < f.end)) continue;
      const names = quotedNames(m[1]!);
      if (names.length === 0) continue;
      const [sentenceStart] = sentenceAround(text, sentences(), m.index);
      inPassage.push({
        names,
        definition: phraseBefore(text, sentenceStart, m.index),
        passage,
        start: m.index,
        end: m.index + m[0].length,
        form: 'hereinafter',
        collective: false,
      });
    }
    inPassage.sort((a, b) => a.start - b.start);
    found.push(...inPassage);
  });
  return found;
}

function mergeStarts(sentences: number[], headingEnds: readonly number[] | undefined): number[] {
  if (!headingEnds || headingEnds.length === 0) return sentences;
  return [...new Set([...sentences, ...headingEnds])].sort((a, b) => a - b);
}

/** The defined names in a run of quoted strings, cleaned, invalid ones dropped. */
function quotedNames(run: string): string[] {
  const names: string[] = [];
  for (const m of run.matchAll(QUOTED_NAME)) {
    const name = cleanTermName(m[0].slice(1, -1));
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * A quoted string as a term name, or null when it does not look like one: names start
 * with a capital or digit, have at most 8 words and contain no sentence.
 */
export function cleanTermName(raw: string): string | null {
  // Quote marks left inside by mismatched quotes: (“FDA’).
  let name = raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["“”‘’']+|["“”‘’']+$/g, '');
  name = name.replace(/^(?:the|a|an)\s+(?=\p{Lu})/iu, ''); // ("the Effective Date")
  name = name.replace(/[\s,.;:]+$/, ''); // American punctuation inside the quotes: "Company,"
  name = name.replace(/\((?:s|es|ies)\)$/i, ''); // "Affiliate(s)"
  if (name.length < 2 || name.length > 60) return null;
  if (!/^[\p{Lu}\d]/u.test(name) || !/\p{L}/u.test(name)) return null;
  if (name.split(' ').length > 8 || /[.!?;:]\s/.test(name)) return null;
  // Lower-case words past the first that are not short connectors mean a phrase, not a name.
  const lowerWords = name
    .split(' ')
    .slice(1)
    .filter((w) => /^\p{Ll}/u.test(w) && !/^(?:of|and|or|for|the|in|on|to|a|an|by|with|de|per)$/.test(w));
  if (lowerWords.length > 1) return null;
  return name;
}

function onlyConnectors(rest: string): boolean {
  const words = rest
    .toLowerCase()
    .split(/[\s,;:]+/)
    .filter((w) => w !== '');
  return words.every((w) => CONNECTORS.has(w));
}

/**
 * How much of the text before a definition's quote to skip: all of it when it ends with a
 * list label ("1.2 ", "(a) ") or has no lower-case word (page numbers, running headers
 * glued on by extraction); none when it is prose ("As used in this Agreement, ").
 */
function leadingLabel(lead: string): number {
  if (/(?:^|\s)(?:\(?\d{1,3}(?:\.\d{1,3})*\.?\)?|\(?[a-z]{1,2}\)|[a-z]\.|[ivxlc]{1,5}[.)])\s*$/i.test(lead)) return lead.length;
  return /\p{Ll}{2}/u.test(lead) ? 0 : lead.length;
}

/**
 * What a parenthetical definition names: the text before it in its sentence, back to an
 * earlier parenthesis, a semicolon or colon, or the word that opens a list of parties
 * ("between", "among"), e.g. "Acme Corp., a Delaware corporation".
 */
function phraseBefore(text: string, sentenceStart: number, at: number): string | null {
  let segment = text.slice(sentenceStart, at);
  // A colon ends a clause, not the one in "http://".
  const cut = Math.max(segment.lastIndexOf(')'), segment.lastIndexOf(';'), segment.search(/:\s(?!.*:\s)/));
  if (cut >= 0) segment = segment.slice(cut + 1);
  const opener = [...segment.matchAll(/\b(?:by and between|by and among|between|among|and|by)\s+(?=[\p{Lu}\d"“])/gu)].at(-1);
  if (opener && /between|among/.test(opener[0])) segment = segment.slice(opener.index + opener[0].length);
  else if (opener && cut >= 0 && segment.slice(0, opener.index).trim().replace(/^,/, '').trim() === '') segment = segment.slice(opener.index + opener[0].length);
  segment = segment.replace(/^[\s,;]+/, '').replace(/[\s,;]+$/, '');
  if (segment.length < 2) return null;
  if (segment.length > MAX_PHRASE) {
    const tail = segment.slice(segment.length - MAX_PHRASE);
    segment = `…${tail.slice(tail.indexOf(' ') + 1)}`;
  }
  return segment;
}

function clip(text: string, max: number): string | null {
  const t = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.:;,—–-]+\s*/, '');
  if (t.length === 0) return null;
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}
