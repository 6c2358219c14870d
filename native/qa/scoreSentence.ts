import { containsRun } from '../search/expandQuery.js';
import type { AskedClauses } from '../search/PassageSearch.js';
import { asksAboutDocumentItself, questionIntent } from '../search/questionIntent.js';
import { searchVocabulary } from '../search/SearchVocabulary.js';
import { answerEvidence } from './answerEvidence.js';
import type { AnswerType } from './answerType.js';
import { questionTerms, wordsOf } from './questionTerms.js';

/** How much carrying the asked-for kind of answer adds, relative to covering all of the question's words. */
const TYPE_WEIGHT = 0.8;
/** How much being a clause of the kind the question names adds ("terminate … for any reason" to a termination-for-convenience question). */
const CLAUSE_WEIGHT = 0.5;
/** Score lost per place a passage sits below the first in the search ranking. */
const RANK_STEP = 0.3;
/** The least share of its score a sentence keeps however low its passage ranks. */
const RANK_FLOOR = 0.4;
/** Sentences taken from a passage next to a retrieved one count for this share. */
const NEIGHBOUR_FACTOR = 0.85;
/** Two adjacent sentences quoted together must beat either alone by this much. */
const PAIR_FACTOR = 0.9;
/** Share of a neighbouring sentence's coverage a sentence carrying the answer type inherits ("It runs for five years." after "The initial term…"). */
const CONTEXT_SHARE = 0.6;
/** Coverage credited to opening sentences for questions about the document itself. */
const OPENING_FLOOR = 1;
/** Words beyond which a sentence starts losing score: a long clause covers more words by being long. */
const LONG_SENTENCE = 80;
/** Share of a question word's weight earned when only the heading above a sentence holds it. */
const HEADING_SHARE = 0.7;
/** Score factor for a heading quoted on its own. */
const HEADING_FACTOR = 0.4;
/** Words under which a sentence is probably a heading or a fragment. */
const SHORT_SENTENCE = 4;

/** A sentence that defines a term: `“Affiliate” means …`, `(b) "Term" shall have the meaning …`. */
const DEFINES_TERM = /^\W*(\(?[\p{L}\p{N}.]{1,5}\)?\s+)?["“][^"”]{1,60}["”]\s+(means|shall mean|shall have the meaning|has the meaning|refers to|includes|means and includes)\b/iu;
/** Score factor for a definition when the question asks what applies, not what a word means. */
const DEFINITION_FACTOR = 0.6;
/** Words at most in a heading. */
const HEADING_WORDS = 8;

/**
 * Whether a "sentence" is a heading: a few words, none of them a verb of the
 * clause, written as a label — numbered ("13. Limitation of Liability."), in title
 * case or capitals, and ending in a full stop, a colon or nothing.
 */
export function isHeading(text: string): boolean {
  // Without its number or letter: "13.", "(h)", "iv."
  const t = text.trim().replace(/^(\(?\p{N}[\p{N}.]*\)?|\(?[a-z]{1,3}\)|[ivx]{1,4}\.)\s+/iu, '');
  const words = t.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  if (words.length === 0 || words.length > HEADING_WORDS || !/[.:]?$/.test(t) || /[,;]/.test(t)) return false;
  const minor = /^(of|and|or|the|a|an|to|for|in|on|by|with|upon|under|&)$/i;
  return words.every((w) => minor.test(w) || /^\p{Lu}/u.test(w));
}

/** Passages in the library holding each word, and how many passages there are (PassageSearch.wordFrequencies). */
export type WordFrequencies = (words: string[]) => { passages: number; frequencies: number[] };

export interface SentenceFeatures {
  text: string;
  /** The passage's place in the search ranking, 0 first. */
  rank: number;
  /** From a passage next to a retrieved one, not a retrieved one itself. */
  neighbour: boolean;
  /** Two adjacent sentences rather than one. */
  pair: boolean;
  /** From the document's first two passages (title, preamble; a cover page or a filing legend may come first). */
  opening: boolean;
  documentTitle: string;
  /** Coverage of the sentence just before or after it (the better): a sentence that states the asked-for kind of answer may take its subject from there. */
  context: number;
  /** The heading the sentence sits under ('' when none): its words say what the clause is about. */
  heading?: string;
}

/**
 * Scores how well a sentence answers a question: the share of the question's content
 * words it holds, each weighted by how rare it is among the sentences read (a word in
 * every sentence tells nothing), raised when the sentence carries the kind of answer
 * the question asks for (`answerType`), lowered for passages ranked lower, for
 * neighbouring passages, for pairs, and for very long or very short sentences.
 */
export class SentenceScorer {
  private readonly terms: string[];
  private readonly weight = new Map<string, number>();
  private readonly total: number;
  private readonly questionWords: ReadonlySet<string>;
  private readonly aboutDocument: boolean;
  /** The thesaurus's other wordings of phrases the question holds, each with the question's terms it stands for. */
  private readonly equivalents: Array<{ key: string[]; covers: string[] }>;
  private readonly isAskedClause: ((sentence: string) => boolean) | null;

  /**
   * `pool`: every sentence that will be scored. Words are weighed by their rarity in the
   * library when `wordFrequencies` is given, else among the pool: the pool was found by
   * the question's words, so there its topic word ("insurance") is common and would weigh
   * almost nothing beside an incidental one. `askedClauses`: the kinds of clause the question names.
   */
  constructor(
    question: string,
    private readonly type: AnswerType | null,
    pool: readonly string[],
    wordFrequencies?: WordFrequencies,
    askedClauses?: AskedClauses,
  ) {
    this.isAskedClause = askedClauses?.(question) ?? null;
    this.terms = [...new Set(questionTerms(question))];
    this.questionWords = new Set(wordsOf(question));
    this.aboutDocument = asksAboutDocumentItself(question, questionIntent(question));
    this.equivalents = equivalentsOf(questionTerms(question));
    const wanted = new Set(this.terms);
    const frequency = new Map<string, number>();
    for (const sentence of pool) for (const t of new Set(questionTerms(sentence))) if (wanted.has(t)) frequency.set(t, (frequency.get(t) ?? 0) + 1);
    let rarity = (t: string) => Math.log(1 + (pool.length + 1) / (1 + (frequency.get(t) ?? 0)));
    if (wordFrequencies) {
      // One of the question's words for each of its terms, as the index stems words itself.
      const wordOf = new Map<string, string>();
      for (const w of wordsOf(question)) {
        const t = questionTerms(w)[0];
        if (t !== undefined && !wordOf.has(t)) wordOf.set(t, w);
      }
      const asked = this.terms.map((t) => wordOf.get(t) ?? t);
      const { passages, frequencies } = wordFrequencies(asked);
      const inLibrary = new Map(this.terms.map((t, i) => [t, frequencies[i] ?? 0]));
      const inPool = rarity;
      rarity = (t) => Math.sqrt(inPool(t) * Math.log(1 + (passages + 1) / (1 + inLibrary.get(t)!)));
    }
    let total = 0;
    for (const t of this.terms) {
      const w = rarity(t);
      this.weight.set(t, w);
      total += w;
    }
    this.total = total;
  }

  /**
   * Share of the question's weighted content words the text holds, 0–1. Words only the
   * `heading` above the text holds count HEADING_SHARE: "Governing Law." names the topic
   * of the sentence after it, which then need not repeat it.
   */
  coverage(text: string, heading = ''): number {
    if (this.total === 0) return 0;
    const sentenceTerms = questionTerms(text);
    const held = new Set(sentenceTerms);
    // "may terminate at any time without cause" answers "termination for convenience" in other words.
    for (const e of this.equivalents) if (containsRun(sentenceTerms, e.key)) for (const t of e.covers) held.add(t);
    const labelled = heading === '' ? new Set<string>() : new Set(questionTerms(heading));
    let sum = 0;
    for (const t of this.terms)
      if (held.has(t)) sum += this.weight.get(t)!;
      else if (labelled.has(t)) sum += HEADING_SHARE * this.weight.get(t)!;
    return sum / this.total;
  }

  /** How strongly the text carries the asked-for kind of answer, 0–1 (0 when the question asks for no particular kind). */
  evidence(text: string, documentTitle = ''): number {
    return this.type ? answerEvidence(text, this.type, this.questionWords, documentTitle) : 0;
  }

  score(s: SentenceFeatures): number {
    const evidence = this.evidence(s.text, s.documentTitle);
    // A question about the document itself (its name, its date, its parties) is answered
    // by its opening, which seldom repeats the question's words.
    const floor = s.opening && this.aboutDocument ? OPENING_FLOOR : 0;
    const coverage = Math.max(this.coverage(s.text, s.heading), floor, evidence > 0 ? CONTEXT_SHARE * s.context : 0, this.type === 'title' ? OPENING_FLOOR * evidence : 0);
    if (coverage === 0) return 0;
    const words = wordsOf(s.text).length;
    let score = coverage * (1 + TYPE_WEIGHT * evidence);
    // A clause of the kind asked answers in the drafting's own words, which seldom repeat the question's.
    if (this.isAskedClause?.(s.text)) score *= 1 + CLAUSE_WEIGHT;
    // Length only inflates coverage that comes from the sentence's own words.
    if (words > LONG_SENTENCE && floor === 0) score *= LONG_SENTENCE / words + (1 - LONG_SENTENCE / words) * 0.5;
    if (words < SHORT_SENTENCE) score *= 0.6;
    // A heading names the topic; the clause under it answers.
    if (isHeading(s.text)) score *= HEADING_FACTOR;
    // "“Change of Control” means …" says what the words mean, not what the parties must do about it.
    if ((this.type === null || this.type === 'condition') && DEFINES_TERM.test(s.text)) score *= DEFINITION_FACTOR;
    // The opening answers a question about the document itself wherever search ranked it.
    if (floor === 0) score *= Math.max(RANK_FLOOR, 1 - RANK_STEP * s.rank);
    if (s.neighbour) score *= NEIGHBOUR_FACTOR;
    if (s.pair) score *= PAIR_FACTOR;
    return score;
  }
}

let thesaurusKeys: string[][][] | null = null;

/**
 * Phrases that say what the question says in other words, from the search thesaurus
 * (resources/searchThesaurus.json): for each group with a member in the question, its
 * other members, each standing for that member's terms. Compared by stems as
 * `questionTerms` makes them, so search and answer agree on what is equivalent.
 */
function equivalentsOf(terms: readonly string[]): Array<{ key: string[]; covers: string[] }> {
  thesaurusKeys ??= searchVocabulary().thesaurus.groups.map((g) => g.terms.map((t) => questionTerms(t)).filter((k) => k.length > 0));
  const out: Array<{ key: string[]; covers: string[] }> = [];
  for (const group of thesaurusKeys) {
    const asked = group.filter((k) => containsRun(terms, k));
    if (asked.length === 0) continue;
    const covers = [...new Set(asked.flat())];
    for (const key of group) if (!key.every((t) => covers.includes(t))) out.push({ key, covers });
  }
  return out;
}
