import type { PassageFilter, SearchHit, SearchQuery } from '../api/types.js';
import type { DefinedTermReader } from '../store/DefinedTermReader.js';
import { SNIPPET_MARK_CLOSE as MARK_CLOSE, SNIPPET_MARK_OPEN as MARK_OPEN, type PassageIndex, type ScoredPassage } from '../store/PassageIndex.js';
import { QueryExpander, type SeparatedWord } from './QueryExpander.js';
import { asksAboutDocumentItself, containsDate, containsDuration, questionIntent, type QuestionIntent } from './questionIntent.js';
import { ftsString, queryWords } from './queryWords.js';

export interface PassageSearchOptions {
  /** BM25 weight of the section title column relative to the passage text. Default 3. */
  titleWeight?: number;
  /**
   * For unscoped searches, the most postings (sum of document frequencies) of the
   * selective words, the rarest words of the query, which pick the candidate passages.
   * The query's other words still score those candidates. When even the rarest word is
   * over the budget, candidates must hold the rarest few together. Default 10,000.
   */
  postingBudget?: number;
  /**
   * Kinds of clause (a contract's non-compete, its governing law…): passages that are a clause of
   * the kind a question names rank higher in scoped searches, and a query with nothing to search
   * for shows the clauses of most kinds. Without it, neither happens.
   */
  clauseKinds?: ClauseKinds;
}

/**
 * The kinds of clause a question names (a contract's non-compete, its governing law…), as a test of
 * whether a text is such a clause; null when the question names none. The engine gives it from its
 * clause concepts (resources/clauseConcepts.json), which search and QA may not read themselves.
 */
export type AskedClauses = (question: string) => ((text: string) => boolean) | null;

/** Kinds of clause, from the engine's clause concepts. */
export interface ClauseKinds {
  askedIn: AskedClauses;
  /** The kinds of clause a passage's text is (ids; empty when none). */
  of(text: string): readonly string[];
}

/** Passages of a document read for its overview of clauses: past them, only its openings. */
const OVERVIEW_READ = 5_000;
/**
 * Share of a document's passages that must be clauses of some kind for its overview to show
 * clauses: contracts run from about a quarter to four fifths, a novel's stray cue words 3%.
 */
const CLAUSE_SHARE = 0.1;

/** Score factor for a passage that is a clause of the kind the question names. */
const CLAUSE_BOOST = 1.3;

const MAX_LIMIT = 200;
/**
 * Words in more than this share of passages do not add to scores (they may still be
 * selective, as a query's rarest words): they weigh little in BM25 (IDF under ~1.4),
 * and bm25() reads every posting of every query word, once per query, to count them.
 */
const COMMON_SHARE = 0.2;
/** Document frequencies kept between searches; the cache is cleared beyond this. */
const MAX_CACHED_FREQUENCIES = 100_000;
/** Passages per document re-scored when a question's intent applies or a stem is separated. */
const INTENT_CANDIDATES = 30;
/** The opening passage's score relative to the document's best, for questions about the document itself. */
const OPENING_BOOST = 1.05;
/**
 * Opening passages lifted for questions about the document itself: the title, date and
 * parties often follow a filing legend, a logo or a cover page, so they are not always first.
 */
const OPENING_PASSAGES = 3;
/** Score factor for passages holding a date, for questions that ask for one. */
const DATE_BOOST = 1.3;
/** Score factor for passages holding a length of time, for questions that ask how long or when a term ends. */
const DURATION_BOOST = 1.2;
/**
 * BM25 weight of the person's own words relative to expansions (thesaurus, defined
 * names, abbreviations). FTS5 has no per-phrase weight, but bm25() sums every phrase of
 * the expression, so a word written twice counts twice.
 */
const OWN_WORD_WEIGHT = 2;
/** Opening passages offered per document when nothing matches. */
const FALLBACK_PASSAGES = 3;
/** At most this many rarest words are required together when each is over the budget. */
const MAX_TOGETHER = 3;

interface WordPlan {
  /** Candidates hold any of these words, or all of them when `together`. */
  selective: string[];
  together: boolean;
  /** Words that add to candidates' scores without picking candidates. */
  scoring: string[];
}

/**
 * BM25 search over passages (FTS5, Porter stemming, section titles as a weighted
 * column). Queries are natural language: words are matched with OR and ranked by
 * BM25, so a question finds passages without the person knowing any syntax.
 *
 * Speed at a million passages: FTS5 scores every passage an OR query matches, so cost
 * grows with the postings it touches. Scoped searches restrict the index to each
 * document's contiguous rowid range. Unscoped ones only consider passages holding one
 * of the query's rarest words (the selective words, within a posting budget; when even
 * the rarest word is common, passages holding the rarest few together), and score
 * those by BM25 over all the query's words but the most common (see COMMON_SHARE).
 * That ranking differs from BM25 of all the words over the whole index only by
 * leaving out passages with no selective word, and the most common words' share.
 */
export class PassageSearch {
  private readonly titleWeight: number;
  private readonly postingBudget: number;
  private readonly frequencies = new Map<string, number>();
  private readonly expander: QueryExpander;
  private readonly clauseKinds: ClauseKinds | undefined;
  private passageCount: number | null = null;
  /** `PRAGMA data_version` when the caches were last known good; another connection's commit changes it. */
  private seenDataVersion: number;

  constructor(
    private readonly index: PassageIndex,
    definedTerms: DefinedTermReader,
    options: PassageSearchOptions = {},
  ) {
    this.titleWeight = options.titleWeight ?? 3;
    this.postingBudget = options.postingBudget ?? 10_000;
    this.clauseKinds = options.clauseKinds;
    this.seenDataVersion = index.dataVersion();
    this.expander = new QueryExpander(definedTerms, (words) => this.stemsOf(words));
  }

  /** Forget cached corpus statistics; call after documents are added or removed. */
  invalidate(): void {
    this.passageCount = null;
    this.frequencies.clear();
    this.expander.invalidate();
  }

  /**
   * Like search(), but never empty while the scope holds text: when no passage matches
   * (a query of stop words or punctuation, or words found nowhere in scope), an overview of
   * the scope comes back instead. For each document in scope: its opening passage (marked
   * `fallback: 'opening'`), then the passages that together hold the most kinds of clause
   * (`fallback: 'clauses'`), then its next openings; without documents in scope, the opening
   * passages of the latest documents.
   */
  searchOrOverview(query: SearchQuery): SearchHit[] {
    const hits = this.search(query);
    if (hits.length > 0) return hits;
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 10)), MAX_LIMIT);
    const documentIds = [...new Set(query.documentIds ?? [])];
    const chosen: Array<{ id: number; fallback: 'opening' | 'clauses' }> =
      documentIds.length > 0 ? documentIds.flatMap((id) => this.overview(id, limit, query.passages)) : this.index.latestOpenings(limit).map((id) => ({ id, fallback: 'opening' }));
    const picked = chosen.filter((c) => allows(query.passages, c.id)).slice(0, limit);
    const fallbackOf = new Map(picked.map((c) => [c.id, c.fallback]));
    return this.hits(
      picked.map((c, i) => ({ id: c.id, score: picked.length - i })),
      null,
    ).map((h) => ({ ...h, fallback: fallbackOf.get(h.passageId)! }));
  }

  /**
   * A document's overview, in the order shown: its first passage, the passages that together
   * hold the most kinds of clause (each adding kinds the ones before lack), its next openings.
   */
  private overview(documentId: string, limit: number, filter?: PassageFilter): Array<{ id: number; fallback: 'opening' | 'clauses' }> {
    const openings = this.index.openings(documentId, FALLBACK_PASSAGES).filter((id) => allows(filter, id));
    const clauses: number[] = [];
    if (this.clauseKinds) {
      const rows = this.index.documentTexts(documentId, OVERVIEW_READ).filter((r) => allows(filter, r.id) && r.id !== openings[0]);
      const kinds = rows.map((r) => new Set(this.clauseKinds!.of(r.text)));
      const covered = new Set<string>();
      // A document that is not made of clauses (a novel, a report) is shown by its openings alone.
      const made = kinds.filter((k) => k.size > 0).length >= CLAUSE_SHARE * rows.length;
      const left = new Set(made ? rows.keys() : []);
      while (clauses.length < limit && left.size > 0) {
        // The passage adding the most kinds not yet shown; among equals, the one of most kinds, then the earliest.
        let best = -1;
        let bestGain = 0;
        for (const i of left) {
          let gain = 0;
          for (const k of kinds[i]!) if (!covered.has(k)) gain++;
          if (gain > bestGain || (gain === bestGain && gain > 0 && kinds[i]!.size > kinds[best]!.size)) [best, bestGain] = [i, gain];
        }
        if (best < 0) break;
        left.delete(best);
        clauses.push(rows[best]!.id);
        for (const k of kinds[best]!) covered.add(k);
      }
    }
    const first = openings.slice(0, 1).map((id) => ({ id, fallback: 'opening' as const }));
    const rest = openings
      .slice(1)
      .filter((id) => !clauses.includes(id))
      .map((id) => ({ id, fallback: 'opening' as const }));
    return [...first, ...clauses.map((id) => ({ id, fallback: 'clauses' as const })), ...rest];
  }

  /**
   * How many of the library's passages hold each word (by the index's stems), and how
   * many passages there are: how common a word is across the library, for weighing a
   * question's words. Cached like search's own frequencies; a few lookups per call.
   */
  wordFrequencies(words: string[]): { passages: number; frequencies: number[] } {
    this.forgetOtherWriters();
    return { passages: this.totalPassages(), frequencies: words.length === 0 ? [] : this.frequenciesOf(words) };
  }

  search(query: SearchQuery): SearchHit[] {
    this.forgetOtherWriters();
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 10)), MAX_LIMIT);
    const words = queryWords(query.query).content;
    if (words.length === 0) return [];
    const documentIds = [...new Set(query.documentIds ?? [])];
    const stems = this.stemsOf(words);
    const expansions = this.expander.expansions(words, stems, documentIds);
    const separated = this.expander.separated(words, stems);
    if (documentIds.length > 0) {
      const terms = { words, expansions };
      return this.hits(this.rankScoped(terms, documentIds, limit, questionIntent(query.query), query.query, separated, query.passages), anyOf(words), anyOf(expansions));
    }
    const present = this.byFrequency(words);
    if (present.length === 0) return [];
    let plan = this.chooseWords(present, true);
    let ranked = this.rankCandidates(plan, limit, expansions, query.passages);
    // Rarest words that seldom meet: fall back to passages holding any of them.
    if (plan.together && ranked.length < limit) {
      plan = this.chooseWords(present, false);
      ranked = this.rankCandidates(plan, limit, expansions, query.passages);
    }
    const match = anyOf([...plan.selective, ...plan.scoring]);
    if (separated.length > 0) ranked = this.separateStems(ranked, separated, [...plan.selective, ...plan.scoring], (rest) => anyOf([...rest, ...expansions])).slice(0, limit);
    return this.hits(ranked, match, anyOf(expansions));
  }

  /**
   * Drops the caches when another connection (the CLI importing into the folder a web
   * server or the app has open) committed since they were filled: a word cached as
   * absent would stay absent until a restart. `data_version` reads the WAL index in
   * shared memory (about 4 µs here), no page; this connection's own writes do not change it, so
   * the engine still calls invalidate() after them.
   */
  private forgetOtherWriters(): void {
    const version = this.index.dataVersion();
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    this.invalidate();
  }

  /** The words present in the library with their document frequencies, rarest first. */
  private byFrequency(words: string[]): Array<{ word: string; df: number }> {
    const frequencies = this.frequenciesOf(words);
    return words
      .map((word, i) => ({ word, df: frequencies[i]! }))
      .filter((w) => w.df > 0)
      .sort((a, b) => a.df - b.df);
  }

  /**
   * Splits the words into selective ones, which pick the candidate passages, and
   * scoring ones (the rest, unless common), which only add to candidates' scores.
   * Selective words are the rarest, within the posting budget and at least one; when
   * even the rarest is over the budget, and `together` is allowed, candidates must hold
   * the rarest two or three words together instead (as many as the budget needs,
   * estimating their co-occurrence as if independent).
   */
  private chooseWords(present: Array<{ word: string; df: number }>, together: boolean): WordPlan {
    const total = this.totalPassages();
    const scoringFrom = (rest: Array<{ word: string; df: number }>): string[] => rest.filter((w) => w.df <= total * COMMON_SHARE).map((w) => w.word);
    if (together && present[0]!.df > this.postingBudget) {
      let n = 1;
      for (let estimate = present[0]!.df; estimate > this.postingBudget && n < Math.min(present.length, MAX_TOGETHER); n++) estimate *= present[n]!.df / total;
      if (n > 1) return { selective: present.slice(0, n).map((w) => w.word), together: true, scoring: scoringFrom(present.slice(n)) };
    }
    let postings = 0;
    let n = 0;
    while (n < present.length && (n === 0 || postings + present[n]!.df <= this.postingBudget)) postings += present[n++]!.df;
    return { selective: present.slice(0, n).map((w) => w.word), together: false, scoring: scoringFrom(present.slice(n)) };
  }

  /**
   * The top passages among the candidates, by BM25 over the selective and scoring
   * words, computed without scoring the scoring words' other postings: candidates that
   * hold a scoring word come ranked from `(selective) AND (scoring)`; the rest score
   * the same on the selective words alone, and the two lists merge.
   */
  private rankCandidates(plan: WordPlan, limit: number, expansions: readonly string[] = [], filter?: PassageFilter): Array<{ id: number; score: number }> {
    const candidates = plan.together ? plan.selective.map(ftsString).join(' AND ') : anyOf(plan.selective);
    // Expansions only add to candidates' scores: they never widen the candidates, so the posting budget holds.
    const scoring = [...plan.scoring, ...expansions];
    if (scoring.length === 0) return this.rank(candidates, null, limit, filter);
    const anyScoring = anyOf(scoring);
    const withScoring = this.rank(`(${candidates}) AND (${anyScoring})`, null, limit, filter);
    const ranked = new Set(withScoring.map((r) => r.id));
    for (let fetch = limit * 2; ; fetch *= 4) {
      const fetched = this.rank(candidates, null, fetch, filter);
      const alone = fetched.filter((r) => !ranked.has(r.id));
      // A passage with a scoring word that `withScoring` left out is outranked by a full
      // list of passages, so it cannot make the top either; one without keeps its score.
      const holdingScoring =
        withScoring.length < limit || alone.length === 0
          ? new Set<number>()
          : new Set(
              this.index.matching(
                anyScoring,
                alone.map((r) => r.id),
              ),
            );
      const merged = [...withScoring, ...alone.filter((r) => !holdingScoring.has(r.id))].sort((a, b) => b.score - a.score).slice(0, limit);
      // Passages not fetched score at most the last one fetched: done unless one could still place.
      const complete = fetched.length < fetch || fetch >= MAX_LIMIT * 4;
      if (complete || (merged.length === limit && merged[limit - 1]!.score >= fetched[fetched.length - 1]!.score)) return merged;
    }
  }

  /** Document frequency of each word's stem (0 when absent), cached until invalidate(). */
  private frequenciesOf(words: string[]): number[] {
    const stems = this.stemsOf(words);
    if (this.frequencies.size > MAX_CACHED_FREQUENCIES) this.frequencies.clear();
    return stems.map((stem) => {
      if (stem === undefined) return 0;
      let df = this.frequencies.get(stem);
      if (df === undefined) {
        df = this.index.documentFrequency(stem);
        this.frequencies.set(stem, df);
      }
      return df;
    });
  }

  private stemsOf(words: string[]): Array<string | undefined> {
    return this.index.stems(words);
  }

  private totalPassages(): number {
    this.passageCount ??= this.index.passageCount();
    return this.passageCount;
  }

  private rank(match: string, range: { first: number; last: number } | null, limit: number, filter?: PassageFilter): ScoredPassage[] {
    return this.index.rank(this.titleWeight, match, range, limit, filter);
  }

  /**
   * BM25 within each document's rowid range, then the question's intent: a question
   * about the document itself puts each document's opening passage first (titles,
   * dates and parties live there), and a question asking for a date favours passages
   * that hold one.
   */
  private rankScoped(
    terms: { words: readonly string[]; expansions: readonly string[] },
    documentIds: readonly string[],
    limit: number,
    intent: QuestionIntent,
    question: string,
    separated: readonly SeparatedWord[],
    filter?: PassageFilter,
  ): Array<{ id: number; score: number }> {
    const aboutDocument = asksAboutDocumentItself(question, intent);
    const isAskedClause = this.clauseKinds?.askedIn(question) ?? null;
    const fetch = intent.date || intent.duration || aboutDocument || separated.length > 0 || isAskedClause ? Math.max(limit, INTENT_CANDIDATES) : limit;
    const match = weightedAnyOf(terms.words, terms.expansions);
    let all: Array<{ id: number; score: number }> = [];
    for (const id of documentIds) {
      const range = this.index.documentRange(id);
      if (!range) continue;
      let ranked = this.rank(match, { first: range.first, last: range.last }, fetch, filter);
      if (separated.length > 0) ranked = this.separateStems(ranked, separated, terms.words, (rest) => weightedAnyOf(rest, terms.expansions));
      if (aboutDocument) {
        const top = ranked[0]?.score ?? 1;
        const { first, last } = range;
        // The opening passages in order, just above the document's best match.
        for (let i = 0; i < OPENING_PASSAGES && first + i <= last; i++) {
          if (!allows(filter, first + i)) continue;
          const score = top * (OPENING_BOOST - i * 0.01);
          const opening = ranked.find((r) => r.id === first + i);
          if (opening) opening.score = score;
          else ranked.push({ id: first + i, score });
        }
      }
      all.push(...ranked);
    }
    // What the candidates hold (a date, a length of time, a clause of the kind asked), read once for all of them.
    if ((intent.date || intent.duration || isAskedClause) && all.length > 0) {
      const texts = new Map(this.index.hitRows(all.map((r) => r.id)).map((r) => [r.id, r.text]));
      for (const r of all) {
        const text = texts.get(r.id) ?? '';
        if (intent.date && containsDate(text)) r.score *= DATE_BOOST;
        else if (intent.duration && containsDuration(text)) r.score *= DURATION_BOOST;
        if (isAskedClause?.(text)) r.score *= CLAUSE_BOOST;
      }
    }
    all = all.sort((a, b) => b.score - a.score);
    return all.slice(0, limit);
  }

  /**
   * Undoes what the stemmer joined wrongly: a passage that holds a separated word's stem
   * only through words of another meaning ("government" for "governing") is scored as
   * if the query lacked that word, and dropped when nothing else matched it.
   */
  private separateStems(
    ranked: Array<{ id: number; score: number }>,
    separated: readonly SeparatedWord[],
    words: readonly string[],
    matchOf: (words: readonly string[]) => string,
  ): Array<{ id: number; score: number }> {
    if (ranked.length === 0) return ranked;
    const rows = new Map(this.index.hitRows(ranked.map((r) => r.id)).map((r) => [r.id, `${r.section ?? ''}\n${r.text}`]));
    const out = new Map(ranked.map((r) => [r.id, r.score]));
    for (const s of separated) {
      const astray = ranked.filter((r) => out.has(r.id) && !s.family.test(rows.get(r.id) ?? ''));
      if (astray.length === 0) continue;
      const rest = words.filter((w) => w !== s.word);
      const match = matchOf(rest);
      for (const r of astray) {
        const score = match === '' ? undefined : this.index.rescore(this.titleWeight, match, r.id);
        if (score === undefined) out.delete(r.id);
        else out.set(r.id, score);
      }
    }
    return [...out].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
  }

  /**
   * The hits with their snippets: marked on the person's own words (`match`), or on the
   * expansions (`expansionMatch`) for passages that hold none of them. Snippets cost a
   * lookup per phrase, so expansions are not marked where the person's words are.
   */
  private hits(ranked: Array<{ id: number; score: number }>, match: string | null, expansionMatch = ''): SearchHit[] {
    if (ranked.length === 0) return [];
    const rows = new Map(this.index.hitRows(ranked.map((r) => r.id)).map((r) => [r.id, r]));
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const row = rows.get(r.id);
      if (!row) continue;
      const marked = (match === null ? undefined : this.index.snippet(match, r.id)) ?? (expansionMatch === '' ? undefined : this.index.snippet(expansionMatch, r.id));
      const { text, marks } = parseMarks(marked ?? row.text.slice(0, 300));
      hits.push({
        documentId: row.document_id,
        documentTitle: row.document_title,
        passageId: row.id,
        page: row.page_start,
        pageEnd: row.page_end,
        section: row.section,
        text: row.text,
        snippet: text,
        snippetMarks: marks,
        score: Math.round(r.score * 1e4) / 1e4,
      });
    }
    return hits;
  }
}

/** Whether the filter lets a passage be found (no filter: every passage). */
export function allows(filter: PassageFilter | undefined, id: number): boolean {
  if (!filter) return true;
  let sets = FILTER_SETS.get(filter);
  if (!sets) FILTER_SETS.set(filter, (sets = { only: filter.only ? new Set(filter.only) : null, exclude: new Set(filter.exclude ?? []) }));
  return (!sets.only || sets.only.has(id)) && !sets.exclude.has(id);
}

/** A filter's lists as sets, made once per filter: a whole document's passages are checked against them. */
const FILTER_SETS = new WeakMap<PassageFilter, { only: Set<number> | null; exclude: Set<number> }>();

/** Any of the words, as an FTS5 expression. */
function anyOf(words: readonly string[]): string {
  return words.map(ftsString).join(' OR ');
}

/** Any of the words or expansions, the words counting OWN_WORD_WEIGHT times in bm25(). */
function weightedAnyOf(words: readonly string[], expansions: readonly string[]): string {
  if (expansions.length === 0) return anyOf(words);
  return [...words.flatMap((w) => Array<string>(OWN_WORD_WEIGHT).fill(w)), ...expansions].map(ftsString).join(' OR ');
}

function parseMarks(marked: string): { text: string; marks: Array<[number, number]> } {
  let text = '';
  const marks: Array<[number, number]> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_OPEN) open = text.length;
    else if (ch === MARK_CLOSE) {
      if (open >= 0 && text.length > open) marks.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, marks };
}
