import type { Citation } from '../api/types.js';
import { sentenceSpans } from '../text/sentenceSpans.js';
import { answerType } from './answerType.js';
import { questionTerms, wordsOf } from './questionTerms.js';
import type { AskedClauses } from '../search/PassageSearch.js';
import { isHeading, SentenceScorer, type WordFrequencies } from './scoreSentence.js';
import type { ContextPassage } from './structuredContext.js';
import { citeSentence, type GeometryLookup } from './verifyCitations.js';

/** Passages read from the top of the search ranking. */
export const EXTRACTIVE_READ = 5;
/** Sentences of a neighbouring passage read next to a retrieved one: those nearest the shared edge. */
const NEIGHBOUR_SENTENCES = 2;
/** Quotes in an answer: the answer and the related passages after it. */
const MAX_QUOTES = 3;
/** A related quote must score at least this share of the answer's. */
const RELATED_SHARE = 0.3;
/** Words of the question listed when saying what was searched. */
const LISTED_WORDS = 12;

export interface ExtractiveInput {
  question: string;
  /** Passages as search ranked them, best first. */
  ranked: readonly ContextPassage[];
  /** The passages just before and after one in its document, when known. */
  adjacent?: (passage: ContextPassage) => readonly ContextPassage[];
  /** The words the search looked for, to say what was searched when nothing answers. */
  searched?: readonly string[];
  /** How common words are across the library; without it, words are weighed by rarity among the sentences read. */
  wordFrequencies?: WordFrequencies;
  /** The kinds of clause a question names; sentences that are such a clause score higher. */
  askedClauses?: AskedClauses;
}

interface Candidate {
  passage: ContextPassage;
  start: number;
  end: number;
  score: number;
}

/**
 * The answer Lectern gives without a model: sentences quoted verbatim from the
 * passages search ranked highest (and from the passages next to them), chosen by how
 * well they answer — the question's words they hold, weighted by rarity, and whether
 * they carry the kind of answer asked for (a date for "when", a duration for "how
 * long"…). The best sentence leads as the answer; up to two more follow as related
 * passages (citations with `role: 'related'`), possibly from the same passage.
 */
export function extractiveAnswer(input: ExtractiveInput, geometry: GeometryLookup): { answer: string; citations: Citation[] } {
  const candidates = chooseSentences(input);
  const citations = candidates.map((c, i): Citation => ({ ...citeSentence(`P${i + 1}`, c.passage, c.start, c.end, geometry), role: i === 0 ? 'answer' : 'related' }));
  if (citations.length === 0) return { answer: nothingFound(input), citations };
  const quote = (c: Citation) => `“${c.quote}” [${c.marker}]`;
  // The Ask panel says once that an answer is extractive; the answer itself leads with its quote.
  const lines = [quote(citations[0]!)];
  if (citations.length > 1) lines.push('', 'Related passages:', ...citations.slice(1).map(quote));
  const missing = missingWords(input.question, candidates);
  if (missing.length > 0) lines.push('', `No passage found holds ${listWords(missing)}. If the question is in another language than the documents, ask it in theirs.`);
  return { answer: lines.join('\n'), citations };
}

interface Sentence {
  passage: ContextPassage;
  start: number;
  end: number;
  rank: number;
  neighbour: boolean;
  /** First or last sentence of its passage: what touches the passage before or after. */
  first: boolean;
  last: boolean;
  /** The heading the sentence sits under in its passage ("13. Limitation of Liability."), or ''. */
  heading: string;
}

function chooseSentences(input: ExtractiveInput): Candidate[] {
  const read = input.ranked.slice(0, EXTRACTIVE_READ);
  const readIds = new Set(read.map((p) => p.id));
  const sentences: Sentence[] = [];
  const add = (passage: ContextPassage, rank: number, neighbour: boolean, keep: (i: number, n: number) => boolean) => {
    const spans = sentenceSpans(passage.text);
    let heading = '';
    spans.forEach(([start, end], i) => {
      const text = passage.text.slice(start, end);
      if (keep(i, spans.length)) sentences.push({ passage, start, end, rank, neighbour, first: i === 0, last: i === spans.length - 1, heading: isHeading(text) ? '' : heading });
      // A heading labels the clause after it, up to the next heading.
      if (isHeading(text)) heading = text;
    });
  };
  read.forEach((passage, rank) => {
    add(passage, rank, false, () => true);
    for (const next of input.adjacent?.(passage) ?? []) {
      if (readIds.has(next.id)) continue;
      readIds.add(next.id);
      // The sentences nearest the retrieved passage: an answer split from its question's words by a passage break.
      add(next, rank, true, (i, n) => (next.order < passage.order ? i >= n - NEIGHBOUR_SENTENCES : i < NEIGHBOUR_SENTENCES));
    }
  });
  // In reading order, so each sentence knows the one before and after it, across a passage break too.
  sentences.sort((a, b) =>
    a.passage.documentId === b.passage.documentId ? a.passage.order - b.passage.order || a.start - b.start : a.passage.documentId < b.passage.documentId ? -1 : 1,
  );
  const textOf = (s: Sentence, to = s.end) => s.passage.text.slice(s.start, to);
  const scorer = new SentenceScorer(
    input.question,
    answerType(input.question),
    sentences.map((s) => textOf(s)),
    input.wordFrequencies,
    input.askedClauses,
  );
  const coverage = sentences.map((s) => scorer.coverage(textOf(s)));
  const follows = (a: Sentence | undefined, b: Sentence | undefined) =>
    !!a && !!b && a.passage.documentId === b.passage.documentId && (a.passage.id === b.passage.id ? true : a.last && b.first && b.passage.order === a.passage.order + 1);
  const scored: Candidate[] = [];
  sentences.forEach((s, i) => {
    const before = follows(sentences[i - 1], s) ? coverage[i - 1]! : 0;
    const after = follows(s, sentences[i + 1]) ? coverage[i + 1]! : 0;
    const features = { rank: s.rank, neighbour: s.neighbour, opening: s.passage.order < 2, documentTitle: s.passage.documentTitle, heading: s.heading };
    scored.push({ passage: s.passage, start: s.start, end: s.end, score: scorer.score({ ...features, text: textOf(s), pair: false, context: Math.max(before, after) }) });
    const next = sentences[i + 1];
    // A heading already lends its words to the sentence under it; quoted with it, it would count them twice.
    if (next && next.passage.id === s.passage.id && !isHeading(textOf(s)) && !isHeading(textOf(next))) {
      scored.push({ passage: s.passage, start: s.start, end: next.end, score: scorer.score({ ...features, text: textOf(s, next.end), pair: true, context: 0 }) });
    }
  });
  scored.sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  for (const c of scored) {
    if (c.score <= 0 || chosen.length >= MAX_QUOTES) break;
    if (chosen.length > 0 && c.score < chosen[0]!.score * RELATED_SHARE) break;
    if (chosen.some((o) => o.passage.id === c.passage.id && o.start < c.end && c.start < o.end)) continue;
    chosen.push(c);
  }
  return chosen;
}

/** The question's content words that no quoted sentence holds, when they are most of them: a sign it was asked in another language. */
function missingWords(question: string, chosen: readonly Candidate[]): string[] {
  const held = new Set(chosen.flatMap((c) => questionTerms(c.passage.text)));
  const words = [...new Set(wordsOf(question))].filter((w) => questionTerms(w).length > 0);
  const missing = words.filter((w) => !held.has(questionTerms(w)[0]!));
  return missing.length > words.length / 2 ? missing : [];
}

function nothingFound(input: ExtractiveInput): string {
  const searched = input.searched ?? [];
  if (searched.length === 0) return 'No passage matches the question.';
  return `No passage matches the question. Searched for ${listWords(searched)}: try other words, or the words the documents use.`;
}

function listWords(words: readonly string[]): string {
  const listed = words.slice(0, LISTED_WORDS).map((w) => `“${w}”`);
  return words.length > LISTED_WORDS ? `${listed.join(', ')} and ${words.length - LISTED_WORDS} more words` : listed.join(', ');
}
