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

/** Best passages looked through for one that holds the subject. */
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
 * Whether a suggestion can be answered where it is shown: BM25 over the passages' full-text
 * index (the index search and qa retrieve with), scoped to the document or the library, for
 * the question's words and its subject's, and the suggestion is kept only when one of the
 * best passages holds the subject itself: a clause concept's wording, the entity's name, the
 * section's title. That passage becomes the suggestion's, so accepting it answers at once
 * and cites it. Results are cached per document and question: a page turn asks again
 * without searching again. A full PassageSearch (expansions, intent re-scoring, snippets)
 * costs 30–200 ms a question on long contracts: too slow for six questions a page turn.
 */
export class SupportFinder {
  private readonly cache = new Map<string, Support | null>();

  constructor(private readonly queries: Pick<SuggestionContextQueries, 'supportHits' | 'passageRange' | 'passage'>) {}

  /**
   * `version`: what the scope's passages are (their id range), so a cached answer is not
   * kept for text read again. `maxPage`: a passage past it is not support (a spoiler-free limit).
   */
  find(candidate: Candidate, documentId: string | null, version: string, maxPage?: number): Support | null {
    const cacheKey = `${documentId ?? ''}\u0000${version}\u0000${candidate.key}\u0000${maxPage ?? ''}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    const support = this.search(candidate, documentId, maxPage);
    if (this.cache.size >= CACHE) this.cache.clear();
    this.cache.set(cacheKey, support);
    return support;
  }

  /** Forgets what was found (documents were added, removed or read again). */
  invalidate(): void {
    this.cache.clear();
  }

  private search(candidate: Candidate, documentId: string | null, maxPage?: number): Support | null {
    let lo = 0;
    let hi = Number.MAX_SAFE_INTEGER;
    if (documentId !== null) {
      const range = this.queries.passageRange.get(documentId);
      if (!range || range.lo === null || range.hi === null) return null;
      ({ lo, hi } = range);
    }
    const subject = contentWords(candidate.kind === 'document' ? '' : candidate.name);
    const asked = contentWords(candidate.text).filter((w) => !TEMPLATE_WORDS.has(w));
    // The subject's words and a few of the question's: enough to rank, few enough to stay quick.
    const words = [...new Set([...subject, ...asked])].slice(0, 8);
    if (words.length === 0) {
      // The overview: the document's opening passage answers "what is this about".
      if (candidate.kind !== 'document' || documentId === null) return null;
      const first = this.queries.passage.get(lo);
      return first ? { passageId: first.passageId, page: first.page, quote: [0, Math.min(first.text.length, 200)] } : null;
    }
    // The subject's words count twice (FTS5 sums every phrase of the expression).
    const match = [...subject, ...words].map((w) => `"${w}"`).join(' OR ');
    for (const hit of this.queries.supportHits.all({ match, lo, hi, limit: HITS })) {
      if (maxPage !== undefined && hit.pageEnd > maxPage) continue;
      const quote = candidate.kind === 'document' ? ([0, Math.min(hit.text.length, 200)] as [number, number]) : subjectSpan(candidate, hit);
      if (quote) return { passageId: hit.passageId, page: hit.page, quote };
    }
    return null;
  }
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

/** The name as written in the text, case aside, whole words; or its words in order within a clause. */
function nameSpan(name: string, text: string): [number, number] | null {
  const words = name.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const exact = new RegExp(`(?<![\\p{L}\\p{N}])${escaped.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  if (exact) return [exact.index, exact.index + exact[0].length];
  if (words.length === 1) {
    // A stem match ("terminate" for "termination"): the same key word.
    const key = keyWords(words[0]!)[0];
    if (!key) return null;
    // Only words that start like the key can stem to it (Porter keeps a word's beginning).
    const start = key.slice(0, Math.min(4, key.length)).toLowerCase();
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (!m[0].toLowerCase().startsWith(start)) continue;
      if (writtenWordKey(m[0]) === key) return [m.index, m.index + m[0].length];
    }
  }
  return null;
}
