/**
 * How much memory a model needs at a context size, estimated from its GGUF header before
 * anything is loaded, so a context that will not fit is refused with numbers instead of
 * ending in an allocation failure (or the machine swapping) halfway through a load.
 */
import os from 'node:os';
import type { GgufInsights, Llama } from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { MemoryEstimate } from '../api/types.js';
import { formatBytes } from '../formatBytes.js';

export interface EstimateMemoryOptions {
  /** Estimate for a GPU load (every layer offloaded) against free VRAM; default false (CPU and RAM). Needs `llama`. */
  gpu?: boolean;
  /** The runtime's Llama instance; default: node-llama-cpp's backend-less instance, which knows only the CPU. */
  llama?: Llama;
  /** Sequences sharing the context, each `contextSize` long; default 1. */
  sequences?: number;
  /**
   * Must match the context the runtime creates: without flash attention llama.cpp's attention
   * buffers grow with the context, about 8× the memory at 64K tokens. Default false (what the runtime uses).
   */
  flashAttention?: boolean;
  /**
   * Bytes to compare against; default free memory now (`os.freemem()`, or free VRAM with `gpu`).
   * A caller replacing a loaded model can add back what unloading it will free.
   */
  availableBytes?: number;
}

/**
 * Estimates weights + KV cache + compute buffers with node-llama-cpp's GgufInsights (which
 * simulates llama.cpp's allocations without reading the weights, and falls back to a formula).
 */
export async function estimateMemory(modelPath: string, contextSize: number, options: EstimateMemoryOptions = {}): Promise<MemoryEstimate> {
  if (!Number.isInteger(contextSize) || contextSize < 1) {
    throw new LecternError('INVALID_ARGUMENT', `The context size must be a positive whole number of tokens, not ${contextSize}.`);
  }
  const gpu = options.gpu ?? false;
  if (gpu && !options.llama) throw new LecternError('INVALID_ARGUMENT', "A GPU memory estimate needs the runtime's Llama instance (options.llama).");
  const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
  let info;
  try {
    info = await readGgufFileInfo(modelPath, { sourceType: 'filesystem', logWarnings: false, spliceSplitFiles: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LecternError('FILE_NOT_FOUND', `Model file not found: ${modelPath}. Check the path.`);
    throw new LecternError('MODEL_DAMAGED', `Cannot read the GGUF header of ${modelPath}: ${(error as Error).message}. The file may be damaged or not a model.`, { cause: error });
  }
  const insights = await GgufInsights.from(info, options.llama);
  try {
    const gpuLayers = gpu ? insights.totalLayers : 0;
    const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    const context = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: gpuLayers,
      sequences: options.sequences ?? 1,
      flashAttention: options.flashAttention ?? false,
    });
    const weightsBytes = gpu ? weights.gpuVram : weights.cpuRam;
    const contextBytes = gpu ? context.gpuVram : context.cpuRam;
    const totalBytes = weightsBytes + contextBytes;
    const availableBytes = options.availableBytes ?? (gpu ? (await options.llama!.getVramState()).free : os.freemem());
    return { contextSize, totalBytes, weightsBytes, contextBytes, availableBytes, fits: totalBytes <= availableBytes };
  } finally {
    await disposeSimulation(insights);
  }
}

/**
 * Throws CONTEXT_TOO_LARGE, with the numbers, when the estimate does not fit. The runtime calls
 * this before loading a model or creating a context.
 */
export function assertFits(estimate: MemoryEstimate): void {
  if (estimate.fits) return;
  throw new LecternError(
    'CONTEXT_TOO_LARGE',
    `Lectern needs about ${formatBytes(estimate.totalBytes)} for a ${estimate.contextSize.toLocaleString('en-US')}-token context with this model; ${formatBytes(estimate.availableBytes)} is free. Choose a smaller context scale.`,
  );
}

/**
 * GgufInsights keeps a simulator session with native model handles and exposes no way to
 * close it; dispose it when this version has one, rather than leak a handle per estimate.
 */
async function disposeSimulation(insights: GgufInsights): Promise<void> {
  const session = (insights as unknown as { _simulationSession?: { dispose?: () => Promise<void> } })._simulationSession;
  try {
    await session?.dispose?.();
  } catch {
    // Best effort: a failure here must not hide the estimate.
  }
}
