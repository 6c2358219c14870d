import { createHash } from 'node:crypto';
import os from 'node:os';
import {
  getLlama,
  LlamaCompletion,
  LlamaLogLevel,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { ContextScale, ModelRecord, RopeScaling } from '../api/types.js';
import { assertFits, estimateMemory } from './estimateMemory.js';
import { appliedScaling, loadScaledModel } from './ropeOverrides.js';

export interface RuntimeOptions {
  /** CPU threads for evaluation. Default: available parallelism (node-llama-cpp's default of 4 is ~15× slower on 2 cores). */
  threads?: number;
  /** Receives llama.cpp's log lines. */
  log?: (level: string, message: string) => void;
}

export interface LoadOptions {
  /** 1 (default): the trained context; 2, 4, 8: extended with YaRN. */
  contextScale?: ContextScale;
  signal?: AbortSignal;
}

/** The loaded model and the context it runs in. */
export interface LoadedModel {
  record: ModelRecord;
  contextSize: number;
  trainContextSize: number;
  scale: ContextScale;
  ropeScaling: RopeScaling;
  /** Identifies everything about the load that a saved KV state depends on. */
  settingsHash: string;
  chatWrapperName: string;
}

export interface GenerateOptions {
  grammar?: LlamaGrammar;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Called with each piece of generated text as it comes. */
  onText?: (text: string) => void;
  /** Called once, when the first token is sampled (text may follow a little later). */
  onFirstToken?: () => void;
}

export interface GenerateResult {
  text: string;
  promptTokens: number;
  /** Prompt tokens whose KV was already in the sequence. */
  reusedTokens: number;
  /** Prompt tokens evaluated for this call. */
  evaluatedTokens: number;
  firstTokenMs: number | null;
  totalMs: number;
  stopReason: 'eogToken' | 'stopGenerationTrigger' | 'maxTokens' | 'abort' | 'customStopTrigger' | string;
}

/** Chat wrappers that print today's date get a fixed one, or the prompt prefix (and its KV cache) would change every day. */
const PINNED_DATE = new Date('2025-01-01T00:00:00Z');

/**
 * node-llama-cpp behind one lock: one model and one context at a time, one
 * evaluation at a time (calls queue in order, never interleave). Prompts are token
 * arrays built from a chat wrapper, so a prompt that starts with what the sequence
 * already holds evaluates only the new tokens.
 */
export class LlmRuntime {
  private llama: Llama | null = null;
  private model: LlamaModel | null = null;
  private context: LlamaContext | null = null;
  private sequenceRef: LlamaContextSequence | null = null;
  private chatWrapper: ChatWrapper | null = null;
  private info: LoadedModel | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingCount = 0;
  private readonly recentErrors: string[] = [];
  private threadsChoice: number | null = null;

  constructor(private readonly options: RuntimeOptions = {}) {}

  get loaded(): LoadedModel | null {
    return this.info;
  }

  /** Calls waiting for or holding the lock. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Runs `fn` alone: loads, unloads and generations queue behind each other. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.pendingCount++;
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.finally(() => this.pendingCount--);
  }

  load(record: ModelRecord, options: LoadOptions = {}): Promise<LoadedModel> {
    return this.exclusive(async () => {
      const scale = options.contextScale ?? 1;
      if (![1, 2, 4, 8].includes(scale)) throw new LecternError('INVALID_ARGUMENT', `The context scale must be 1, 2, 4 or 8, not ${scale}.`);
      const contextSize = record.trainContextSize * scale;
      const estimate = await estimateMemory(record.path, contextSize);
      assertFits(estimate);
      await this.unloadNow();
      const llama = await this.getLlama();
      this.recentErrors.length = 0;
      let model: LlamaModel;
      try {
        model = await loadScaledModel(llama, record, scale, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Loading the model was cancelled.');
        const reason = this.recentErrors.at(-1) ?? (error as Error).message;
        throw new LecternError('MODEL_DAMAGED', `This model could not be loaded: ${reason}. The file may be damaged or made for a newer llama.cpp.`, { cause: error });
      }
      try {
        const context = await model.createContext({ contextSize, sequences: 1, threads: this.threads, flashAttention: false });
        this.model = model;
        this.context = context;
        this.sequenceRef = context.getSequence();
        this.chatWrapper = resolveChatWrapper(model, {
          customWrapperSettings: { 'llama3.1': { todayDate: PINNED_DATE }, 'llama3.2-lightweight': { todayDate: PINNED_DATE } },
        });
        const chatWrapperName = this.chatWrapper.wrapperName;
        const ropeScaling = appliedScaling(scale, record.trainContextSize);
        const settingsHash = createHash('sha256')
          .update(JSON.stringify({ contextSize: context.contextSize, ropeScaling, chatWrapperName, template: record.chatTemplate ?? '', date: PINNED_DATE.toISOString() }))
          .digest('hex')
          .slice(0, 16);
        this.info = { record, contextSize: context.contextSize, trainContextSize: record.trainContextSize, scale, ropeScaling, settingsHash, chatWrapperName };
        this.options.log?.('info', `loaded ${record.name}: context ${context.contextSize} tokens (trained ${record.trainContextSize}, ${ropeScaling.type} ×${ropeScaling.factor})`);
        return this.info;
      } catch (error) {
        await model.dispose();
        throw new LecternError('CONTEXT_TOO_LARGE', `Could not create a ${contextSize}-token context: ${(error as Error).message}. Choose a smaller context scale.`, {
          cause: error,
        });
      }
    });
  }

  unload(): Promise<void> {
    return this.exclusive(() => this.unloadNow());
  }

  /** The loaded model's tokens for a text (special tokens such as <|im_start|> recognized). */
  tokenize(text: string, special = false): Token[] {
    return this.requireModel().tokenize(text, special);
  }

  detokenize(tokens: readonly Token[]): string {
    return this.requireModel().detokenize(tokens);
  }

  /**
   * The token prefix of a chat whose system message is `system` and whose user turn
   * starts after it, plus the tokens of the user turn with the assistant's header.
   * The prefix is the same for every question, so its KV cache can be shared.
   */
  chatPrompt(system: string, user: string): { prefix: Token[]; prompt: Token[] } {
    const model = this.requireModel();
    const wrapper = this.chatWrapper!;
    const render = (history: ChatHistoryItem[]) => wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
    const full = render([
      { type: 'system', text: system },
      { type: 'user', text: user },
      { type: 'model', response: [] },
    ]);
    const systemOnly = render([{ type: 'system', text: system }]);
    let shared = 0;
    while (shared < systemOnly.length && shared < full.length && systemOnly[shared] === full[shared]) shared++;
    return { prefix: full.slice(0, shared), prompt: full };
  }

  /**
   * Evaluates `tokens` into the sequence (reusing what it already holds) without
   * generating. Like `generate`, call it inside `exclusive`.
   */
  async evaluate(tokens: Token[], signal?: AbortSignal): Promise<{ reusedTokens: number; evaluatedTokens: number; ms: number }> {
    {
      const sequence = this.requireSequence();
      const start = performance.now();
      const reused = sequence.compareContextTokens(tokens).firstDifferentIndex;
      await sequence.adaptStateToTokens(tokens, false);
      const rest = tokens.slice(sequence.nextTokenIndex);
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      if (rest.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(rest);
      return { reusedTokens: Math.min(reused, tokens.length), evaluatedTokens: rest.length, ms: performance.now() - start };
    }
  }

  /**
   * Generates after `prompt`, reusing the sequence's matching prefix. Call it inside
   * `exclusive`, together with whatever else must not interleave (restoring a state,
   * saving it afterwards).
   */
  async generate(prompt: Token[], options: GenerateOptions = {}): Promise<GenerateResult> {
    {
      const sequence = this.requireSequence();
      const start = performance.now();
      const reused = Math.min(sequence.compareContextTokens(prompt).firstDifferentIndex, prompt.length);
      let firstTokenMs: number | null = null;
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        // LlamaCompletion prepends the BOS token itself; the chat-rendered prompt already
        // starts with it, and a doubled BOS would make the sequence miss its cached prefix.
        const tokens = this.requireModel().tokens;
        const input = tokens.shouldPrependBosToken && tokens.bos !== null && prompt[0] === tokens.bos ? prompt.slice(1) : prompt;
        const result = await completion.generateCompletionWithMeta(input, {
          grammar: options.grammar,
          maxTokens: options.maxTokens ?? 512,
          signal: options.signal,
          stopOnAbortSignal: true,
          temperature: 0,
          onToken: () => {
            firstTokenMs ??= performance.now() - start;
            options.onFirstToken?.();
          },
          onTextChunk: (chunk) => options.onText?.(chunk),
        });
        return {
          text: result.response,
          promptTokens: prompt.length,
          reusedTokens: reused,
          evaluatedTokens: Math.max(0, prompt.length - reused),
          firstTokenMs,
          totalMs: performance.now() - start,
          stopReason: options.signal?.aborted ? 'abort' : result.metadata.stopReason,
        };
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    }
  }

  /** Creates a grammar for a JSON schema on the loaded model's llama instance. */
  async grammarFor(schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const llama = await this.getLlama();
    return llama.createGrammarForJsonSchema(schema as never);
  }

  /** Creates a grammar from GBNF text (llama.cpp's grammar format) on the loaded model's llama instance. */
  async grammarFromGbnf(gbnf: string): Promise<LlamaGrammar> {
    const llama = await this.getLlama();
    return llama.createGrammar({ grammar: gbnf });
  }

  /** The sequence, for saving and restoring its state (inside `exclusive`). */
  get sequence(): LlamaContextSequence {
    return this.requireSequence();
  }

  async dispose(): Promise<void> {
    await this.exclusive(() => this.unloadNow());
    await this.llama?.dispose();
    this.llama = null;
  }

  /** CPU threads the model evaluates with (from the next load on, when changed). */
  get threads(): number {
    return this.threadsChoice ?? this.options.threads ?? Math.max(1, os.availableParallelism());
  }

  /** Chooses the threads for the next load; null goes back to the default. */
  setThreads(threads: number | null): void {
    this.threadsChoice = threads;
  }

  /** The llama.cpp instance (created on first use), for the embedding runtime to share; disposed by dispose(). */
  sharedLlama(): Promise<Llama> {
    return this.getLlama();
  }

  private async getLlama(): Promise<Llama> {
    this.llama ??= await getLlama({
      gpu: false,
      build: 'never',
      // The ceiling for every context; each context asks for `threads` (which may change between loads).
      maxThreads: Math.max(this.threads, os.availableParallelism()),
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (!text) return;
        if (level === 'error' || level === 'fatal') {
          this.recentErrors.push(text);
          if (this.recentErrors.length > 20) this.recentErrors.shift();
        }
        this.options.log?.(level, text);
      },
    });
    return this.llama;
  }

  private async unloadNow(): Promise<void> {
    const model = this.model;
    this.info = null;
    this.sequenceRef = null;
    this.chatWrapper = null;
    await this.context?.dispose();
    this.context = null;
    this.model = null;
    await model?.dispose();
  }

  private requireModel(): LlamaModel {
    if (!this.model) throw new LecternError('NO_MODEL_LOADED', 'No model is loaded: load a model first.');
    return this.model;
  }

  private requireSequence(): LlamaContextSequence {
    this.requireModel();
    return this.sequenceRef!;
  }
}
