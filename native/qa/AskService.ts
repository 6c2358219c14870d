import { createHash } from 'node:crypto';
import { LecternError } from '../api/errors.js';
import type { AskResult, Citation, PassageFilter, PrereadSummary, SearchHit, SearchQuery } from '../api/types.js';
import type { BackendModel, ChatBackend } from '../llm/ChatBackend.js';
import type { KvStateStore } from '../llm/KvStateStore.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import { LocalBackend } from '../llm/LocalBackend.js';
import { allows, type AskedClauses, type PassageSearch } from '../search/PassageSearch.js';
import type { ConversationRepository } from '../store/ConversationRepository.js';
import type { Demonstration, DemonstrationRepository } from '../store/DemonstrationRepository.js';
import { notFound, type DocumentRepository } from '../store/DocumentRepository.js';
import { answerSchema, parseModelAnswer, partialAnswer } from './answerSchema.js';
import { renderDemonstrations, writeDemonstrations } from './demonstrations.js';
import { queryWords } from '../search/queryWords.js';
import { EXTRACTIVE_READ, extractiveAnswer } from './extractiveAnswer.js';
import { questionTerms } from './questionTerms.js';
import { rerankListwise } from './rerankPassages.js';
import { ANSWER_INSTRUCTIONS, buildStructuredContext, type ContextPassage, type StructuredContext } from './structuredContext.js';
import type { GeometryLookup } from './verifyCitations.js';
import { verifyCitations } from './verifyCitations.js';

export interface AskOptions {
  /** Scope; the whole library when empty. */
  documentIds?: string[];
  /** Continue this conversation; a new one is started otherwise. */
  conversationId?: string;
  signal?: AbortSignal;
  /** The answer text as it grows, one delta at a time. */
  onText?: (delta: string) => void;
  /** Default 512. */
  maxTokens?: number;
  /**
   * The passages the answer may read (spoiler-free pages, "my highlights"): retrieval ranks only
   * those, and full context holds only those. Passages outside it are never shown to the model.
   */
  passages?: PassageFilter;
  /** Passages read before search's ranking, when in scope and allowed (an accepted suggestion's supporting passage). */
  readFirst?: number[];
}

export interface AskDependencies {
  documents: DocumentRepository;
  search: PassageSearch;
  /** Retrieval for questions (hybrid search when the library has an embedding model); default: `search` alone. */
  retrieve?: (query: SearchQuery, signal?: AbortSignal) => Promise<SearchHit[]>;
  runtime: LlmRuntime;
  kvStates: KvStateStore;
  /**
   * The model answering now: the local runtime or an inference server (null: none, answers are
   * extractive). Default: the local runtime when it has a model loaded.
   */
  backends?: { current(): ChatBackend | null; readonly local: LocalBackend };
  conversations: ConversationRepository;
  demonstrations: DemonstrationRepository;
  /** The kinds of clause a question names, for extractive answers (the engine's clause concepts); none when absent. */
  askedClauses?: AskedClauses;
  /** Told when saving a reading state after an answer failed (the answer stands; the next restart reads the document again). */
  onSaveFailed?: (error: unknown) => void;
}

/** Share of the context the structured documents may fill in full-context mode. */
const CONTEXT_SHARE = 0.9;
/** Tokens kept free for the question, the chat format and the answer. */
const ANSWER_RESERVE = 700;
/** Candidates retrieved (and re-ranked) when the scope does not fit. */
const RETRIEVAL_CANDIDATES = 30;
/** Sits in the cached prefix, not in each question, so a follow-up evaluates only the question itself. */
const REPLY_FORMAT = 'Reply to each question in JSON: the tags of the passages that answer it, then the answer citing them like [P3].';

interface Plan {
  mode: 'full-context' | 'retrieval';
  context: StructuredContext;
  system: string;
  scopeKey: string;
  contextHash: string;
}

/**
 * Answers questions with citations (DESIGN.md "Asking a question"): plan full
 * context or retrieval, structure the context, add cached demonstrations, answer
 * under a JSON grammar while streaming, verify every citation against the passage
 * text, and store the exchange. Without a model, answers extractively.
 */
export class AskService {
  private readonly local: LocalBackend;
  private readonly serverDemonstrations = new Map<string, Demonstration[]>();

  constructor(private readonly deps: AskDependencies) {
    this.local = deps.backends?.local ?? new LocalBackend(deps.runtime, deps.kvStates, deps.onSaveFailed);
  }

  /** The backend that answers now, with its model; null when no model is loaded anywhere. */
  private active(): { backend: ChatBackend; loaded: BackendModel } | null {
    const backend = this.deps.backends ? this.deps.backends.current() : this.local;
    const loaded = backend?.model ?? null;
    return backend && loaded ? { backend, loaded } : null;
  }

  /** Stopped by `options.signal` while writing, it stores the answer so far and rejects CANCELLED with it as `partial`. */
  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const started = performance.now();
    const q = question.trim();
    if (!q) throw new LecternError('EMPTY_QUESTION', 'The question is empty. Type what you want to know about the documents.');
    if (q.length > 4000) throw new LecternError('INVALID_ARGUMENT', 'The question is over 4,000 characters. Ask something shorter, or select the text and ask about it.');
    const documentIds = this.scope(options.documentIds);
    const scopeKey = scopeKeyOf(documentIds, options.documentIds);
    // The reading state of a filtered scope is another text than the whole documents': its own key.
    const readKey = options.passages ? `${scopeKey}|${filterKey(options.passages)}` : scopeKey;
    const continued = options.conversationId && this.deps.conversations.exists(options.conversationId) ? options.conversationId : null;
    const active = this.active();
    if (!active) return this.askExtractive(q, documentIds, scopeKey, continued, options, started);
    const { backend, loaded } = active;

    let firstTokenMs: number | null = null;
    let shown = '';
    let streamed = '';
    const onFirstToken = () => {
      firstTokenMs ??= performance.now() - started;
    };
    const onText = (chunk: string) => {
      streamed += chunk;
      const now = partialAnswer(streamed);
      if (now !== null && now.length > shown.length) {
        options.onText?.(now.slice(shown.length));
        shown = now;
      }
    };
    const outcome = await backend.exclusive(async () => {
      const plan = await this.plan(backend, q, documentIds, readKey, loaded, options.signal, false, options.passages, options.readFirst);
      // Full context: the documents are a reading state the backend keeps (and saves) across questions.
      const result = await backend.complete({
        system: plan.system,
        user: q,
        jsonSchema: answerSchema([...plan.context.tags.keys()]),
        maxTokens: options.maxTokens ?? 512,
        signal: options.signal,
        onDelta: onText,
        onFirstToken,
        reuse: plan.mode === 'full-context' ? { scopeKey: plan.scopeKey } : undefined,
      });
      return { plan, result };
    });
    const parsed = parseModelAnswer(outcome.result.text);
    const answer = parsed.answer.trim() || (options.signal?.aborted ? '(stopped before an answer was written)' : '(the model wrote no answer)');
    const citations = verifyCitations(answer, outcome.plan.context.tags, this.geometry);
    // Created only now that there is an answer: a failure (a server gone mid-answer) leaves no empty conversation behind.
    const conversationId = continued ?? this.deps.conversations.create(scopeKey, documentIds, q);
    const messageId = this.deps.conversations.addExchange(conversationId, q, { text: answer, mode: outcome.plan.mode, modelId: loaded.modelId, citations });
    const result: AskResult = {
      answer,
      mode: outcome.plan.mode,
      citations,
      context: { size: loaded.contextSize, trainSize: loaded.trainContextSize, scale: loaded.scale, ropeScaling: loaded.ropeScaling },
      timings: {
        promptTokens: outcome.result.timings.promptTokens,
        reusedTokens: outcome.result.timings.reusedTokens,
        evaluatedTokens: outcome.result.timings.evaluatedTokens,
        firstTokenMs,
        totalMs: performance.now() - started,
      },
      conversationId,
      messageId,
      where: backend.where,
    };
    // Stopped mid-answer: the text so far is kept in the conversation above, and comes back as the error's `partial`.
    if (outcome.result.stopReason === 'abort') throw new LecternError('CANCELLED', 'The answer was stopped; what it had written is kept in the conversation.', { partial: result });
    return result;
  }

  /**
   * Reads a scope ahead of questions: evaluates its prompt prefix, writes the
   * recycled-context demonstrations once, and saves the prefix's KV state to disk.
   */
  async preread(documentIds: string[], options: { signal?: AbortSignal; onProgress?: (stage: string) => void } = {}): Promise<PrereadSummary> {
    const started = performance.now();
    const ids = this.scope(documentIds);
    const scopeKey = scopeKeyOf(ids, documentIds);
    const active = this.active();
    if (!active) throw new LecternError('NO_MODEL_LOADED', 'Pre-reading needs a model: load a model first.');
    const { backend, loaded } = active;
    return backend.exclusive(async () => {
      options.onProgress?.('planning');
      const plan = await this.plan(backend, '', ids, scopeKey, loaded, options.signal, true);
      if (plan.mode !== 'full-context') {
        throw new LecternError(
          'CONTEXT_TOO_LARGE',
          `These documents do not fit in the model's ${loaded.contextSize}-token context, so there is nothing to pre-read: questions will use retrieval. Load the model with a larger context scale to read them whole.`,
        );
      }
      let final = plan;
      let evaluated = 0;
      let reused: number | null = null;
      let examples = this.demonstrationsFor(backend, scopeKey, loaded.modelId, plan.contextHash);
      if (!examples) {
        // The examples are written from the context's own prefix, then appended to it.
        options.onProgress?.('reading');
        const first = await backend.preread(plan.system, scopeKey, options.signal);
        reused = first.reusedTokens;
        evaluated += first.evaluatedTokens;
        options.onProgress?.('writing examples');
        examples = await writeDemonstrations(backend, plan.system, [...plan.context.tags.keys()], options.signal);
        if (examples.length > 0) {
          this.keepDemonstrations(backend, scopeKey, loaded.modelId, plan.contextHash, examples);
          final = await this.plan(backend, '', ids, scopeKey, loaded, options.signal, true);
        }
      }
      options.onProgress?.('saving');
      const r = await backend.preread(final.system, scopeKey, options.signal);
      evaluated += r.evaluatedTokens;
      return {
        mode: plan.mode,
        promptTokens: r.promptTokens,
        reusedTokens: reused ?? r.reusedTokens,
        evaluatedTokens: evaluated,
        stateBytes: r.stateBytes,
        demonstrations: examples.length,
        ms: performance.now() - started,
      };
    });
  }

  /**
   * Stored demonstrations belong to a registered GGUF model (the table cascades with it); a
   * server's are kept for as long as the engine runs, and written again after a restart.
   */
  private demonstrationsFor(backend: ChatBackend, scopeKey: string, modelId: string, contextHash: string): Demonstration[] | null {
    if (backend.kind === 'server') return this.serverDemonstrations.get(`${scopeKey}\n${modelId}\n${contextHash}`) ?? null;
    return this.deps.demonstrations.get(scopeKey, modelId, contextHash);
  }

  private keepDemonstrations(backend: ChatBackend, scopeKey: string, modelId: string, contextHash: string, examples: Demonstration[]): void {
    if (backend.kind === 'server') this.serverDemonstrations.set(`${scopeKey}\n${modelId}\n${contextHash}`, examples);
    else this.deps.demonstrations.put(scopeKey, modelId, contextHash, examples);
  }

  private retrieve(query: SearchQuery, signal: AbortSignal | undefined): Promise<SearchHit[]> {
    return this.deps.retrieve ? this.deps.retrieve(query, signal) : Promise.resolve(this.deps.search.search(query));
  }

  /**
   * Answers by quoting, without a model. A question with nothing to search for is
   * refused before anything is stored; otherwise the conversation (new or continued)
   * gets the question and its answer together, once the answer exists.
   */
  private async askExtractive(q: string, documentIds: string[], scopeKey: string, continued: string | null, options: AskOptions, started: number): Promise<AskResult> {
    if (questionTerms(q).length === 0) {
      throw new LecternError(
        'EMPTY_QUESTION',
        'The question has no words to search for: only punctuation or words such as "what" and "the". Type the words you want to find, like "When does the lease end?"',
      );
    }
    const { documents } = this.deps;
    const hits = await this.retrieve({ query: q, documentIds, limit: 10, passages: options.passages }, options.signal);
    const ranked = this.readFirst(this.contextPassages(documents.passagesById(hits.map((h) => h.passageId))), documentIds, options);
    const adjacent = this.adjacentPassages(ranked.slice(0, EXTRACTIVE_READ), options.passages);
    const { answer, citations } = extractiveAnswer(
      {
        question: q,
        ranked,
        adjacent: (p) => adjacent.get(p.id) ?? [],
        searched: queryWords(q).content,
        wordFrequencies: (words) => this.deps.search.wordFrequencies(words),
        askedClauses: this.deps.askedClauses,
      },
      this.geometry,
    );
    const conversationId = continued ?? this.deps.conversations.create(scopeKey, documentIds, q);
    const messageId = this.deps.conversations.addExchange(conversationId, q, { text: answer, mode: 'extractive', modelId: null, citations });
    options.onText?.(answer);
    const ms = performance.now() - started;
    return {
      answer,
      mode: 'extractive',
      citations,
      context: null,
      timings: { promptTokens: 0, reusedTokens: 0, evaluatedTokens: 0, firstTokenMs: ms, totalMs: ms },
      where: this.local.where,
      conversationId,
      messageId,
    };
  }

  /**
   * The passages asked to be read first (in scope, allowed by the filter), then the ranking
   * without them: a suggestion accepted is answered from the passage that made it answerable.
   */
  private readFirst(ranked: ContextPassage[], documentIds: readonly string[], options: AskOptions): ContextPassage[] {
    const wanted = (options.readFirst ?? []).filter((id) => allows(options.passages, id));
    if (wanted.length === 0) return ranked;
    const inScope = new Set(documentIds);
    const first = this.contextPassages(this.deps.documents.passagesById(wanted)).filter((p) => inScope.has(p.documentId));
    const ids = new Set(first.map((p) => p.id));
    return [...first, ...ranked.filter((p) => !ids.has(p.id))];
  }

  /** The passages just before and after each of `passages` in its document (ids are consecutive in reading order; `order` confirms it). */
  private adjacentPassages(passages: readonly ContextPassage[], filter?: PassageFilter): Map<number, ContextPassage[]> {
    const wanted = [...new Set(passages.flatMap((p) => [p.id - 1, p.id + 1]))].filter((id) => allows(filter, id));
    const byId = new Map(this.contextPassages(this.deps.documents.passagesById(wanted)).map((p) => [p.id, p]));
    const out = new Map<number, ContextPassage[]>();
    for (const p of passages) {
      const around = [byId.get(p.id - 1), byId.get(p.id + 1)].filter(
        (n): n is ContextPassage => n !== undefined && n.documentId === p.documentId && Math.abs(n.order - p.order) === 1,
      );
      out.set(p.id, around);
    }
    return out;
  }

  /**
   * Full context when the scope's structured text fits in 90% of the context (less
   * room for the answer); otherwise the best passages by search, re-ranked listwise
   * by the model, as many as fit, back in document order. Call inside `exclusive`.
   */
  private async plan(
    backend: ChatBackend,
    question: string,
    documentIds: string[],
    scopeKey: string,
    loaded: BackendModel,
    signal: AbortSignal | undefined,
    fullOnly = false,
    filter?: PassageFilter,
    readFirst?: number[],
  ): Promise<Plan> {
    const { documents } = this.deps;
    const budget = Math.floor(loaded.contextSize * CONTEXT_SHARE) - ANSWER_RESERVE;
    // Byte fallback makes a token at least one character: scopes far over the budget skip tokenizing.
    if (documents.textLength(documentIds) <= budget * 8) {
      const all = this.contextPassages(documentIds.flatMap((id) => documents.passages(id)).filter((p) => allows(filter, p.id)));
      const full = buildStructuredContext(all);
      const examples = this.demonstrationsFor(backend, scopeKey, loaded.modelId, hashOf(full.text));
      const system = systemText(full, examples ? renderDemonstrations(examples) : null);
      if ((await backend.countTokens(system)) <= budget) return { mode: 'full-context', context: full, system, scopeKey, contextHash: hashOf(full.text) };
    }
    if (fullOnly) return { mode: 'retrieval', context: buildStructuredContext([]), system: '', scopeKey, contextHash: '' };
    const hits = await this.retrieve({ query: question, documentIds, limit: RETRIEVAL_CANDIDATES, passages: filter }, signal);
    const candidates = this.readFirst(this.contextPassages(documents.passagesById(hits.map((h) => h.passageId))), documentIds, { passages: filter, readFirst });
    const ranked = await rerankListwise(backend, question, candidates, signal);
    const chosen: ContextPassage[] = [];
    let used = await backend.countTokens(ANSWER_INSTRUCTIONS);
    for (const p of ranked) {
      const cost = (await backend.countTokens(p.text)) + 24;
      if (used + cost > budget) continue;
      chosen.push(p);
      used += cost;
    }
    chosen.sort((a, b) => (a.documentId === b.documentId ? a.order - b.order : documentIds.indexOf(a.documentId) - documentIds.indexOf(b.documentId)));
    const context = buildStructuredContext(chosen);
    return { mode: 'retrieval', context, system: systemText(context, null), scopeKey, contextHash: hashOf(context.text) };
  }

  /** Resolves once every state save started by a question is done (or failed). */
  async settled(): Promise<void> {
    await this.local.settled();
    const current = this.deps.backends?.current();
    if (current && current !== this.local) await current.settled();
  }

  private scope(documentIds: string[] | undefined): string[] {
    if (documentIds && documentIds.length > 0) {
      for (const id of documentIds) if (!this.deps.documents.summary(id)) throw notFound(id);
      return [...new Set(documentIds)];
    }
    const all = this.deps.documents
      .list()
      .filter((d) => d.status === 'ingested')
      .map((d) => d.id);
    if (all.length === 0) throw new LecternError('DOCUMENT_NOT_FOUND', 'The library has no searchable documents yet: import some first.');
    return all;
  }

  private contextPassages(passages: ReturnType<DocumentRepository['passages']>): ContextPassage[] {
    const titles = new Map<string, string>();
    return passages.map((p) => {
      let title = titles.get(p.documentId);
      if (title === undefined) titles.set(p.documentId, (title = this.deps.documents.summary(p.documentId)?.title ?? p.documentId));
      return { ...p, documentTitle: title };
    });
  }

  private readonly geometry: GeometryLookup = (documentId, page) => {
    const stored = this.deps.documents.page(documentId, page);
    return stored?.geometry ? { geometry: stored.geometry, text: stored.text } : null;
  };
}

function systemText(context: StructuredContext, demonstrations: string | null): string {
  return [ANSWER_INSTRUCTIONS, context.text, demonstrations, REPLY_FORMAT].filter((s): s is string => !!s).join('\n\n');
}

function scopeKeyOf(resolved: string[], asked: string[] | undefined): string {
  return asked && asked.length > 0 ? [...resolved].sort().join(',') : 'library';
}

/** A short stable name for a passage filter, for the key of a filtered scope's reading state. */
function filterKey(filter: PassageFilter): string {
  return hashOf(JSON.stringify({ only: filter.only ?? null, exclude: filter.exclude ?? [] })).slice(0, 12);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export type { Citation };
