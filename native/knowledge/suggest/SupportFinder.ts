import type { SuggestionContextQueries } from '../../store/SuggestionContextQueries.js';
import { conceptByKey, cueSpan } from '../entities/clauseConcepts.js';
import { entityKey, keyWords, writtenWordKey } from '../entities/entityKey.js';
import { isStopKey } from '../profile/textWords.js';
import type { Candidate } from './ContextCandidateReader.js';

/** The passage a suggestion is answered from, and the part of its text that says so. */
export interface Support {
  passageId: number;
  page: number;
  /** Half-open character range of the passage's text that holds the subject. */
  quote: [number, number];
}

/** A passage search found, as the support check reads it. */
export interface SupportHit {
  passageId: number;
  page: number;
  pageEnd: number;
  text: string;
  section: string | null;
}

/** Matching passages of the scope read and ranked; the best few are looked through for one that holds the subject. */
const MATCHES = 100;
const HITS = 6;
/** Support remembered per document and question; cleared when full. */
const CACHE = 5_000;
/** The questions' own wording, which every passage of every contract could match: left out of the search. */
const TEMPLATE_WORDS = new Set(
  'what which who whom how does do did is are was the a an this that these those agreement contract document documents lease licence say says about mean means under its their any and or for of to in on by with it be can may must party parties each other there'.split(
    ' ',
  ),
);

/**
 * Whether a suggestion can be answered where it is shown: the passages where extraction found
 * its entity in this document, else a full-text query (the passages' index search and qa
 * retrieve with) scoped to the document or the library for the question's words and its
 * subject's, ranked within the scope; the suggestion is kept only when one of the best
 * passages holds the subject itself: a clause concept's wording, the entity's name, the
 * section's title. That passage becomes the suggestion's, so accepting it answers at once
 * and cites it. Results are cached per document and question: a page turn asks again
 * without searching again. A full PassageSearch (expansions, intent re-scoring, snippets)
 * costs 30–200 ms a question on long contracts: too slow for six questions a page turn.
 */
export class SupportFinder {
  private readonly cache = new Map<string, Support | null>();

  constructor(private readonly queries: Pick<SuggestionContextQueries, 'supportHits' | 'mentionHits' | 'passageRange' | 'passage'>) {}

  /**
   * `version`: what the scope's passages are (their id range), so a cached answer is not
   * kept for text read again. `maxPage`: a passage past it is not support (a spoiler-free limit).
   * `budget`: searches this call may still run; a candidate not found in the cache once it is spent is left out.
   */
  find(candidate: Candidate, documentId: string | null, version: string, maxPage?: number, budget?: { searches: number }): Support | null {
    const cacheKey = this.cacheKey(candidate, documentId, version, maxPage);
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    // Out of searches for this call: not shown now, and not remembered as unanswerable either.
    if (budget) {
      if (budget.searches <= 0) return null;
      budget.searches--;
    }
    const support = this.search(candidate, documentId, maxPage);
    this.remember(cacheKey, support);
    return support;
  }

  /** Forgets what was found (documents were added, removed or read again). */
  invalidate(): void {
    this.cache.clear();
  }

  private cacheKey(candidate: Candidate, documentId: string | null, version: string, maxPage: number | undefined): string {
    return `${documentId ?? ''}\u0000${version}\u0000${candidate.key}\u0000${maxPage ?? ''}`;
  }

  private remember(cacheKey: string, support: Support | null): void {
    if (this.cache.size >= CACHE) this.cache.clear();
    this.cache.set(cacheKey, support);
  }

  /** The subject's words and a few of the question's: enough to rank, few enough to stay quick (each word is a posting list FTS5 reads). */
  private queryWords(candidate: Candidate): { subject: string[]; words: string[] } {
    const subject = contentWords(candidate.kind === 'document' ? '' : candidate.name);
    const asked = contentWords(candidate.text).filter((w) => !TEMPLATE_WORDS.has(w));
    const words = [...new Set([...subject.slice(0, 4), ...asked])].slice(0, Math.max(4, Math.min(subject.length, 4) + 2));
    return { subject, words };
  }

  private supportIn(candidate: Candidate, hits: readonly SupportHit[], subject: readonly string[], words: readonly string[], maxPage: number | undefined): Support | null {
    for (const hit of rankHits(hits, subject, words).slice(0, HITS)) {
      if (maxPage !== undefined && hit.pageEnd > maxPage) continue;
      const quote = candidate.kind === 'document' ? ([0, Math.min(hit.text.length, 200)] as [number, number]) : subjectSpan(candidate, hit);
      if (quote) return { passageId: hit.passageId, page: hit.page, quote };
    }
    return null;
  }

  private search(candidate: Candidate, documentId: string | null, maxPage?: number): Support | null {
    let lo = 0;
    let hi = Number.MAX_SAFE_INTEGER;
    if (documentId !== null) {
      const range = this.queries.passageRange.get(documentId);
      if (!range || range.lo === null || range.hi === null) return null;
      ({ lo, hi } = range);
    }
    // An entity of this document: the passages extraction found it in, most mentions first, are
    // what a search for it returns (and cost an index lookup, not a full-text query).
    if (documentId !== null && candidate.entityIds.length === 1 && !candidate.subjects) {
      const mentioned = this.queries.mentionHits.all({ entity: candidate.entityIds[0]!, lo, hi, limit: HITS });
      for (const hit of mentioned) {
        if (maxPage !== undefined && hit.pageEnd > maxPage) continue;
        const quote = subjectSpan(candidate, hit);
        if (quote) return { passageId: hit.passageId, page: hit.page, quote };
      }
    }
    const { subject, words } = this.queryWords(candidate);
    if (words.length === 0) {
      // The overview: the document's opening passage answers "what is this about".
      if (candidate.kind !== 'document' || documentId === null) return null;
      const first = this.queries.passage.get(lo);
      return first ? { passageId: first.passageId, page: first.page, quote: [0, Math.min(first.text.length, 200)] } : null;
    }
    return this.supportIn(candidate, this.queries.supportHits.all({ match: ftsMatch(words), lo, hi, limit: MATCHES }), subject, words, maxPage);
  }
}

/** An FTS5 expression matching any of the words (each quoted: no syntax of its own). */
function ftsMatch(words: readonly string[]): string {
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
}

/**
 * Ranks passages as a search would within one document: each query word found (by its first
 * five letters, a stand-in for its stem) counts, up to three times, the subject's words twice,
 * and a section title that names the subject counts as much as the text.
 */
function rankHits(hits: readonly SupportHit[], subject: readonly string[], words: readonly string[]): SupportHit[] {
  const stems = words.map((w) => ({ stem: w.slice(0, 5), weight: subject.includes(w) ? 2 : 1 }));
  const scored = hits.map((hit) => {
    const text = hit.text.toLowerCase();
    const title = hit.section?.toLowerCase() ?? '';
    let score = 0;
    for (const { stem, weight } of stems) {
      let n = 0;
      for (let at = text.indexOf(stem); at >= 0 && n < 3; at = text.indexOf(stem, at + stem.length)) n++;
      score += weight * (n + (title.includes(stem) ? 2 : 0));
    }
    return { hit, score: score / Math.sqrt(1 + text.length / 1000) };
  });
  return scored.sort((a, b) => b.score - a.score || a.hit.passageId - b.hit.passageId).map((x) => x.hit);
}

/** The words of a text worth searching for, lower case, in order, each once: function words left out. FTS5 stems them as it stems passages. */
function contentWords(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const key = writtenWordKey(m[0]);
    if (key !== null && !isStopKey(key) && m[0].length > 1) out.add(m[0]);
  }
  return [...out];
}

/** Where in the hit's text the candidate's subject is, or null when the hit does not hold it. */
export function subjectSpan(candidate: Candidate, hit: Pick<SupportHit, 'text' | 'section'>): [number, number] | null {
  const text = hit.text;
  if (candidate.subjects) {
    const spans = candidate.subjects.map((name) => nameSpan(name, text));
    return spans.every((x) => x !== null) ? spans[0]! : null;
  }
  if (candidate.kind === 'topic') {
    const concept = conceptByKey(entityKey(candidate.name));
    const cue = concept ? cueSpan(concept, text) : null;
    if (cue) return [cue.start, cue.end];
  }
  const named = nameSpan(candidate.name, text);
  if (named) return named;
  // A section's own passages hold its subject whatever their words; so do a topic's.
  if ((candidate.kind === 'section' || candidate.kind === 'topic') && hit.section !== null) {
    const wanted = keyWords(candidate.name);
    const heading = new Set(keyWords(hit.section));
    if (wanted.length > 0 && wanted.every((w) => heading.has(w))) return [0, Math.min(text.length, 200)];
  }
  return null;
}

/** A letter or digit (compiled once: a Unicode class in a regular expression built per name costs a millisecond to compile). */
const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);

/** The name as written in the text, case aside, whole words; or its words in order within a clause. */
function nameSpan(name: string, text: string): [number, number] | null {
  const words = name.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  // Most hits do not hold the name at all: a plain search for its first letters says so quickly.
  const lower = text.toLowerCase();
  if (!lower.includes(words[0]!.slice(0, 4))) return null;
  // The words in order, whole, with only spaces and punctuation between ("Bachem Americas, Inc").
  if (lower.length === text.length) {
    for (let at = lower.indexOf(words[0]!); at >= 0; at = lower.indexOf(words[0]!, at + 1)) {
      if (isWordChar(lower[at - 1])) continue;
      let end = at + words[0]!.length;
      let ok = !isWordChar(lower[end]);
      for (let w = 1; ok && w < words.length; w++) {
        let next = end;
        while (next < lower.length && !isWordChar(lower[next]) && next - end < 4) next++;
        ok = next > end && lower.startsWith(words[w]!, next) && !isWordChar(lower[next + words[w]!.length]);
        end = next + words[w]!.length;
      }
      if (ok) return [at, end];
    }
  }
  if (words.length === 1) {
    // A stem match ("terminate" for "termination"): the same key word.
    const key = keyWords(words[0]!)[0];
    if (!key) return null;
    // Only words that start like the key can stem to it (Porter keeps a word's beginning).
    const start = key.slice(0, Math.min(4, key.length)).toLowerCase();
    for (let at = lower.indexOf(start); at >= 0; at = lower.indexOf(start, at + 1)) {
      if (at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]!)) continue;
      const m = /^[\p{L}\p{N}]+/u.exec(text.slice(at, at + 40));
      if (!m) continue;
      if (writtenWordKey(m[0]) === key) return [at, at + m[0].length];
    }
  }
  return null;
}
