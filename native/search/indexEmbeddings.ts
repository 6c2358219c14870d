import { LecternError } from '../api/errors.js';
import type { VectorRepository } from '../store/VectorRepository.js';

/** An embedding model as search sees it (the llm domain's EmbeddingRuntime behind it, wired by the engine). */
export interface Embedder {
  modelId: string;
  modelName: string;
  /** Length of the vectors it makes. */
  dimension: number;
  embed(text: string, signal: AbortSignal): Promise<Float32Array>;
}

export interface IndexEmbeddingsOptions {
  signal: AbortSignal;
  /** After each stored batch: passages embedded so far in this run, of `total` missing at its start. */
  onProgress?: (done: number, total: number) => void;
  /** Told once when the model's stored vectors had another length and were dropped (the message says so). */
  onDimensionChanged?: (message: string) => void;
  /** Passages stored per transaction. Default 32. */
  batchSize?: number;
  /** Awaited before each passage: lets a person's question go first. */
  yieldTo?: () => Promise<void>;
}

export interface IndexEmbeddingsResult {
  modelId: string;
  /** Passages embedded by this run. */
  embedded: number;
  /** Passages that had no vector of this model when the run started. */
  total: number;
  /** Vectors of another length dropped because the model's file changed; 0 normally. */
  dropped: number;
}

/**
 * Embeds the passages that have no vector of this model yet, in passage order, storing each
 * batch in one transaction: a cancelled or failed run keeps the batches stored before it and
 * nothing of the batch under way, and the next run goes on from there. A model whose vectors
 * changed length since its vectors were stored (its file replaced under the same id) has
 * its old vectors dropped first, in one transaction, and all passages are embedded again.
 * Cancelled, it throws CANCELLED.
 */
export async function indexEmbeddings(vectors: VectorRepository, embedder: Embedder, options: IndexEmbeddingsOptions): Promise<IndexEmbeddingsResult> {
  const { signal } = options;
  const batchSize = options.batchSize ?? 32;
  const stored = vectors.dimensionOf(embedder.modelId);
  const { dropped } = vectors.reset(embedder.modelId, embedder.dimension);
  if (stored !== null && stored !== embedder.dimension) {
    options.onDimensionChanged?.(
      `The embedding model ${embedder.modelName} now makes vectors of ${embedder.dimension} numbers, where its stored vectors had ${stored}: its file was replaced. ` +
        `Its ${dropped} old vector${dropped === 1 ? ' was' : 's were'} dropped; every passage is being embedded again (search uses words alone until then).`,
    );
  }
  const total = vectors.countMissing(embedder.modelId);
  let done = 0;
  let afterId = 0;
  options.onProgress?.(0, total);
  for (;;) {
    const batch = vectors.missing(embedder.modelId, batchSize, afterId);
    if (batch.length === 0) break;
    const computed: Array<{ passageId: number; vector: Float32Array }> = [];
    for (const passage of batch) {
      await options.yieldTo?.();
      if (signal.aborted) throw cancelled(done, total);
      computed.push({ passageId: passage.id, vector: await embedder.embed(embeddingText(passage.section, passage.text), signal) });
    }
    if (signal.aborted) throw cancelled(done, total);
    vectors.store(embedder.modelId, computed);
    done += batch.length;
    afterId = batch[batch.length - 1]!.id;
    options.onProgress?.(Math.min(done, total), Math.max(total, done));
  }
  return { modelId: embedder.modelId, embedded: done, total: Math.max(total, done), dropped };
}

/** What a passage's vector is computed from: its section title says what the passage is about. */
export function embeddingText(section: string | null, text: string): string {
  return section ? `${section}\n${text}` : text;
}

function cancelled(done: number, total: number): LecternError {
  return new LecternError('CANCELLED', `Embedding passages was cancelled after ${done} of ${total}; the next run goes on from there.`);
}
