import type { SearchHit, SearchQuery } from '../api/types.js';
import type { DocumentRepository } from '../store/DocumentRepository.js';
import type { VectorRepository } from '../store/VectorRepository.js';
import { fuseRankings, RRF_K } from './fuseRankings.js';
import type { PassageSearch } from './PassageSearch.js';

/** The query's vector from the library's embedding model, or null when there is none to use (search is then BM25 alone). */
export type QueryEmbedder = (text: string, signal?: AbortSignal) => Promise<{ modelId: string; vector: Float32Array } | null>;

/** Candidates each ranking contributes to the fusion, at least. */
const CANDIDATES = 50;
const MAX_CANDIDATES = 200;
const SNIPPET_CHARS = 240;

/**
 * BM25 (PassageSearch) fused with the nearest passages by embedding (VectorRepository) by
 * reciprocal-rank fusion (k = 60), when the library has an embedding model with vectors: a
 * question that words a clause differently than the contract still finds it. Without an
 * embedding model, or before any vector is stored, results are PassageSearch's, unchanged.
 * Passages found only by meaning have a snippet from their start and no marked words.
 */
export class HybridSearch {
  constructor(
    private readonly passages: PassageSearch,
    private readonly vectors: VectorRepository,
    private readonly documents: DocumentRepository,
    private readonly embedQuery: QueryEmbedder,
  ) {}

  async search(query: SearchQuery, signal?: AbortSignal): Promise<SearchHit[]> {
    const embedded = query.query.trim() === '' ? null : await this.embedQuery(query.query, signal);
    if (!embedded || !this.vectors.has(embedded.modelId)) return this.passages.search(query);
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 10)), MAX_CANDIDATES);
    const fetch = Math.min(MAX_CANDIDATES, Math.max(CANDIDATES, limit * 3));
    const lexical = this.passages.search({ ...query, limit: fetch });
    const semantic = this.vectors.nearest(embedded.modelId, embedded.vector, { documentIds: query.documentIds, limit: fetch, passages: query.passages });
    const fused = fuseRankings([lexical.map((h) => h.passageId), semantic.map((m) => m.passageId)], { k: RRF_K, limit });
    const byId = new Map(lexical.map((h) => [h.passageId, h]));
    const missing = fused.filter((f) => !byId.has(f.id)).map((f) => f.id);
    for (const hit of this.hitsFor(missing)) byId.set(hit.passageId, hit);
    return fused.flatMap((f) => {
      const hit = byId.get(f.id);
      return hit ? [{ ...hit, score: Math.round(f.score * 1e6) / 1e6 }] : [];
    });
  }

  /** Hits for passages no word of the query matched. */
  private hitsFor(ids: number[]): SearchHit[] {
    const titles = new Map<string, string>();
    return this.documents.passagesById(ids).map((p) => {
      if (!titles.has(p.documentId)) titles.set(p.documentId, this.documents.summary(p.documentId)?.title ?? '');
      return {
        documentId: p.documentId,
        documentTitle: titles.get(p.documentId)!,
        passageId: p.id,
        page: p.page,
        pageEnd: p.pageEnd,
        section: p.section,
        text: p.text,
        snippet: openingOf(p.text),
        snippetMarks: [],
        score: 0,
      };
    });
  }
}

/** The passage's start, cut at a word, as a snippet. */
function openingOf(text: string): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const cut = text.lastIndexOf(' ', SNIPPET_CHARS);
  return `${text.slice(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS)}…`;
}
