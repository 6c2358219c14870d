import { createHash } from 'node:crypto';
import type { Token } from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { AskResult, Citation, PassageFilter, PrereadSummary, SearchHit, SearchQuery } from '../api/types.js';
import type { KvStateStore } from '../llm/KvStateStore.js';
import type { LlmRuntime, LoadedModel } from '../llm/LlmRuntime.js';
import { allows, type PassageSearch } from '../search/PassageSearch.js';
import type { ConversationRepository } from '../store/ConversationRepository.js';
import type { DemonstrationRepository } from '../store/DemonstrationRepository.js';
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
}

export interface AskDependencies {
  documents: DocumentRepository;
  search: PassageSearch;
  /** Retrieval for questions (hybrid search when the library has an embedding model); default: `search` alone. */
  retrieve?: (query: SearchQuery, signal?: AbortSignal) => Promise<SearchHit[]>;
  runtime: LlmRuntime;
  kvStates: KvStateStore;
  conversations: ConversationRepository;
  demonstrations: DemonstrationRepository;
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
  private readonly saving = new Set<Promise<void>>();

  constructor(private readonly deps: AskDependencies) {}

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
    const loaded = this.deps.runtime.loaded;
    if (!loaded) return this.askExtractive(q, documentIds, scopeKey, continued, options, started);
    const conversationId = continued ?? this.deps.conversations.create(scopeKey, documentIds, q);

    const { runtime } = this.deps;
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
    const outcome = await runtime.exclusive(async () => {
      const plan = await this.plan(q, documentIds, readKey, loaded, options.signal, false, options.passages);
      const grammar = await runtime.grammarFor(answerSchema([...plan.context.tags.keys()]));
      const { prefix, prompt } = runtime.chatPrompt(plan.system, q);
      let evaluatedPrefix = 0;
      let unsaved = false;
      if (plan.mode === 'full-context') ({ evaluatedTokens: evaluatedPrefix, unsaved } = await this.ensurePrefix(prefix, plan.scopeKey, loaded, options.signal, false));
      const result = await runtime.generate(prompt, { grammar, maxTokens: options.maxTokens ?? 512, signal: options.signal, onText, onFirstToken });
      // Saved once the answer is written, not before it starts: the first token waits for nothing.
      if (unsaved) this.saveLater(prefix, plan.scopeKey, loaded);
      // Reused: held in memory or restored from a saved state; evaluated: read for this question.
      const evaluated = evaluatedPrefix + result.evaluatedTokens;
      return { plan, result, reused: result.promptTokens - evaluated, evaluated };
    });
    const parsed = parseModelAnswer(outcome.result.text);
    const answer = parsed.answer.trim() || (options.signal?.aborted ? '(stopped before an answer was written)' : '(the model wrote no answer)');
    const citations = verifyCitations(answer, outcome.plan.context.tags, this.geometry);
    const messageId = this.deps.conversations.addExchange(conversationId, q, { text: answer, mode: outcome.plan.mode, modelId: loaded.record.id, citations });
    const result: AskResult = {
      answer,
      mode: outcome.plan.mode,
      citations,
      context: { size: loaded.contextSize, trainSize: loaded.trainContextSize, scale: loaded.scale, ropeScaling: loaded.ropeScaling },
      timings: {
        promptTokens: outcome.result.promptTokens,
        reusedTokens: outcome.reused,
        evaluatedTokens: outcome.evaluated,
        firstTokenMs,
        totalMs: performance.now() - started,
      },
      conversationId,
      messageId,
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
    const loaded = this.deps.runtime.loaded;
    if (!loaded) throw new LecternError('NO_MODEL_LOADED', 'Pre-reading needs a model: load a model first.');
    const { runtime } = this.deps;
    return runtime.exclusive(async () => {
      options.onProgress?.('planning');
      const plan = await this.plan('', ids, scopeKey, loaded, options.signal, true);
      if (plan.mode !== 'full-context') {
        throw new LecternError(
          'CONTEXT_TOO_LARGE',
          `These documents do not fit in the model's ${loaded.contextSize}-token context, so there is nothing to pre-read: questions will use retrieval. Load the model with a larger context scale to read them whole.`,
        );
      }
      let final = plan;
      let evaluated = 0;
      const reused = this.held(runtime.chatPrompt(plan.system, 'x').prefix);
      let examples = this.deps.demonstrations.get(scopeKey, loaded.record.id, plan.contextHash);
      if (!examples) {
        // The examples are written from the context's own prefix, then appended to it.
        options.onProgress?.('reading');
        evaluated += (await this.ensurePrefix(runtime.chatPrompt(plan.system, 'x').prefix, scopeKey, loaded, options.signal)).evaluatedTokens;
        options.onProgress?.('writing examples');
        examples = await writeDemonstrations(runtime, plan.system, [...plan.context.tags.keys()], options.signal);
        if (examples.length > 0) {
          this.deps.demonstrations.put(scopeKey, loaded.record.id, plan.contextHash, examples);
          final = await this.plan('', ids, scopeKey, loaded, options.signal, true);
        }
      }
      const prefix = runtime.chatPrompt(final.system, 'x').prefix;
      options.onProgress?.('saving');
      const r = await this.ensurePrefix(prefix, scopeKey, loaded, options.signal);
      evaluated += r.evaluatedTokens;
      return {
        mode: plan.mode,
        promptTokens: prefix.length,
        reusedTokens: reused,
        evaluatedTokens: evaluated,
        stateBytes: r.stateBytes,
        demonstrations: examples.length,
        ms: performance.now() - started,
      };
    });
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
    const ranked = this.contextPassages(documents.passagesById(hits.map((h) => h.passageId)));
    const adjacent = this.adjacentPassages(ranked.slice(0, EXTRACTIVE_READ), options.passages);
    const { answer, citations } = extractiveAnswer(
      { question: q, ranked, adjacent: (p) => adjacent.get(p.id) ?? [], searched: queryWords(q).content, wordFrequencies: (words) => this.deps.search.wordFrequencies(words) },
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
      conversationId,
      messageId,
    };
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
    question: string,
    documentIds: string[],
    scopeKey: string,
    loaded: LoadedModel,
    signal: AbortSignal | undefined,
    fullOnly = false,
    filter?: PassageFilter,
  ): Promise<Plan> {
    const { runtime, documents } = this.deps;
    const budget = Math.floor(loaded.contextSize * CONTEXT_SHARE) - ANSWER_RESERVE;
    // Byte fallback makes a token at least one character: scopes far over the budget skip tokenizing.
    if (documents.textLength(documentIds) <= budget * 8) {
      const all = this.contextPassages(documentIds.flatMap((id) => documents.passages(id)).filter((p) => allows(filter, p.id)));
      const full = buildStructuredContext(all);
      const examples = this.deps.demonstrations.get(scopeKey, loaded.record.id, hashOf(full.text));
      const system = systemText(full, examples ? renderDemonstrations(examples) : null);
      if (runtime.tokenize(system).length <= budget) return { mode: 'full-context', context: full, system, scopeKey, contextHash: hashOf(full.text) };
    }
    if (fullOnly) return { mode: 'retrieval', context: buildStructuredContext([]), system: '', scopeKey, contextHash: '' };
    const hits = await this.retrieve({ query: question, documentIds, limit: RETRIEVAL_CANDIDATES, passages: filter }, signal);
    const candidates = this.contextPassages(documents.passagesById(hits.map((h) => h.passageId)));
    const ranked = await rerankListwise(runtime, question, candidates, signal);
    const chosen: ContextPassage[] = [];
    let used = runtime.tokenize(ANSWER_INSTRUCTIONS).length;
    for (const p of ranked) {
      const cost = runtime.tokenize(p.text).length + 24;
      if (used + cost > budget) continue;
      chosen.push(p);
      used += cost;
    }
    chosen.sort((a, b) => (a.documentId === b.documentId ? a.order - b.order : documentIds.indexOf(a.documentId) - documentIds.indexOf(b.documentId)));
    const context = buildStructuredContext(chosen);
    return { mode: 'retrieval', context, system: systemText(context, null), scopeKey, contextHash: hashOf(context.text) };
  }

  /**
   * Makes the sequence hold `prefix`: already there, restored from a saved state, or
   * evaluated. A saved state that cannot be used (another model, damaged) is discarded by
   * the store and the prefix is read again. With `saveNow` an unsaved prefix is saved
   * before returning; without, `unsaved` says it still needs saving. Call inside `exclusive`.
   */
  private async ensurePrefix(
    prefix: Token[],
    scopeKey: string,
    loaded: LoadedModel,
    signal: AbortSignal | undefined,
    saveNow = true,
  ): Promise<{ evaluatedTokens: number; stateBytes: number; unsaved: boolean }> {
    const { runtime, kvStates } = this.deps;
    const sequence = runtime.sequence;
    let evaluatedTokens = 0;
    if (this.held(prefix) >= prefix.length) {
      if (kvStates.has(loaded, prefix)) return { evaluatedTokens: 0, stateBytes: 0, unsaved: false };
      // Held in memory but never saved (its state was evicted or cleared): save it.
    } else if (await kvStates.restore(sequence, loaded, prefix)) {
      return { evaluatedTokens: 0, stateBytes: 0, unsaved: false };
    } else {
      evaluatedTokens = (await runtime.evaluate(prefix, signal)).evaluatedTokens;
    }
    if (!saveNow) return { evaluatedTokens, stateBytes: 0, unsaved: true };
    return { evaluatedTokens, stateBytes: await this.savePrefix(prefix, scopeKey, loaded), unsaved: false };
  }

  /** Saves the state of `prefix` if the sequence still holds it and none is saved; the tokens after it are dropped first. Call inside `exclusive`. */
  private async savePrefix(prefix: Token[], scopeKey: string, loaded: LoadedModel): Promise<number> {
    const { runtime, kvStates } = this.deps;
    if (runtime.loaded !== loaded || this.held(prefix) < prefix.length || kvStates.has(loaded, prefix)) return 0;
    const sequence = runtime.sequence;
    if (sequence.nextTokenIndex > prefix.length) await sequence.eraseContextTokenRanges([{ start: prefix.length, end: sequence.nextTokenIndex }]);
    return (await kvStates.save(sequence, loaded, prefix, scopeKey)).bytes;
  }

  /**
   * Saves the prefix's state after the current turn of the runtime's lock, without making
   * the question wait; a later question queues behind it. A failed save only costs the
   * next restart a re-read, so it is reported, not thrown.
   */
  private saveLater(prefix: Token[], scopeKey: string, loaded: LoadedModel): void {
    const saving = this.deps.runtime
      .exclusive(() => this.savePrefix(prefix, scopeKey, loaded))
      .then(
        () => {},
        (error: unknown) => this.deps.onSaveFailed?.(error),
      )
      .finally(() => this.saving.delete(saving));
    this.saving.add(saving);
  }

  /** Resolves once every state save started by a question is done (or failed). */
  async settled(): Promise<void> {
    while (this.saving.size > 0) await Promise.all([...this.saving]);
  }

  /** How many of `tokens` the sequence already holds. */
  private held(tokens: Token[]): number {
    const sequence = this.deps.runtime.sequence;
    return Math.min(sequence.compareContextTokens(tokens).firstDifferentIndex, sequence.nextTokenIndex, tokens.length);
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
