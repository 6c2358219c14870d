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
  cues: z.array(pattern).min(1),
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
  /** Cues, the name's words, and the `asked` patterns: what names it in a person's question. */
  askedIn: RegExp[];
}

/** Compiles a validated file's concepts. */
export function compileConcepts(file: ClauseConceptsFile): ClauseConcept[] {
  return file.concepts.map((c) => {
    const cues = c.cues.map((p) => new RegExp(p, 'giu'));
    // The name itself, its words in order with anything but a sentence end between ("non-compete", "non compete").
    const nameWords = c.name.split(/[\s-]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const byName = new RegExp(`\\b${nameWords.join('[\\s-]*')}(?:s|es)?(?![\\p{L}\\p{N}])`, 'giu');
    return { id: c.id, name: c.name, key: entityKey(c.name), question: c.question, cues, askedIn: [byName, ...cues, ...c.asked.map((p) => new RegExp(p, 'giu'))] };
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
  passages.forEach((p, i) => {
    for (const c of concepts) {
      const n = countMatches(c.cues, p.text);
      if (n === 0) continue;
      let m = found.get(c);
      if (!m) found.set(c, (m = new Map()));
      m.set(i, n);
    }
  });
  return found;
}

/** The concepts a person's text (a question, a search) names, by its cues, name or plain-language patterns. */
export function conceptsAskedIn(text: string, concepts: readonly ClauseConcept[] = clauseConcepts()): ClauseConcept[] {
  return concepts.filter((c) => countMatches(c.askedIn, text) > 0);
}
