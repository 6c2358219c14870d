import type { SearchHit, SearchQuery } from '../../api/types.js';
import { conceptByKey, cueSpan } from '../entities/clauseConcepts.js';
import { entityKey, keyWords } from '../entities/entityKey.js';
import type { Candidate } from './ContextCandidateReader.js';

/** The passage a suggestion is answered from, and the part of its text that says so. */
export interface Support {
  passageId: number;
  page: number;
  /** Half-open character range of the passage's text that holds the subject. */
  quote: [number, number];
}

/** Hits of the scoped search looked through for one that holds the subject. */
const HITS = 6;
/** Support remembered per document and question; cleared when full. */
const CACHE = 5_000;

/**
 * Whether a suggestion can be answered where it is shown: the search qa retrieves with,
 * scoped to the document (or the library), is run on the question and its subject, and the
 * suggestion is kept only when one of the best hits holds the subject itself: a clause
 * concept's wording, the entity's name, the section's title. That hit becomes the
 * suggestion's passage, so accepting it answers at once and cites it. Results are cached
 * per document and question: a page turn asks again without searching again.
 */
export class SupportFinder {
  private readonly cache = new Map<string, Support | null>();

  constructor(private readonly search: (query: SearchQuery) => SearchHit[]) {}

  /**
   * `version`: what the scope's passages are (their id range), so a cached answer is not
   * kept for text read again. `maxPage`: a passage past it is not support (a spoiler-free limit).
   */
  find(candidate: Candidate, documentId: string | null, version: string, maxPage?: number): Support | null {
    const cacheKey = `${documentId ?? ''}\u0000${version}\u0000${candidate.key}\u0000${maxPage ?? ''}`;
    if (this.cache.has(cacheKey)) return this.cache.get(cacheKey)!;
    const query = candidate.kind === 'document' ? candidate.name : `${candidate.text} ${candidate.kind === 'section' ? '' : candidate.name}`;
    const hits = this.search({ query, documentIds: documentId ? [documentId] : undefined, limit: HITS });
    let support: Support | null = null;
    for (const hit of hits) {
      if (maxPage !== undefined && hit.pageEnd > maxPage) continue;
      const quote = candidate.kind === 'document' ? ([0, Math.min(hit.text.length, 200)] as [number, number]) : subjectSpan(candidate, hit);
      if (quote) {
        support = { passageId: hit.passageId, page: hit.page, quote };
        break;
      }
    }
    if (this.cache.size >= CACHE) this.cache.clear();
    this.cache.set(cacheKey, support);
    return support;
  }

  /** Forgets what was found (documents were added, removed or read again). */
  invalidate(): void {
    this.cache.clear();
  }
}

/** Where in the hit's text the candidate's subject is, or null when the hit does not hold it. */
export function subjectSpan(candidate: Candidate, hit: Pick<SearchHit, 'text' | 'section'>): [number, number] | null {
  const text = hit.text;
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
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) if (keyWords(m[0])[0] === key) return [m.index, m.index + m[0].length];
  }
  return null;
}
