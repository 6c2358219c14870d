import type { CommandArgs } from '../api/commands.js';
import type { Completion, Suggestion } from '../api/types.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import type { SuggestionQueries } from '../store/suggestionQueries.js';
import type { ProfileStore } from './ProfileStore.js';
import { Autocompleter } from './suggest/Autocompleter.js';
import { ContextCandidateReader, type Candidate } from './suggest/ContextCandidateReader.js';
import { InterestProjector } from './suggest/InterestProjector.js';
import type { ChatBackend } from '../llm/ChatBackend.js';
import { LocalBackend } from '../llm/LocalBackend.js';
import { phraseWithModel } from './suggest/phraseWithModel.js';
import { rankSuggestions, type RankedCandidate, type RankingSignals } from './suggest/rankSuggestions.js';
import { reasonFor } from './suggest/reasonFor.js';
import { SupportFinder, type Support } from './suggest/SupportFinder.js';
import { topicPhrase } from './suggest/templateQuestion.js';
import { UserSignalReader, type TopInterests } from './suggest/UserSignalReader.js';

export interface SuggestionOptions {
  /** How long the loaded model may take to phrase suggestions before templates are used. Default 4000 ms. */
  phrasingBudgetMs?: number;
  /** The clock; default Date.now. */
  now?: () => number;
}

const DEFAULT_LIMIT = 5;
/** A projected interest this strong is worth naming in the reason. */
const RELATED_REASON = 0.15;
/** Model phrasings remembered (per model and key), so a refresh does not ask the model again. */
const PHRASING_CACHE = 500;
/** Rankings tried while suggestions without support are replaced by the next best. */
const SUPPORT_ROUNDS = 4;
/** Uncached support searches one call may run, per suggestion asked for. */
const SEARCHES_PER_LIMIT = 2;
/** A subject of the passages the reader highlighted counts this many times its relevance to the page. */
const HIGHLIGHTED_WEIGHT = 1.5;

/** How one `suggest` call reads its context beyond the command's arguments. */
export interface SuggestCallOptions {
  signal?: AbortSignal;
  /**
   * The last page the reader may see (a spoiler-free limit): nothing defined, headed or
   * answered past it is suggested. The reading-progress limit for the user and document goes here.
   */
  maxPage?: number;
}

/**
 * Suggested questions and search completions from what is on screen and the user's
 * profile. Everything but the optional model phrasing is a handful of indexed queries,
 * so suggestions can refresh on every page turn without holding up reading.
 */
export class SuggestionService {
  private readonly candidates: ContextCandidateReader;
  private readonly signals: UserSignalReader;
  private readonly projector: InterestProjector;
  private readonly completer: Autocompleter;
  private readonly phrasings = new Map<string, string>();
  /** Phrasings under way; `yieldModel` stops them so a question never waits behind a suggestion. */
  private readonly phrasing = new Set<AbortController>();
  private readonly now: () => number;
  private readonly support: SupportFinder;

  constructor(
    private readonly deps: {
      queries: SuggestionQueries;
      profiles: ProfileStore;
      runtime: LlmRuntime;
      /** A spoiler-free document's limit page and the entities met only past it, for a user; null when the mode is off. */
      spoilerLimit?: (userId: number, documentId: string) => { page: number; hiddenEntityIds: ReadonlySet<number> } | null;
      /** The entities named in the passages the user highlighted (underlined, noted) in a document. */
      highlightedEntities?: (userId: number, documentId: string) => ReadonlySet<number>;
      /** The chat model now (local or server); default: the runtime. */ chat?: () => ChatBackend | null;
    },
    private readonly options: SuggestionOptions = {},
  ) {
    const { queries, profiles } = deps;
    this.candidates = new ContextCandidateReader(queries.context, profiles.linker);
    this.signals = new UserSignalReader(queries.signals);
    this.projector = new InterestProjector(queries.graph, profiles.linker);
    this.completer = new Autocompleter(queries.completion, profiles.linker);
    this.now = options.now ?? Date.now;
    this.support = new SupportFinder(queries.context);
  }

  /** Forgets the passages found for suggestions; call when documents are added, removed or extracted again. */
  invalidate(): void {
    this.support.invalidate();
  }

  /**
   * 3–6 suggested questions (`limit`, default 5) for a context, best first. Throws
   * USER_NOT_FOUND, DOCUMENT_NOT_FOUND, or INVALID_ARGUMENT for a page or section outside
   * the document. With a chat model loaded the wording may come from it (`phrasing`).
   */
  async suggest(args: CommandArgs<'suggest:get'>, options: SuggestCallOptions = {}): Promise<Suggestion[]> {
    const userId = this.deps.profiles.userId(args.user);
    const documentId = args.documentId ?? null;
    const limit = args.limit ?? DEFAULT_LIMIT;
    const now = this.now();
    const user = this.signals.top(userId, now);
    // Spoiler-free: nothing about what the reader has not reached (a term defined later, a name met only later, a passage past the limit).
    const spoiler = documentId ? (this.deps.spoilerLimit?.(userId, documentId) ?? null) : null;
    const maxPage = spoiler ? Math.min(spoiler.page, options.maxPage ?? Infinity) : options.maxPage;
    const read = this.candidates.read(
      { documentId, page: args.page, sectionId: args.sectionId, selection: args.selection, maxPage },
      user.top.map((t) => t.entityId),
    );
    const { noun } = read;
    const allowed = spoiler
      ? read.candidates.filter((c) => (c.definedOnPage === null || c.definedOnPage <= spoiler.page) && !c.entityIds.some((id) => spoiler.hiddenEntityIds.has(id)))
      : read.candidates;
    // What the reader marked says what matters to them in this document: its subjects weigh more.
    const highlighted = documentId ? this.deps.highlightedEntities?.(userId, documentId) : undefined;
    const candidates =
      highlighted && highlighted.size > 0
        ? allowed.map((c) => (c.entityIds[0] !== undefined && highlighted.has(c.entityIds[0]) ? { ...c, relevance: c.relevance * HIGHLIGHTED_WEIGHT } : c))
        : allowed;
    const ranking = this.rankingSignals(userId, user, candidates, documentId, now);
    const { ranked, support } = this.answerable(candidates, ranking, limit, documentId, maxPage);
    const related = this.relatedNames(ranked, ranking, documentId);
    let suggestions: Suggestion[] = ranked.map(({ candidate: c, score }) => {
      const id = c.entityIds[0];
      const via = id === undefined ? undefined : ranking.projections.get(id);
      const viaSignal = via && ranking.entities.get(via.via);
      return {
        key: c.key,
        text: c.text,
        reason: reasonFor({
          candidate: c,
          signal: id === undefined ? undefined : ranking.entities.get(id),
          history: id === undefined ? undefined : ranking.history.get(id),
          related: via && via.score >= RELATED_REASON && related.has(via.via) ? { name: related.get(via.via)!, asked: (viaSignal?.asked ?? 0) > 0 } : null,
          noun,
        }),
        entities: this.entityNames(c),
        entityIds: c.entityIds,
        score: Math.round(score * 1000) / 1000,
        documentId,
        phrasing: 'template',
        ...supportFields(support.get(c.key)),
      };
    });
    if (this.chat()?.model && args.wording !== 'templates') {
      const controller = new AbortController();
      this.phrasing.add(controller);
      try {
        suggestions = await this.phrase(suggestions, ranked, documentId, options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal);
      } finally {
        this.phrasing.delete(controller);
      }
    }
    if (args.recordShown) this.deps.profiles.recordShown(args.user, suggestions);
    return suggestions;
  }

  /**
   * Stops every phrasing under way (those suggestions keep their templates): the engine calls
   * this before a question or a pre-read, which then gets the model without waiting.
   */
  yieldModel(): void {
    for (const controller of this.phrasing) controller.abort();
  }

  /** Completions for what has been typed in the search box, ranked by the user's profile. */
  autocomplete(args: CommandArgs<'suggest:autocomplete'>): Completion[] {
    const userId = this.deps.profiles.userId(args.user);
    const now = this.now();
    const { scale } = this.signals.top(userId, now, 1);
    return this.completer.complete(userId, args.prefix, (ids) => this.signals.entities(userId, ids, now, scale), args.documentId ?? null, args.limit ?? 8);
  }

  /**
   * The best `limit` candidates that search in their scope can answer: ranked, each checked
   * for a passage holding its subject (cached), and those without one replaced by the next
   * best, for a few rounds.
   */
  private answerable(
    candidates: readonly Candidate[],
    ranking: RankingSignals,
    limit: number,
    documentId: string | null,
    maxPage: number | undefined,
  ): { ranked: RankedCandidate[]; support: Map<string, Support> } {
    const support = new Map<string, Support>();
    // What the passages were when support was cached: a document read again (OCR) has new passage ids.
    const range = documentId ? this.deps.queries.context.passageRange.get(documentId) : undefined;
    const version = documentId ? `${range?.lo}:${range?.hi}` : String(this.deps.queries.context.documentCount.get()!.n);
    let pool = candidates;
    let ranked: RankedCandidate[] = [];
    // Searches one call may run (about 2–5 ms each on a long contract): bounds a page turn in a document whose candidates mostly fail.
    const budget = { searches: SEARCHES_PER_LIMIT * limit };
    for (let round = 0; round < SUPPORT_ROUNDS; round++) {
      ranked = rankSuggestions(pool, ranking, limit);
      const unsupported = new Set<string>();
      for (const r of ranked) {
        const found = this.support.find(r.candidate, documentId, version, maxPage, budget);
        if (found) support.set(r.candidate.key, found);
        else unsupported.add(r.candidate.key);
      }
      if (unsupported.size === 0) break;
      pool = pool.filter((c) => !unsupported.has(c.key));
    }
    return { ranked: ranked.filter((r) => support.has(r.candidate.key)), support };
  }

  private rankingSignals(userId: number, user: TopInterests, candidates: readonly Candidate[], documentId: string | null, now: number): RankingSignals {
    const subjects = [...new Set(candidates.flatMap((c) => c.entityIds.slice(0, 1)))];
    const { answered, shown } = this.signals.keys(
      userId,
      candidates.map((c) => c.key),
    );
    return {
      // The interests too: reasons say whether a related interest was asked about or only read.
      entities: this.signals.entities(userId, [...new Set([...subjects, ...user.top.map((t) => t.entityId)])], now, user.scale),
      history: this.signals.documents(userId, subjects, documentId),
      projections: this.projector.project(user.top, subjects, documentId),
      answered,
      shown,
    };
  }

  /** Names of the interests that projections came through, for reasons. */
  private relatedNames(ranked: readonly RankedCandidate[], ranking: RankingSignals, documentId: string | null): Map<number, string> {
    const ids: number[] = [];
    for (const r of ranked) {
      const via = r.candidate.entityIds[0] === undefined ? undefined : ranking.projections.get(r.candidate.entityIds[0])?.via;
      if (via !== undefined) ids.push(via);
    }
    if (ids.length === 0) return new Map();
    // A reason names only what is true here: a topic (a clause, a theme: general) or what this
    // document (in the library view, some document) mentions; never another document's party or name.
    const here = new Set(this.deps.queries.context.presentIn.all({ doc: documentId ?? '', ids: JSON.stringify(ids) }).map((r) => r.entityId));
    return new Map(
      this.deps.queries.context.namesOf
        .all(JSON.stringify(ids))
        .filter((r) => r.kind === 'topic' || here.has(r.id))
        .map((r) => [r.id, r.kind === 'topic' ? topicPhrase(r.name) : r.name]),
    );
  }

  private entityNames(c: Candidate): string[] {
    if (c.entityIds.length === 0) return [];
    if (c.kind !== 'section' && c.entityIds.length === 1) return [c.name];
    const names = new Map(this.deps.queries.context.namesOf.all(JSON.stringify(c.entityIds)).map((r) => [r.id, r.name]));
    return c.entityIds.map((id, i) => (i === 0 && c.kind !== 'section' ? c.name : (names.get(id) ?? ''))).filter(Boolean);
  }

  private localChat: LocalBackend | null = null;

  private chat(): ChatBackend | null {
    return this.deps.chat ? this.deps.chat() : (this.localChat ??= new LocalBackend(this.deps.runtime, null));
  }

  /** Rewords the suggestions with the loaded model when it is free and quick enough; keeps the templates otherwise. */
  private async phrase(suggestions: Suggestion[], ranked: readonly RankedCandidate[], documentId: string | null, signal?: AbortSignal): Promise<Suggestion[]> {
    const chat = this.chat();
    const loaded = chat?.model;
    if (!chat || !loaded || suggestions.length === 0) return suggestions;
    const cacheKey = (s: Suggestion) => `${loaded.modelId}:${s.key}`;
    const missing = suggestions.filter((s) => !this.phrasings.has(cacheKey(s)));
    if (missing.length > 0) {
      const subjects = new Map(ranked.map((r) => [r.candidate.key, r.candidate.name]));
      const title = documentId ? (this.deps.queries.context.titleOf.get(documentId)?.title ?? null) : null;
      const phrased = await phraseWithModel(
        chat,
        missing.map((s) => ({ question: s.text, subject: subjects.get(s.key) ?? '' })),
        {
          title,
          signal,
          budgetMs: this.options.phrasingBudgetMs ?? 4000,
        },
      );
      phrased?.forEach((text, i) => {
        if (text === null) return;
        if (this.phrasings.size >= PHRASING_CACHE) this.phrasings.delete(this.phrasings.keys().next().value!);
        this.phrasings.set(cacheKey(missing[i]!), text);
      });
    }
    return suggestions.map((s) => {
      const text = this.phrasings.get(cacheKey(s));
      return text ? { ...s, text, phrasing: 'model' } : s;
    });
  }
}

function supportFields(support: Support | undefined): Pick<Suggestion, 'passageId' | 'page' | 'quote'> {
  return support ? { passageId: support.passageId, page: support.page, quote: support.quote } : {};
}
