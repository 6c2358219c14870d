import type { Token } from 'node-llama-cpp';
import type { BackendModel, ChatBackend, ChatRequest, ChatResult, PrereadOutcome } from './ChatBackend.js';
import type { KvStateStore } from './KvStateStore.js';
import type { LlmRuntime, LoadedModel } from './LlmRuntime.js';

/**
 * A sequence holding more than this many tokens holds a document's reading state (its KV
 * prefix); a short unrelated request there would overwrite it and make the next question read
 * the document again.
 */
export const KEEP_READING_STATE_TOKENS = 1024;

/**
 * The chat model in this process (node-llama-cpp, LlmRuntime) as a ChatBackend. Prompts are
 * token arrays from the model's chat wrapper, so a prompt starting with what the one sequence
 * holds evaluates only the rest; a reading state (`reuse`) is restored from the KV state store
 * when saved there, and saved after the answer when it was read for it.
 */
export class LocalBackend implements ChatBackend {
  readonly kind = 'local' as const;
  readonly where = 'on this computer';
  private readonly saving = new Set<Promise<void>>();

  constructor(
    readonly runtime: LlmRuntime,
    private readonly kvStates: KvStateStore | null,
    private readonly onSaveFailed?: (error: unknown) => void,
  ) {}

  get model(): BackendModel | null {
    const l = this.runtime.loaded;
    return l ? { modelId: l.record.id, name: l.record.name, contextSize: l.contextSize, trainContextSize: l.trainContextSize, scale: l.scale, ropeScaling: l.ropeScaling } : null;
  }

  get pending(): number {
    return this.runtime.pending;
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.runtime.exclusive(fn);
  }

  countTokens(text: string): Promise<number> {
    return Promise.resolve(this.runtime.tokenize(text).length);
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const { runtime } = this;
    const grammar = request.jsonSchema ? await runtime.grammarFor(request.jsonSchema) : request.grammar ? await runtime.grammarFromGbnf(request.grammar) : undefined;
    const { prefix, prompt } = runtime.chatPrompt(request.system, request.user);
    const loaded = runtime.loaded!;
    let evaluatedPrefix = 0;
    let unsaved = false;
    if (request.reuse) ({ evaluatedTokens: evaluatedPrefix, unsaved } = await this.ensurePrefix(prefix, request.reuse.scopeKey, loaded, request.signal, false));
    const result = await runtime.generate(prompt, {
      grammar,
      maxTokens: request.maxTokens ?? 512,
      signal: request.signal,
      onText: request.onDelta,
      onFirstToken: request.onFirstToken,
    });
    // Saved once the answer is written, not before it starts: the first token waits for nothing.
    if (unsaved && request.reuse) this.saveLater(prefix, request.reuse.scopeKey, loaded);
    // Reused: held in memory or restored from a saved state; evaluated: read for this call.
    const evaluated = evaluatedPrefix + result.evaluatedTokens;
    return {
      text: result.text,
      stopReason: result.stopReason,
      timings: {
        promptTokens: result.promptTokens,
        reusedTokens: result.promptTokens - evaluated,
        evaluatedTokens: evaluated,
        firstTokenMs: result.firstTokenMs,
        totalMs: result.totalMs,
      },
    };
  }

  async preread(system: string, scopeKey: string, signal?: AbortSignal): Promise<PrereadOutcome> {
    const prefix = this.runtime.chatPrompt(system, 'x').prefix;
    const reusedTokens = this.held(prefix);
    const r = await this.ensurePrefix(prefix, scopeKey, this.runtime.loaded!, signal);
    return { promptTokens: prefix.length, reusedTokens, evaluatedTokens: r.evaluatedTokens, stateBytes: r.stateBytes };
  }

  holdsReadingState(): boolean {
    return this.runtime.loaded !== null && this.runtime.sequence.nextTokenIndex > KEEP_READING_STATE_TOKENS;
  }

  /** Resolves once every state save started by a question is done (or failed). */
  async settled(): Promise<void> {
    while (this.saving.size > 0) await Promise.all([...this.saving]);
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
    const { runtime, kvStates } = this;
    const sequence = runtime.sequence;
    let evaluatedTokens = 0;
    if (this.held(prefix) >= prefix.length) {
      if (!kvStates || kvStates.has(loaded, prefix)) return { evaluatedTokens: 0, stateBytes: 0, unsaved: false };
      // Held in memory but never saved (its state was evicted or cleared): save it.
    } else if (kvStates && (await kvStates.restore(sequence, loaded, prefix))) {
      return { evaluatedTokens: 0, stateBytes: 0, unsaved: false };
    } else {
      evaluatedTokens = (await runtime.evaluate(prefix, signal)).evaluatedTokens;
    }
    if (!kvStates) return { evaluatedTokens, stateBytes: 0, unsaved: false };
    if (!saveNow) return { evaluatedTokens, stateBytes: 0, unsaved: true };
    return { evaluatedTokens, stateBytes: await this.savePrefix(prefix, scopeKey, loaded), unsaved: false };
  }

  /** Saves the state of `prefix` if the sequence still holds it and none is saved; the tokens after it are dropped first. Call inside `exclusive`. */
  private async savePrefix(prefix: Token[], scopeKey: string, loaded: LoadedModel): Promise<number> {
    const { runtime, kvStates } = this;
    if (!kvStates || runtime.loaded !== loaded || this.held(prefix) < prefix.length || kvStates.has(loaded, prefix)) return 0;
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
    const saving = this.runtime
      .exclusive(() => this.savePrefix(prefix, scopeKey, loaded))
      .then(
        () => {},
        (error: unknown) => this.onSaveFailed?.(error),
      )
      .finally(() => this.saving.delete(saving));
    this.saving.add(saving);
  }

  /** How many of `tokens` the sequence already holds. */
  private held(tokens: Token[]): number {
    const sequence = this.runtime.sequence;
    return Math.min(sequence.compareContextTokens(tokens).firstDifferentIndex, sequence.nextTokenIndex, tokens.length);
  }
}
