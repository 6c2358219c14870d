/**
 * Embedding models for the suite: the generated llama model (seeded random weights) marked
 * with a pooling type, as llama.cpp's converter marks decoder-based embedding models
 * (gte-Qwen, e5-mistral). The registry then reads it as kind `embedding` and llama.cpp pools
 * one vector of `embedding` numbers per input. Its vectors are noise, but they are real vectors
 * of the stated length, made by node-llama-cpp's embedding context.
 */
import { describeLlamaModel, TINY, type LlamaModelShape } from './makeLlamaModel.js';
import { gguf, writeGguf, type GgufWriteResult } from './writeGguf.js';

/** llama.cpp's pooling types (`LLAMA_POOLING_TYPE_*`). */
export const POOLING = { mean: 1, cls: 2, last: 3 } as const;

export async function makeEmbeddingModel(file: string, shape: Partial<LlamaModelShape> = {}, pooling: keyof typeof POOLING = 'mean'): Promise<GgufWriteResult> {
  const content = describeLlamaModel({ ...TINY, name: 'lectern-test-embedding', chatTemplate: null, ...shape });
  return writeGguf(file, { ...content, metadata: { ...content.metadata, 'llama.pooling_type': gguf.u32(POOLING[pooling]) } });
}
