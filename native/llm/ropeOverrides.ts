import type { Llama, LlamaModel, LlamaModelOptions } from 'node-llama-cpp';
import type { ContextScale, ModelRecord, RopeScaling } from '../api/types.js';

/**
 * llama.cpp only honours a float metadata override sent as a float, and node-llama-cpp
 * sends a whole JS number as an integer (the override is then logged as "bad type"
 * and ignored). The next double above a whole number is sent as a float and rounds
 * back to the same float32 inside llama.cpp.
 */
export function asFloat(value: number): number {
  return Number.isInteger(value) ? value * (1 + Number.EPSILON) : value;
}

/**
 * The metadata overrides that extend a model's context `scale` times with YaRN,
 * keyed by the GGUF architecture name (`llama.rope.scaling.*`, `qwen2.rope.scaling.*`, …).
 * Scale 1 means no override: the model runs at its trained context.
 */
export function yarnOverrides(architecture: string, scale: ContextScale, trainContextSize: number): Record<string, unknown> | undefined {
  if (scale === 1) return undefined;
  return { [architecture]: { rope: { scaling: { type: 'yarn', factor: asFloat(scale), original_context_length: trainContextSize } } } };
}

export function appliedScaling(scale: ContextScale, trainContextSize: number): RopeScaling {
  return scale === 1 ? { type: 'none', factor: 1, originalContextSize: trainContextSize } : { type: 'yarn', factor: scale, originalContextSize: trainContextSize };
}

/**
 * Loads a registered GGUF model on the CPU with the YaRN overrides for `scale`: the one way chat
 * and embedding models are loaded. Errors are node-llama-cpp's; callers say what they mean.
 */
export function loadScaledModel(llama: Llama, record: ModelRecord, scale: ContextScale, signal: AbortSignal | undefined): Promise<LlamaModel> {
  return llama.loadModel({
    modelPath: record.path,
    gpuLayers: 0,
    metadataOverrides: yarnOverrides(record.architecture, scale, record.trainContextSize) as LlamaModelOptions['metadataOverrides'],
    loadSignal: signal,
  });
}
