/**
 * The parties of a contract, from its preamble: "… by and between Excite, Inc., a Delaware
 * corporation (“Excite”), and Vitamin Shoppe Industries Inc. (“Client”)" or "between
 * Northwind Logistics Ltd, the Supplier, and Harbor Analytics Inc., the Customer". Each
 * party keeps the short names the preamble gives it as aliases.
 */
import type { DefinedTermFinding } from './findDefinedTerms.js';
import { sentenceAround, sentenceStarts } from './sentenceAt.js';

export interface PartyFinding {
  /** The legal name as the preamble writes it. */
  name: string;
  /** Short names: a parenthetical defined name ("Excite") or a role ("the Supplier"). */
  aliases: string[];
  passage: number;
}

/** The preamble is near the top: the first passages, up to this many characters. */
const PREAMBLE_CHARS = 6000;
const PREAMBLE_PASSAGES = 8;
const OPENER = /\b(?:by and between|by and among|between|among)(?:\s*:)?\s+/gi;
const SUFFIX = String.raw`(?:Inc|INC|Incorporated|INCORPORATED|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|Corp|CORP|Corporation|CORPORATION|Co|CO|Company|COMPANY|L\.?P|LLP|PLC|plc|N\.V|B\.V|S\.A|S\.A\.S|AG|GmbH|S\.p\.A|Pty|PTY|PC|P\.C)\.?`;
/** A capitalised word, or one like "eFashion" or "iRobot". */
const NAME_WORD = String.raw`(?:(?:[\p{Lu}\d]|\p{Ll}(?=\p{Lu}))[\p{L}\d.&'’-]*)`;
/** "(1)", "(a)": how some preambles number the parties. */
const ENUMERATOR = /^\(\w{1,3}\)\s*/;
const NAME_CONNECTOR = String.raw`(?:of|and|&|de|la|du|der|van|von|for|the)`;
/** A capitalised name, with connectors inside it and a corporate suffix after a comma. */
const LEADING_NAME = new RegExp(String.raw`^(?:The\s+)?${NAME_WORD}(?:(?:\s+(?:${NAME_CONNECTOR}\s+)?|,\s+(?=${SUFFIX}(?:\W|$)))${NAME_WORD})*`, 'u');
const ROLE = /^\s*,\s*(?:the|as\s+the|as)\s+["“]?(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)["”]?\s*(?:[,.;)]|$)/u;
const MAX_PARTIES = 6;

/** Parties named in the first list of them the preamble gives; [] when there is none. */
export function findParties(passages: ReadonlyArray<{ text: string }>, terms: readonly DefinedTermFinding[]): PartyFinding[] {
  let chars = 0;
  for (let passage = 0; passage < Math.min(passages.length, PREAMBLE_PASSAGES) && chars < PREAMBLE_CHARS; passage++) {
    const text = passages[passage]!.text;
    chars += text.length;
    let starts: number[] | null = null;
    for (const m of text.matchAll(OPENER)) {
      const from = m.index + m[0].length;
      const [, sentenceEnd] = sentenceAround(text, (starts ??= sentenceStarts(text)), from);
      const parties = partiesIn(
        text,
        from,
        Math.min(sentenceEnd, from + 1500),
        passage,
        terms.filter((t) => t.passage === passage),
      );
      if (parties.length >= 2) return parties;
    }
  }
  return [];
}

function partiesIn(text: string, from: number, to: number, passage: number, terms: readonly DefinedTermFinding[]): PartyFinding[] {
  const parties: PartyFinding[] = [];
  for (const [start, end] of splitList(text, from, to)) {
    const chunk = text.slice(start, end).trimStart().replace(ENUMERATOR, '');
    const name = leadingName(chunk);
    if (!name) {
      // "between the parties hereto": a list that does not start with a name is not the preamble's.
      if (parties.length === 0) return [];
      continue;
    }
    const aliases: string[] = [];
    const defined = terms.find((t) => t.form !== 'means' && t.start >= start && t.start < end);
    if (defined && !defined.collective) aliases.push(...defined.names);
    const role = ROLE.exec(chunk.slice(name.length));
    if (role && !aliases.includes(role[1]!)) aliases.push(role[1]!);
    parties.push({ name, aliases, passage });
    if (parties.length === MAX_PARTIES) break;
  }
  return parties;
}

/**
 * Splits "A, a corporation (“A”), and B (“B”)" into its members: at "and" or ";" before a
 * capital, and at ", " after a closing parenthesis before a capital, outside brackets.
 */
function splitList(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const rest = text.slice(i, i + 20);
    const m = /^(?:,?\s+and\s+|;\s*(?:and\s+)?|\),\s+)(?=(?:\(\w{1,3}\)\s*)?(?:the\s+)?(?:[\p{Lu}\d]|\p{Ll}\p{Lu}))/u.exec(rest);
    if (!m || (c !== ',' && c !== ' ' && c !== ';' && c !== ')')) continue;
    // "… under the laws of England and Wales": a bare "and" inside a description does not start a party.
    if (c === ' ' && /\s\p{Ll}{3,}/u.test(text.slice(start, i).replace(/\s(?:of|and|the|for|de|du|la|van|von|der)\b/g, ''))) continue;
    const cut = c === ')' ? i + 1 : i;
    if (cut > start) parts.push([start, cut]);
    start = i + m[0].length;
    i = start - 1;
  }
  if (to > start) parts.push([start, to]);
  return parts;
}

function leadingName(chunk: string): string | null {
  const m = LEADING_NAME.exec(chunk);
  if (!m) return null;
  let name = m[0].replace(/\s+/g, ' ');
  // Connectors and stray punctuation at the end belong to what follows.
  name = name.replace(/(?:\s+(?:of|and|&|de|la|du|der|van|von|for|the))+$/u, '').replace(/[,'’-]+$/, '');
  if (!new RegExp(`${SUFFIX}$`, 'u').test(name)) name = name.replace(/\.$/, '');
  if (!/\p{L}{2}/u.test(name) || /^(?:This|That|Such|Each|Any|All|The|You|We|Us|Me|It|They)$/i.test(name)) return null;
  return name.length <= 120 ? name : null;
}
