import { LecternError } from '../api/errors.js';
import type { ContextScale, EmbeddingBuildResult, EmbeddingProgress, EmbeddingStatus, ModelRecord } from '../api/types.js';
import type { EmbeddingRuntime } from '../llm/EmbeddingRuntime.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import type { ModelRegistry } from '../llm/ModelRegistry.js';
import { indexEmbeddings } from '../search/indexEmbeddings.js';
import type { SettingsRepository } from '../store/SettingsRepository.js';
import type { VectorRepository } from '../store/VectorRepository.js';

/** Settings under which the library keeps its embedding model and its context scale. */
export const EMBEDDING_MODEL_SETTING = 'search.embeddingModel';
export const EMBEDDING_SCALE_SETTING = 'search.embeddingScale';

export interface EmbeddingServiceDependencies {
  settings: SettingsRepository;
  models: ModelRegistry;
  vectors: VectorRepository;
  runtime: EmbeddingRuntime;
  /** The chat runtime: background embedding waits while a question is being answered. */
  chat: LlmRuntime;
  /** Aborted when the engine closes. */
  lifetime: AbortSignal;
  onProgress: (progress: EmbeddingProgress & { requestId?: string }) => void;
  onDimensionChanged: (modelId: string, message: string) => void;
  log: (level: string, message: string) => void;
}

interface RunOptions {
  signal: AbortSignal;
  requestId?: string;
  onProgress?: (progress: EmbeddingProgress) => void;
}

/**
 * The library's embedding model (a setting) and the runs that embed its passages: one run at a
 * time, in order. Background runs start after an import, a re-read, or when an embedding model
 * is chosen; they yield to questions and stop when the model changes or the engine closes.
 * Without an embedding model nothing runs and queries get no vector (search stays BM25).
 */
export class EmbeddingService {
  private chain: Promise<unknown> = Promise.resolve();
  private running = 0;
  private backgroundQueued = false;
  private readonly background = new Set<AbortController>();
  private lastError: string | null = null;

  constructor(private readonly deps: EmbeddingServiceDependencies) {}

  /** The chosen embedding model, while it is registered. */
  chosen(): ModelRecord | null {
    const id = this.deps.settings.get(EMBEDDING_MODEL_SETTING);
    return id === null ? null : this.deps.models.find(id);
  }

  get contextScale(): ContextScale {
    const saved = Number(this.deps.settings.get(EMBEDDING_SCALE_SETTING) ?? 1);
    return ([1, 2, 4, 8] as const).find((s) => s === saved) ?? 1;
  }

  status(): EmbeddingStatus {
    const model = this.chosen();
    const embedded = model ? this.deps.vectors.count(model.id) : 0;
    const missing = model ? this.deps.vectors.countMissing(model.id) : null;
    return {
      model,
      contextScale: this.contextScale,
      contextSize: model && this.deps.runtime.loaded?.record.id === model.id ? this.deps.runtime.loaded.contextSize : null,
      dimension: model ? this.deps.vectors.dimensionOf(model.id) : null,
      embedded,
      passages: missing === null ? this.deps.vectors.passageCount() : embedded + missing,
      running: this.running > 0,
      lastError: this.lastError,
    };
  }

  /**
   * Chooses the library's embedding model (a registered model of kind `embedding`) and loads it,
   * or none (null). Background runs of the previous model stop; its vectors stay for when it is
   * chosen again. Embedding the passages starts in the background.
   */
  async use(model: ModelRecord | null, contextScale: ContextScale = 1, signal?: AbortSignal): Promise<EmbeddingStatus> {
    if (model && model.kind !== 'embedding') {
      throw new LecternError(
        'INVALID_ARGUMENT',
        `${model.name} is a chat model, not an embedding model. Choose a GGUF embedding model (such as nomic-embed-text or bge), or none to search by words alone.`,
      );
    }
    for (const controller of this.background) controller.abort();
    if (model === null) {
      this.deps.settings.delete(EMBEDDING_MODEL_SETTING);
      this.deps.settings.delete(EMBEDDING_SCALE_SETTING);
      await this.deps.runtime.unload();
      return this.status();
    }
    await this.deps.runtime.use(model, { contextScale, signal });
    this.deps.settings.set(EMBEDDING_MODEL_SETTING, model.id);
    this.deps.settings.set(EMBEDDING_SCALE_SETTING, String(contextScale));
    this.lastError = null;
    this.schedule();
    return this.status();
  }

  /**
   * A model just registered: an embedding model becomes the library's when it has none yet, and
   * its passages are embedded in the background. Anything else is left alone. Returns whether it was adopted.
   */
  adopt(model: ModelRecord): boolean {
    if (model.kind !== 'embedding' || this.chosen() !== null) return false;
    this.deps.settings.set(EMBEDDING_MODEL_SETTING, model.id);
    this.deps.settings.set(EMBEDDING_SCALE_SETTING, '1');
    this.lastError = null;
    this.schedule();
    return true;
  }

  /** Embeds the passages without a vector now, after any run under way. Throws NO_MODEL_LOADED without an embedding model, CANCELLED. */
  async build(options: RunOptions): Promise<EmbeddingBuildResult> {
    if (!this.chosen()) throw noEmbeddingModel();
    return this.enqueue(options, false);
  }

  /** Starts a background run unless one is already waiting to start; nothing without an embedding model. Never rejects. */
  schedule(): void {
    if (this.backgroundQueued || !this.chosen() || this.deps.lifetime.aborted) return;
    this.backgroundQueued = true;
    const controller = new AbortController();
    this.background.add(controller);
    this.enqueue({ signal: AbortSignal.any([controller.signal, this.deps.lifetime]) }, true)
      .then((result) => {
        if (result.embedded > 0) this.deps.log('info', `Embedded ${result.embedded} passage${result.embedded === 1 ? '' : 's'} for hybrid search.`);
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'CANCELLED') return;
        this.lastError = (error as Error).message;
        this.deps.log('warn', `Embedding passages stopped: ${(error as Error).message}`);
      })
      .finally(() => this.background.delete(controller));
  }

  /**
   * The query's vector, or null when search should rank by words alone: no embedding model, no
   * vectors of it yet, or vectors of another length (a rebuild is started). A model that fails to
   * load is logged and skipped: search never fails for it.
   */
  async queryVector(text: string, signal?: AbortSignal): Promise<{ modelId: string; vector: Float32Array } | null> {
    const model = this.chosen();
    if (!model || !this.deps.vectors.has(model.id)) return null;
    try {
      const loaded = await this.deps.runtime.use(model, { contextScale: this.contextScale, signal });
      if (this.deps.vectors.dimensionOf(model.id) !== loaded.dimension) {
        this.schedule();
        return null;
      }
      return { modelId: model.id, vector: await this.deps.runtime.embed(text, signal) };
    } catch (error) {
      if ((error as { code?: string }).code === 'CANCELLED') throw error;
      this.deps.log('warn', `Search used words alone: the embedding model failed: ${(error as Error).message}`);
      return null;
    }
  }

  /** Stops background runs; the engine disposes the runtime. */
  close(): void {
    for (const controller of this.background) controller.abort();
  }

  private enqueue(options: RunOptions, background: boolean): Promise<EmbeddingBuildResult> {
    const run = this.chain.then(() => {
      if (background) this.backgroundQueued = false;
      return this.run(options);
    });
    this.chain = run.catch(() => {});
    return run;
  }

  private async run(options: RunOptions): Promise<EmbeddingBuildResult> {
    const model = this.chosen();
    if (!model) throw noEmbeddingModel();
    if (options.signal.aborted) throw new LecternError('CANCELLED', 'Embedding passages was cancelled.');
    this.running++;
    try {
      const { runtime, vectors, chat } = this.deps;
      const loaded = await runtime.use(model, { contextScale: this.contextScale, signal: options.signal });
      return await indexEmbeddings(
        vectors,
        { modelId: model.id, modelName: model.name, dimension: loaded.dimension, embed: (text, signal) => runtime.embed(text, signal) },
        {
          signal: options.signal,
          // A question queued on the chat model goes first; the passage after it waits.
          yieldTo: () => (chat.pending > 0 ? chat.exclusive(async () => {}) : Promise.resolve()),
          onDimensionChanged: (message) => {
            this.deps.log('warn', message);
            this.deps.onDimensionChanged(model.id, message);
          },
          onProgress: (done, total) => {
            options.onProgress?.({ modelId: model.id, done, total });
            this.deps.onProgress({ modelId: model.id, done, total, requestId: options.requestId });
          },
        },
      );
    } finally {
      this.running--;
    }
  }
}

function noEmbeddingModel(): LecternError {
  return new LecternError(
    'NO_MODEL_LOADED',
    'No embedding model is chosen for this library. Add a GGUF embedding model and choose it (embeddings:use); search works by words until then.',
  );
}
