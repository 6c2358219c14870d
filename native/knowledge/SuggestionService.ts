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

  constructor(
    private readonly deps: {
      queries: SuggestionQueries;
      profiles: ProfileStore;
      runtime: LlmRuntime;
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
  }

  /**
   * 3–6 suggested questions (`limit`, default 5) for a context, best first. Throws
   * USER_NOT_FOUND, DOCUMENT_NOT_FOUND, or INVALID_ARGUMENT for a page or section outside
   * the document. With a chat model loaded the wording may come from it (`phrasing`).
   */
  async suggest(args: CommandArgs<'suggest:get'>, options: { signal?: AbortSignal } = {}): Promise<Suggestion[]> {
    const userId = this.deps.profiles.userId(args.user);
    const documentId = args.documentId ?? null;
    const limit = args.limit ?? DEFAULT_LIMIT;
    const now = this.now();
    const user = this.signals.top(userId, now);
    const { noun, candidates } = this.candidates.read(
      { documentId, page: args.page, sectionId: args.sectionId, selection: args.selection },
      user.top.map((t) => t.entityId),
    );
    const ranking = this.rankingSignals(userId, user, candidates, documentId, now);
    const ranked = rankSuggestions(candidates, ranking, limit);
    const related = this.relatedNames(ranked, ranking);
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
  private relatedNames(ranked: readonly RankedCandidate[], ranking: RankingSignals): Map<number, string> {
    const ids: number[] = [];
    for (const r of ranked) {
      const via = r.candidate.entityIds[0] === undefined ? undefined : ranking.projections.get(r.candidate.entityIds[0])?.via;
      if (via !== undefined) ids.push(via);
    }
    if (ids.length === 0) return new Map();
    return new Map(this.deps.queries.context.namesOf.all(JSON.stringify(ids)).map((r) => [r.id, r.kind === 'topic' ? topicPhrase(r.name) : r.name]));
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
