import type { ContextScale, ModelRecord } from './types.js';

/** Where hybrid search stands: the library's embedding model and how many passages have its vectors. */
export interface EmbeddingStatus {
  /** The library's embedding model; null: search ranks by words alone (BM25). */
  model: ModelRecord | null;
  /** Its context: the trained one (1) or extended with YaRN (2, 4, 8). */
  contextScale: ContextScale;
  /** Tokens its context holds while it is loaded (trained context × scale); null when it is not loaded. */
  contextSize: number | null;
  /** Length of its stored vectors; null before any is stored. */
  dimension: number | null;
  /** Passages with a vector of this model. */
  embedded: number;
  /** Passages in the library. */
  passages: number;
  /** Whether passages are being embedded now (in the background or for a request). */
  running: boolean;
  /** Why the last background run stopped, when it failed (not when cancelled); null otherwise. */
  lastError: string | null;
}

/** What one run of 'embeddings:build' (or a background run) did. */
export interface EmbeddingBuildResult {
  modelId: string;
  /** Passages embedded by this run. */
  embedded: number;
  /** Passages without a vector of this model when the run started. */
  total: number;
  /** Old vectors dropped because the model's vectors changed length (its file was replaced); 0 normally. */
  dropped: number;
}

export interface EmbeddingProgress {
  modelId: string;
  done: number;
  total: number;
}
