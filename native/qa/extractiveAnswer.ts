import type { Citation } from '../api/types.js';
import { sentenceSpans } from '../text/sentenceSpans.js';
import { answerType } from './answerType.js';
import { questionTerms, wordsOf } from './questionTerms.js';
import { SentenceScorer } from './scoreSentence.js';
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
  const lines = [`Extractive answer, quoted from the document: ${quote(citations[0]!)}`];
  if (citations.length > 1) lines.push('', 'Related passages:', ...citations.slice(1).map(quote));
  const missing = missingWords(input.question, candidates);
  if (missing.length > 0) lines.push('', `No passage found holds ${listWords(missing)}. If the question is in another language than the documents, ask it in theirs.`);
  return { answer: lines.join('\n'), citations };
}

function chooseSentences(input: ExtractiveInput): Candidate[] {
  const read = input.ranked.slice(0, EXTRACTIVE_READ);
  const readIds = new Set(read.map((p) => p.id));
  const units: Array<{ passage: ContextPassage; rank: number; neighbour: boolean; spans: Array<[number, number]> }> = [];
  read.forEach((passage, rank) => {
    units.push({ passage, rank, neighbour: false, spans: sentenceSpans(passage.text) });
    for (const next of input.adjacent?.(passage) ?? []) {
      if (readIds.has(next.id)) continue;
      readIds.add(next.id);
      const spans = sentenceSpans(next.text);
      // The sentences nearest the retrieved passage: an answer split from its question's words by a passage break.
      units.push({ passage: next, rank, neighbour: true, spans: next.order < passage.order ? spans.slice(-NEIGHBOUR_SENTENCES) : spans.slice(0, NEIGHBOUR_SENTENCES) });
    }
  });
  const pool = units.flatMap((u) => u.spans.map(([s, e]) => u.passage.text.slice(s, e)));
  const scorer = new SentenceScorer(input.question, answerType(input.question), pool);
  const scored: Candidate[] = [];
  for (const u of units) {
    const text = u.passage.text;
    u.spans.forEach(([s, e], i) => {
      scored.push({
        passage: u.passage,
        start: s,
        end: e,
        score: scorer.score({ text: text.slice(s, e), rank: u.rank, neighbour: u.neighbour, pair: false, opening: u.passage.order === 0, documentTitle: u.passage.documentTitle }),
      });
      const next = u.spans[i + 1];
      if (next)
        scored.push({
          passage: u.passage,
          start: s,
          end: next[1],
          score: scorer.score({
            text: text.slice(s, next[1]),
            rank: u.rank,
            neighbour: u.neighbour,
            pair: true,
            opening: u.passage.order === 0,
            documentTitle: u.passage.documentTitle,
          }),
        });
    });
  }
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
