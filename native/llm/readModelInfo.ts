/**
 * What a GGUF file says about itself, read from its header without loading the weights,
 * and the checks that turn a bad file into an error a person can act on before llama.cpp
 * sees it (llama.cpp's own reasons reach only its logger).
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GgufFileInfo, GgufTensorInfo } from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { ModelInfo, ModelRecord, RopeScaling } from '../api/types.js';

/** ModelInfo plus what the registry stores beside it. */
export interface GgufModelInfo extends ModelInfo {
  /** `general.name`, when the file has one. */
  name: string | null;
  kind: ModelRecord['kind'];
}

/** Encoder architectures llama.cpp runs only as embedding (or ranking) models. */
const EMBEDDING_ARCHITECTURES = new Set(['bert', 'modern-bert', 'nomic-bert', 'nomic-bert-moe', 'neo-bert', 'jina-bert-v2', 'jina-bert-v3', 'eurobert', 't5encoder']);

/** Token arrays run to megabytes in real models and say nothing the registry needs. */
const IGNORED_KEYS = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'];

const GGUF_MAGIC = 'GGUF';

/**
 * Reads a GGUF file's metadata and validates it. Never touches the network.
 * Throws LecternError: FILE_NOT_FOUND, NOT_A_MODEL (not GGUF), MODEL_DAMAGED (unreadable header,
 * or tensor data past the end of the file), UNSUPPORTED_MODEL (an architecture llama.cpp cannot run,
 * an adapter or projector rather than a model).
 */
export async function readModelInfo(file: string, options: { signal?: AbortSignal } = {}): Promise<GgufModelInfo> {
  const shown = path.basename(file);
  const fileBytes = await fileSize(file);
  const magic = await readFileMagic(file);
  if (magic !== GGUF_MAGIC) {
    throw new LecternError(
      'NOT_A_MODEL',
      `${shown} is not a GGUF model file (it does not start with the GGUF signature). Lectern runs models in GGUF format: download a .gguf file, for example from Hugging Face, or convert the model with llama.cpp.`,
    );
  }

  const { readGgufFileInfo } = await import('node-llama-cpp');
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(file, { sourceType: 'filesystem', logWarnings: false, spliceSplitFiles: false, ignoreKeys: IGNORED_KEYS, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Reading the model was cancelled.');
    throw new LecternError('MODEL_DAMAGED', `${shown} is damaged or incomplete: its GGUF header cannot be read (${(error as Error).message}). Download or convert it again.`, {
      cause: error,
    });
  }

  // node-llama-cpp's reader does not notice reads past the end of the file: check here.
  if ((info.infoEndOffset ?? 0) > fileBytes) {
    throw new LecternError(
      'MODEL_DAMAGED',
      `${shown} is damaged or incomplete: the file ends inside its GGUF header. The download or copy was probably interrupted; download it again.`,
    );
  }
  const metadata = info.metadata as unknown as Record<string, unknown>;
  const architecture = lookup(metadata, 'general.architecture');
  if (typeof architecture !== 'string' || architecture === '') {
    throw new LecternError('MODEL_DAMAGED', `${shown} is a GGUF file without a model architecture (general.architecture). Download or convert it again.`);
  }
  const generalType = lookup(metadata, 'general.type');
  if (generalType === 'adapter') {
    throw new LecternError('UNSUPPORTED_MODEL', `${shown} is a LoRA adapter, not a model. Add the base model it was trained for instead.`);
  }
  if (architecture === 'clip' || generalType === 'mmproj') {
    throw new LecternError('UNSUPPORTED_MODEL', `${shown} is a vision projector (mmproj), not a language model. Add the language model it belongs to instead.`);
  }

  checkTensorsFit(shown, info.tensorInfo ?? [], fileBytes);

  if (!(await isArchitectureSupported(info, architecture))) {
    throw new LecternError(
      'UNSUPPORTED_MODEL',
      `${shown} uses the "${architecture}" architecture, which this version of llama.cpp cannot run. Choose a model with a supported architecture (for example llama, qwen2, phi3, gemma2 or mistral), or update Lectern.`,
    );
  }

  const arch = (metadata[architecture] ?? {}) as Record<string, unknown>;
  const trainContextSize = positiveNumber(lookup(arch, 'context_length'));
  if (trainContextSize === null) {
    throw new LecternError(
      'UNSUPPORTED_MODEL',
      `${shown} does not say how long a context it was trained on (${architecture}.context_length), so Lectern cannot size its context. Use a model converted with a recent llama.cpp.`,
    );
  }
  const poolingType = lookup(arch, 'pooling_type');
  const kind: ModelRecord['kind'] = EMBEDDING_ARCHITECTURES.has(architecture) || (typeof poolingType === 'number' && poolingType > 0) ? 'embedding' : 'chat';
  const name = lookup(metadata, 'general.name');
  const chatTemplate = lookup(metadata, 'tokenizer.chat_template');

  return {
    architecture,
    parameters: parameterCount(metadata, info.tensorInfo),
    trainContextSize,
    chatTemplate: typeof chatTemplate === 'string' && chatTemplate !== '' ? chatTemplate : null,
    ropeScaling: ropeScaling(arch, trainContextSize),
    layers: positiveNumber(lookup(arch, 'block_count')),
    embeddingLength: positiveNumber(lookup(arch, 'embedding_length')),
    headCount: positiveNumber(lookup(arch, 'attention.head_count')),
    headCountKv: positiveNumber(lookup(arch, 'attention.head_count_kv')),
    fileBytes,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : null,
    kind,
  };
}

async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new LecternError('NOT_A_MODEL', `${file} is a folder, not a model file. Choose the .gguf file inside it.`);
    return s.size;
  } catch (error) {
    if (error instanceof LecternError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new LecternError('FILE_NOT_FOUND', `Model file not found: ${file}. Check the path.`);
    throw new LecternError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}. Check that you may read it.`, { cause: error });
  }
}

/** The first four bytes of a file, as text: `GGUF` for a model. */
export async function readFileMagic(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } catch (error) {
    throw new LecternError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}. Check that you may read it.`, { cause: error });
  } finally {
    await handle?.close();
  }
}

/** [elements per block, bytes per block] of ggml's tensor types, from ggml's type traits. */
const GGML_BLOCKS: Record<number, readonly [number, number]> = {
  0: [1, 4],
  1: [1, 2],
  2: [32, 18],
  3: [32, 20],
  6: [32, 22],
  7: [32, 24],
  8: [32, 34],
  9: [32, 36],
  10: [256, 84],
  11: [256, 110],
  12: [256, 144],
  13: [256, 176],
  14: [256, 210],
  15: [256, 292],
  16: [256, 66],
  17: [256, 74],
  18: [256, 98],
  19: [256, 50],
  20: [32, 18],
  21: [256, 110],
  22: [256, 82],
  23: [256, 136],
  24: [1, 1],
  25: [1, 2],
  26: [1, 4],
  27: [1, 8],
  28: [1, 8],
  29: [256, 56],
  30: [1, 2],
  31: [32, 18],
  32: [32, 18],
  33: [32, 18],
  34: [256, 54],
  35: [256, 66],
  36: [32, 18],
  37: [32, 18],
  38: [32, 18],
  39: [32, 17],
};

/** Bytes of a tensor's data, or null for a type this table does not know. */
export function tensorDataBytes(tensor: Pick<GgufTensorInfo, 'dimensions' | 'ggmlType'>): number | null {
  const block = GGML_BLOCKS[tensor.ggmlType];
  if (!block) return null;
  const elements = tensor.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return Math.ceil(elements / block[0]) * block[1];
}

/**
 * A file cut short (an interrupted download or copy) keeps a whole header whose tensors point
 * past its end; llama.cpp would refuse it with "not within the file bounds" in its log only.
 */
function checkTensorsFit(shown: string, tensors: readonly GgufTensorInfo[], fileBytes: number): void {
  let needed = 0;
  for (const t of tensors) {
    const start = Number(t.fileOffset);
    const end = start + (tensorDataBytes(t) ?? 1);
    if (end > needed) needed = end;
  }
  if (needed > fileBytes) {
    throw new LecternError(
      'MODEL_DAMAGED',
      `${shown} is incomplete: its tensors need ${needed.toLocaleString('en-US')} bytes but the file has only ${fileBytes.toLocaleString('en-US')}. The download or copy was probably interrupted; download it again.`,
    );
  }
}

/**
 * Asks the llama.cpp binary node-llama-cpp ships (through GgufInsights, without starting a
 * backend); when the binary cannot be loaded, falls back to node-llama-cpp's list of architectures.
 */
async function isArchitectureSupported(info: GgufFileInfo, architecture: string): Promise<boolean> {
  const llamaCpp = await import('node-llama-cpp');
  try {
    const insights = await llamaCpp.GgufInsights.from(info);
    return insights.isSupportedByLlamaCpp;
  } catch {
    // GgufArchitectureType is declared a const enum, but the package exports it as an object.
    const known = (llamaCpp as unknown as { GgufArchitectureType?: Record<string, string> }).GgufArchitectureType ?? {};
    return Object.values(known).includes(architecture);
  }
}

function parameterCount(metadata: Record<string, unknown>, tensors: readonly GgufTensorInfo[] | undefined): number | null {
  const declared = positiveNumber(lookup(metadata, 'general.parameter_count'));
  if (declared !== null) return declared;
  if (!tensors || tensors.length === 0) return null;
  let total = 0;
  for (const t of tensors) total += t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return total;
}

function ropeScaling(arch: Record<string, unknown>, trainContextSize: number): RopeScaling {
  const type = lookup(arch, 'rope.scaling.type');
  const factor = positiveNumber(lookup(arch, 'rope.scaling.factor'));
  const original = positiveNumber(lookup(arch, 'rope.scaling.original_context_length'));
  if ((type === 'yarn' || type === 'linear') && factor !== null && factor !== 1) {
    return { type, factor, originalContextSize: original ?? Math.round(trainContextSize / factor) };
  }
  // Older converters wrote linear scaling as one key.
  const linear = positiveNumber(lookup(arch, 'rope.scale_linear'));
  if (type === undefined && linear !== null && linear !== 1) {
    return { type: 'linear', factor: linear, originalContextSize: Math.round(trainContextSize / linear) };
  }
  return { type: 'none', factor: 1, originalContextSize: trainContextSize };
}

/** node-llama-cpp nests dotted GGUF keys into objects: `a.b.c` → `{a: {b: {c}}}`. */
function lookup(object: Record<string, unknown>, dotted: string): unknown {
  let at: unknown = object;
  for (const key of dotted.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A positive count from metadata; some models store per-layer arrays (then the largest). */
function positiveNumber(value: unknown): number | null {
  if (Array.isArray(value)) {
    const numbers = value.map(positiveNumber).filter((n): n is number => n !== null);
    return numbers.length > 0 ? Math.max(...numbers) : null;
  }
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}
