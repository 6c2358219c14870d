/**
 * Clause concepts (resources/clauseConcepts.json): what a contract provides whatever its
 * headings call it. A contract that never titles a clause "Non-Compete" still restricts
 * competition in its text, and a person who asks "can they compete with us?" asks about the
 * same thing. Concepts become `topic` entities keyed like heading topics, so a "Governing
 * Law" heading and the governing-law wording of an untitled clause are one entity.
 * Read once per process and validated; a malformed file is a packaging fault.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LecternError } from '../../api/errors.js';
import { entityKey } from './entityKey.js';
import { SubstringScreen } from './SubstringScreen.js';

/** resources/ beside the compiled engine (dist/native/knowledge/entities → repository root). */
export const DEFAULT_CONCEPTS_FILE = fileURLToPath(new URL('../../../../resources/clauseConcepts.json', import.meta.url));

const pattern = z
  .string()
  .min(3)
  .max(300)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, 'iu');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `"${source}" is not a regular expression: ${(error as Error).message}` });
    }
  });

const conceptSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case id of letters, digits and hyphens'),
  name: z
    .string()
    .min(3)
    .max(60)
    .regex(/^[\p{Ll}][\p{Ll} '-]*$/u, 'a lower-case phrase, as topics are named'),
  question: z
    .string()
    .max(160)
    .refine((q) => q.includes('{noun}') && q.trim().endsWith('?') && q.indexOf('?') === q.length - 1, 'a question that names the document as {noun} and ends with its only "?"'),
  // Matched against lower-cased text without the i flag (ten times faster than case-insensitive Unicode patterns): so written in lower case.
  cues: z.array(pattern.refine((p) => !/[A-Z]/.test(p.replace(/\\[a-zA-Z]|\\[pP]\{[^}]*\}/g, '')), 'a pattern written in lower case (escapes aside)')).min(1),
  asked: z.array(pattern).default([]),
});

export const clauseConceptsSchema = z.object({ note: z.string().optional(), concepts: z.array(conceptSchema).min(1) }).superRefine((file, ctx) => {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const c of file.concepts) {
    if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `the id "${c.id}" is used twice` });
    const key = entityKey(c.name);
    if (keys.has(key)) ctx.addIssue({ code: 'custom', message: `"${c.name}" has the same key as another concept's name` });
    ids.add(c.id);
    keys.add(key);
  }
});

export type ClauseConceptsFile = z.infer<typeof clauseConceptsSchema>;

/** One concept, its patterns compiled. */
export interface ClauseConcept {
  id: string;
  name: string;
  /** Entity key of the name: the topic entity the concept is. */
  key: string;
  /** The question with `{noun}` in place of the document's noun. */
  question: string;
  cues: RegExp[];
  /** The cues for lower-cased text (no i flag): what `findConcepts` runs. */
  lowerCues: RegExp[];
  /** Per cue, lower-case words one of which every match of it holds (see `requiredWords`), or null: passages without any are not searched. */
  anchors: Array<string[] | null>;
  /** Per cue, groups of literal strings one of each of which every match of it holds (see `requiredLiterals`): a passage that lacks a group is not searched either. */
  literals: string[][][];
  /** Cues, the name's words, and the `asked` patterns: what names it in a person's question. */
  askedIn: RegExp[];
}

/** Compiles a validated file's concepts. */
export function compileConcepts(file: ClauseConceptsFile): ClauseConcept[] {
  return file.concepts.map((c) => {
    const cues = c.cues.map((p) => new RegExp(p, 'giu'));
    const lowerCues = c.cues.map((p) => new RegExp(p, 'gu'));
    // The name itself, its words in order with anything but a sentence end between ("non-compete", "non compete").
    const nameWords = c.name.split(/[\s-]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const byName = new RegExp(`\\b${nameWords.join('[\\s-]*')}(?:s|es)?(?![\\p{L}\\p{N}])`, 'giu');
    return {
      id: c.id,
      name: c.name,
      key: entityKey(c.name),
      question: c.question,
      cues,
      lowerCues,
      anchors: c.cues.map(requiredWords),
      literals: c.cues.map(requiredLiterals),
      askedIn: [byName, ...cues, ...c.asked.map((p) => new RegExp(p, 'giu'))],
    };
  });
}

/** Reads and validates a concepts file. Throws INTERNAL naming the file and the first problem. */
export function readClauseConcepts(file = DEFAULT_CONCEPTS_FILE): ClauseConcept[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LecternError('INTERNAL', `The clause concepts ${file} cannot be read: ${(error as Error).message}. Reinstall Lectern.`, { cause: error });
  }
  const parsed = clauseConceptsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LecternError('INTERNAL', `The clause concepts ${file} are malformed: ${issue?.path.join('.') ?? ''} ${issue?.message}. Reinstall Lectern.`);
  }
  return compileConcepts(parsed.data);
}

let cached: ClauseConcept[] | null = null;
let byKey: Map<string, ClauseConcept> | null = null;

/** The shipped concepts, read on first use and kept. */
export function clauseConcepts(): ClauseConcept[] {
  cached ??= readClauseConcepts();
  return cached;
}

/** The concept whose topic has this entity key, if any. */
export function conceptByKey(key: string): ClauseConcept | undefined {
  byKey ??= new Map(clauseConcepts().map((c) => [c.key, c]));
  return byKey.get(key);
}

/** Shortest literal worth screening with: shorter ones are in too many passages to save anything. */
const MIN_ANCHOR = 4;

/**
 * Words one of which every match of a pattern contains, lower-cased, or null when none can be
 * told safely: the longest run of letters the pattern requires, or else the alternatives of a
 * required group of plain words (`(prices?|pricing|fees)` → price, pricing, fees). Only the
 * pattern's top level is read: a class, an escape or a group ends a run (a top-level `|` means
 * nothing is required at all), and a letter or group made optional by a quantifier (`?`, `*`,
 * `{0,…}`) is dropped. Case-insensitive patterns match their letters in any case, so screening
 * the lower-cased text with these loses no match.
 */
export function requiredWords(source: string): string[] | null {
  let run = '';
  let best = '';
  let choice: string[] | null = null;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  const optionalAt = (i: number) => /^([?*]|\{0[,}])/.test(source.slice(i));
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      end();
      i++;
      continue;
    }
    if (ch === '[') {
      end();
      // Skip the class, escapes inside it included.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(') {
      end();
      let depth = 1;
      let j = i + 1;
      for (; j < source.length && depth > 0; j++) {
        if (source[j] === '\\') j++;
        else if (source[j] === '(') depth++;
        else if (source[j] === ')') depth--;
      }
      const inner = source.slice(i + 1, j - 1).replace(/^\?:/, '');
      // A required group of plain words, each maybe ending in an optional letter: one of them is in every match.
      const words = inner.split('|').map((w) => (/^[a-z]+ ?[a-z]*\??$/i.test(w) ? w.replace(/.\?$/, '').toLowerCase() : null));
      if (!optionalAt(j) && words.every((w): w is string => w !== null && w.length >= MIN_ANCHOR) && (choice === null || words.length < choice.length)) choice = words;
      i = j - 1;
      continue;
    }
    if (ch === '|') return null;
    if (optionalAt(i)) {
      // The letter before is optional.
      run = run.slice(0, -1);
      end();
      continue;
    }
    if (/[a-z]/i.test(ch)) run += ch.toLowerCase();
    else end();
  }
  end();
  if (best.length >= MIN_ANCHOR) return [best];
  return choice;
}

/** Literals shorter than this are in nearly every passage: looking for them spares nothing. */
const MIN_LITERAL = 3;
/** Characters with a meaning in a pattern; any other stands for itself. */
const SYNTAX = new Set(['\\', '[', ']', '(', ')', '{', '}', '|', '^', '$', '.', '*', '+', '?']);

/**
 * What every match of a pattern holds, as groups of literal strings one of each of which is
 * in the match, most telling first: its top level's runs of characters that stand for
 * themselves ("acts of god" gives [" of god"]; spaces count), and for a required group
 * each alternative's own longest such string ("(own|owns|vest)" gives ["own", "owns",
 * "vest"]). Any syntax ends a run (an escape, a class, a wildcard, an anchor); a character
 * or group under a quantifier that allows none (`?`, `*`, `{0,…}`) is not required, one
 * that may repeat ends the run; a lookaround requires nothing; a top-level `|` means
 * nothing is required. What every match holds is in the text searched, so a passage
 * without any string of one of these groups cannot match: the screen loses nothing.
 */
export function requiredLiterals(source: string): string[][] {
  const alternatives = splitAlternatives(source);
  if (alternatives.length !== 1) return [];
  const found: string[][] = [];
  let run = '';
  const end = () => {
    if (run.length >= MIN_LITERAL && !found.some((f) => f.length === 1 && f[0] === run)) found.push([run]);
    run = '';
  };
  const optionalAt = (i: number) => source[i] === '?' || source[i] === '*' || source.startsWith('{0', i);
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (!SYNTAX.has(ch)) {
      const next = source[i + 1];
      if (next === '?' || next === '*' || next === '+' || next === '{') {
        // Quantified: maybe absent, maybe repeated, so never inside a run.
        end();
        continue;
      }
      run += ch;
      continue;
    }
    end();
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '{') for (; i < source.length && source[i] !== '}'; i++);
    else if (ch === '(') {
      const close = groupEnd(source, i);
      const inner = source.slice(i + 1, close);
      i = close;
      // Lookarounds and named groups aside, a group that must be there: one of its alternatives is in every match.
      if (optionalAt(close + 1) || (inner.startsWith('?') && !inner.startsWith('?:'))) continue;
      const options = splitAlternatives(inner.replace(/^\?:/, '')).map((alt) => requiredLiterals(alt)[0]);
      if (options.every((o) => o !== undefined && o.length === 1)) found.push([...new Set(options.map((o) => o![0]!))]);
    }
  }
  end();
  // Single strings first, longest first: the likeliest to be missing, and the cheapest to look for.
  return found.sort((x, y) => x.length - y.length || y[0]!.length - x[0]!.length);
}

/** The index of the `]` that closes the class opening at `open`. */
function classEnd(source: string, open: number): number {
  let i = open + 1;
  for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
  return i;
}

/** The index of the `)` that closes the group opening at `open` (classes and escapes inside skipped). */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return source.length;
}

/** A pattern split at its top-level `|`. */
function splitAlternatives(source: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(source, i);
    else if (ch === '(') i = groupEnd(source, i);
    else if (ch === '|') {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(source.slice(from));
  return parts;
}

/** Occurrences of any of `patterns` in `text`. */
export function countMatches(patterns: readonly RegExp[], text: string): number {
  let n = 0;
  for (const p of patterns) {
    p.lastIndex = 0;
    for (const _ of text.matchAll(p)) n++;
  }
  return n;
}

/** The first span of `text` a concept's cue matches, for quoting; null when none does. */
export function cueSpan(concept: ClauseConcept, text: string): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const p of concept.cues) {
    p.lastIndex = 0;
    const m = p.exec(text);
    if (m && (best === null || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  return best;
}

/**
 * The concepts a set of passages provide: concept → passage index → cue matches there.
 * A passage counts once per matching cue occurrence.
 */
export function findConcepts(passages: ReadonlyArray<{ text: string }>, concepts: readonly ClauseConcept[] = clauseConcepts()): Map<ClauseConcept, Map<number, number>> {
  const found = new Map<ClauseConcept, Map<number, number>>();
  const { screen, plans } = screenOf(concepts);
  passages.forEach((p, i) => {
    // Most cues' words are in few passages: one scan for every screening word spares most regular-expression runs.
    const lower = p.text.toLowerCase();
    screen.scan(lower);
    plans.forEach((cues, c) => {
      let n = 0;
      for (const { cue, anchor, groups } of cues) {
        if (anchor !== null && !anchor.some((w) => screen.has(w))) continue;
        if (groups.every((group) => group.some((w) => screen.has(w)))) n += countMatches([cue], lower);
      }
      if (n === 0) return;
      const concept = concepts[c]!;
      let m = found.get(concept);
      if (!m) found.set(concept, (m = new Map()));
      m.set(i, n);
    });
  });
  return found;
}

/** A cue with its screening words (`anchors`) and required literals (`literals`) as indexes into the screen's strings. */
interface CuePlan {
  cue: RegExp;
  anchor: number[] | null;
  groups: number[][];
}

const screens = new WeakMap<readonly ClauseConcept[], { screen: SubstringScreen; plans: CuePlan[][] }>();

/** The screen for a list of concepts' words and literals, and each cue's plan; built once per list. */
function screenOf(concepts: readonly ClauseConcept[]): { screen: SubstringScreen; plans: CuePlan[][] } {
  let built = screens.get(concepts);
  if (!built) {
    const screen = new SubstringScreen(concepts.flatMap((c) => [...c.anchors.flatMap((a) => a ?? []), ...c.literals.flat(2)]));
    const index = new Map(screen.strings.map((w, i) => [w, i]));
    const ids = (words: readonly string[]) => words.map((w) => index.get(w)!);
    const plans = concepts.map((c) =>
      c.lowerCues.map((cue, k) => {
        const anchor = c.anchors[k] ?? null;
        return { cue, anchor: anchor === null ? null : ids(anchor), groups: c.literals[k]!.map(ids) };
      }),
    );
    screens.set(concepts, (built = { screen, plans }));
  }
  return built;
}

/** The concepts a person's text (a question, a search) names, by its cues, name or plain-language patterns. */
export function conceptsAskedIn(text: string, concepts: readonly ClauseConcept[] = clauseConcepts()): ClauseConcept[] {
  return concepts.filter((c) => countMatches(c.askedIn, text) > 0);
}

/**
 * Whether a sentence is a clause of a kind the question names: a test over the named concepts'
 * cues, or null when the question names none. Extractive answers weigh it (AskedClauses in QA).
 */
export function askedClauseTest(question: string, concepts: readonly ClauseConcept[] = clauseConcepts()): ((sentence: string) => boolean) | null {
  const asked = conceptsAskedIn(question, concepts);
  if (asked.length === 0) return null;
  return (sentence) => {
    const lower = sentence.toLowerCase();
    return asked.some((c) => countMatches(c.lowerCues, lower) > 0);
  };
}

/** The ids of the concepts a passage's text has (by their cues), for search's overview of clauses. */
export function clauseKindsOf(text: string, concepts: readonly ClauseConcept[] = clauseConcepts()): string[] {
  return [...findConcepts([{ text }], concepts).keys()].map((c) => c.id);
}
