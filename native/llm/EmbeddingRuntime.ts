import fs from 'node:fs';
import type { Llama, LlamaEmbeddingContext, LlamaModel, Token } from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { ContextScale, ModelRecord, RopeScaling } from '../api/types.js';
import { assertFits, estimateMemory } from './estimateMemory.js';
import { appliedScaling, loadScaledModel } from './ropeOverrides.js';

export interface EmbeddingRuntimeOptions {
  /** The llama.cpp instance, shared with the chat runtime (one native backend, one logger). */
  llama: () => Promise<Llama>;
  /** CPU threads, read at each load. */
  threads: () => number;
  log?: (level: string, message: string) => void;
}

export interface EmbeddingLoadOptions {
  /** 1 (default): the trained context; 2, 4, 8: extended with YaRN, as for chat models. */
  contextScale?: ContextScale;
  signal?: AbortSignal;
}

/** The embedding model in use and its context. */
export interface LoadedEmbedder {
  record: ModelRecord;
  /** Length of its vectors (`embedding_length` of the GGUF, as llama.cpp reports it). */
  dimension: number;
  contextSize: number;
  scale: ContextScale;
  ropeScaling: RopeScaling;
}

interface FileIdentity {
  size: number;
  mtimeMs: number;
}

/**
 * One embedding model in an embedding context (node-llama-cpp `createEmbeddingContext`), beside
 * the chat model of LlmRuntime and independent of it. Calls run one at a time. Texts longer
 * than the context are cut to it (the start of a passage says most of what it is about); the
 * context can be extended with YaRN for long passages. The model is reloaded when its file
 * changed on disk since it was loaded, so a replaced file is noticed (its vector length may differ).
 */
export class EmbeddingRuntime {
  private model: LlamaModel | null = null;
  private context: LlamaEmbeddingContext | null = null;
  private info: LoadedEmbedder | null = null;
  private identity: FileIdentity | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: EmbeddingRuntimeOptions) {}

  get loaded(): LoadedEmbedder | null {
    return this.info;
  }

  /**
   * Makes `record` the loaded embedding model at `contextScale`: kept when it is already loaded
   * that way from an unchanged file, loaded (replacing any other) otherwise. Throws
   * MODEL_NOT_FOUND, MODEL_DAMAGED, CONTEXT_TOO_LARGE, CANCELLED.
   */
  use(record: ModelRecord, options: EmbeddingLoadOptions = {}): Promise<LoadedEmbedder> {
    return this.exclusive(async () => {
      const scale = options.contextScale ?? 1;
      const identity = fileIdentity(record);
      if (this.info && this.info.record.id === record.id && this.info.record.path === record.path && this.info.scale === scale && sameFile(this.identity, identity)) {
        return this.info;
      }
      await this.unloadNow();
      const contextSize = record.trainContextSize * scale;
      assertFits(await estimateMemory(record.path, contextSize));
      const llama = await this.options.llama();
      let model: LlamaModel;
      try {
        model = await loadScaledModel(llama, record, scale, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Loading the embedding model was cancelled.');
        throw new LecternError(
          'MODEL_DAMAGED',
          `The embedding model ${record.name} could not be loaded: ${(error as Error).message}. The file may be damaged or made for a newer llama.cpp.`,
          {
            cause: error,
          },
        );
      }
      try {
        // One batch holds a whole input: encoder models (BERT) cannot split an input across batches.
        const context = await model.createEmbeddingContext({ contextSize, batchSize: contextSize, threads: this.options.threads(), createSignal: options.signal });
        this.model = model;
        this.context = context;
        this.identity = identity;
        this.info = { record, dimension: model.embeddingVectorSize, contextSize, scale, ropeScaling: appliedScaling(scale, record.trainContextSize) };
        this.options.log?.('info', `embedding model ${record.name}: ${this.info.dimension} numbers per vector, context ${contextSize} tokens`);
        return this.info;
      } catch (error) {
        await model.dispose();
        if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Loading the embedding model was cancelled.');
        throw new LecternError('CONTEXT_TOO_LARGE', `Could not create a ${contextSize}-token embedding context: ${(error as Error).message}. Choose a smaller context scale.`, {
          cause: error,
        });
      }
    });
  }

  /**
   * The embedding of `text` (as llama.cpp pools it; not normalized), cut to the context. An
   * empty text gives a zero vector. Throws NO_MODEL_LOADED, CANCELLED.
   */
  embed(text: string, signal?: AbortSignal): Promise<Float32Array> {
    return this.exclusive(async () => {
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      const context = this.context;
      const info = this.info;
      if (!context || !info || !this.model) throw new LecternError('NO_MODEL_LOADED', 'No embedding model is loaded.');
      const tokens = this.fitted(this.model.tokenize(text), context, info.contextSize);
      if (tokens.length === 0) return new Float32Array(info.dimension);
      const embedding = await context.getEmbeddingFor(tokens);
      return Float32Array.from(embedding.vector);
    });
  }

  unload(): Promise<void> {
    return this.exclusive(() => this.unloadNow());
  }

  /** Unloads; later calls throw. The shared llama instance is its owner's to dispose. */
  async dispose(): Promise<void> {
    if (this.disposed) return; // closing an engine twice is allowed
    await this.unload();
    this.disposed = true;
  }

  /** The tokens, cut so that they and the begin/end tokens the context adds fit in it. */
  private fitted(tokens: Token[], context: LlamaEmbeddingContext, contextSize: number): Token[] {
    let cut = Math.min(tokens.length, contextSize - 1);
    while (cut > 0 && context.calculateInputLength(tokens.slice(0, cut)) >= contextSize) cut--;
    return tokens.slice(0, cut);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new LecternError('NO_MODEL_LOADED', 'The embedding runtime was closed.'));
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async unloadNow(): Promise<void> {
    const model = this.model;
    const context = this.context;
    this.info = null;
    this.identity = null;
    this.context = null;
    this.model = null;
    await context?.dispose();
    await model?.dispose();
  }
}

function fileIdentity(record: ModelRecord): FileIdentity {
  try {
    const stat = fs.statSync(record.path);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    throw new LecternError(
      'MODEL_NOT_FOUND',
      `The file of embedding model ${record.name} (${record.id}) is gone: ${record.path}. Add it again from where it is now, or choose another embedding model.`,
    );
  }
}

function sameFile(a: FileIdentity | null, b: FileIdentity): boolean {
  return a !== null && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
