/**
 * Writes llama-architecture GGUF models with seeded random weights, so the test suite can
 * run real node-llama-cpp without downloading anything. The model talks nonsense, but it
 * loads, tokenizes, evaluates, generates under a grammar and saves state like a real one.
 */
import { buildLlamaVocabulary } from './llamaVocabulary.js';
import { constantSource, seededNormalSource } from './seededWeights.js';
import { gguf, writeGguf, type GgufContent, type GgufTensor, type GgufTensorType, type GgufValue, type GgufWriteResult } from './writeGguf.js';

export interface LlamaModelShape {
  readonly layers: number;
  /** Hidden size (`llama.embedding_length`). Must be a multiple of `heads`. */
  readonly embedding: number;
  readonly heads: number;
  /** Key/value heads (grouped-query attention). Must divide `heads`. */
  readonly kvHeads: number;
  readonly feedForward: number;
  /** Defaults to the built-in English vocabulary (about 1,900 tokens); see `buildLlamaVocabulary`. */
  readonly vocabSize?: number;
  /** The trained context, `llama.context_length`. */
  readonly contextLength: number;
  readonly seed: number;
  /** Weight matrices' type; norm weights are always f32, as llama.cpp's converter writes them. */
  readonly type: GgufTensorType;
  /** A Jinja chat template; defaults to ChatML. `null` writes none. */
  readonly chatTemplate?: string | null;
  /** `llama.rope.freq_base`; defaults to 10000. */
  readonly ropeFreqBase?: number;
  /** `general.name`; defaults to "lectern-test-llama". */
  readonly name?: string;
  /** Standard deviation of the random weights; defaults to 0.02. */
  readonly weightStd?: number;
}

/** Loads in well under a second; for every test that needs "a model". */
export const TINY: LlamaModelShape = {
  layers: 2,
  embedding: 64,
  heads: 4,
  kvHeads: 2,
  feedForward: 128,
  contextLength: 512,
  seed: 1,
  type: 'f32',
};

/** The shape of a ~0.5B model (Qwen2.5-0.5B's blocks, a small vocabulary): ~720 MB in f16. */
export const REAL_SHAPE: LlamaModelShape = {
  layers: 24,
  embedding: 896,
  heads: 14,
  kvHeads: 2,
  feedForward: 4864,
  contextLength: 4096,
  seed: 1,
  type: 'f16',
  ropeFreqBase: 1_000_000,
};

/** ChatML, as Qwen and many others ship it. node-llama-cpp resolves it to its ChatML wrapper. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const GGML_FILE_TYPE = { f32: 0, f16: 1 } as const;

export async function makeLlamaModel(file: string, shape: LlamaModelShape): Promise<GgufWriteResult> {
  return writeGguf(file, describeLlamaModel(shape));
}

/** The GGUF content of a model, without writing it (the bad-model makers edit it first). */
export function describeLlamaModel(shape: LlamaModelShape): GgufContent {
  const { layers, embedding, heads, kvHeads, feedForward, contextLength, seed, type } = shape;
  for (const [name, value] of Object.entries({ layers, embedding, heads, kvHeads, feedForward, contextLength })) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
  }
  if (embedding % heads !== 0) throw new RangeError('embedding must be a multiple of heads');
  if (heads % kvHeads !== 0) throw new RangeError('kvHeads must divide heads');
  const headDim = embedding / heads;
  const vocabulary = buildLlamaVocabulary(shape.vocabSize);
  const vocabSize = vocabulary.tokens.length;
  const chatTemplate = shape.chatTemplate === undefined ? CHATML_TEMPLATE : shape.chatTemplate;

  const metadata: Record<string, GgufValue> = {
    'general.architecture': gguf.str('llama'),
    'general.name': gguf.str(shape.name ?? 'lectern-test-llama'),
    'general.file_type': gguf.u32(GGML_FILE_TYPE[type]),
    'general.alignment': gguf.u32(32),
    'llama.context_length': gguf.u32(contextLength),
    'llama.embedding_length': gguf.u32(embedding),
    'llama.block_count': gguf.u32(layers),
    'llama.feed_forward_length': gguf.u32(feedForward),
    'llama.attention.head_count': gguf.u32(heads),
    'llama.attention.head_count_kv': gguf.u32(kvHeads),
    'llama.attention.layer_norm_rms_epsilon': gguf.f32(1e-6),
    'llama.rope.dimension_count': gguf.u32(headDim),
    'llama.rope.freq_base': gguf.f32(shape.ropeFreqBase ?? 10_000),
    'llama.vocab_size': gguf.u32(vocabSize),
    'tokenizer.ggml.model': gguf.str('llama'),
    'tokenizer.ggml.tokens': gguf.strings(vocabulary.tokens),
    'tokenizer.ggml.scores': gguf.f32s(vocabulary.scores),
    'tokenizer.ggml.token_type': gguf.i32s(vocabulary.tokenTypes),
    'tokenizer.ggml.bos_token_id': gguf.u32(vocabulary.bosId),
    'tokenizer.ggml.eos_token_id': gguf.u32(vocabulary.eosId),
    'tokenizer.ggml.unknown_token_id': gguf.u32(vocabulary.unkId),
    'tokenizer.ggml.eot_token_id': gguf.u32(vocabulary.eotId),
    'tokenizer.ggml.add_bos_token': gguf.bool(true),
    'tokenizer.ggml.add_eos_token': gguf.bool(false),
  };
  if (chatTemplate !== null) metadata['tokenizer.chat_template'] = gguf.str(chatTemplate);

  const std = shape.weightStd ?? 0.02;
  const matrix = (name: string, dims: readonly number[]): GgufTensor => ({
    name,
    dims,
    type,
    values: () => seededNormalSource(seed, name, std),
  });
  const norm = (name: string): GgufTensor => ({ name, dims: [embedding], type: 'f32', values: () => constantSource(1) });

  const kvWidth = headDim * kvHeads;
  const tensors: GgufTensor[] = [matrix('token_embd.weight', [embedding, vocabSize])];
  for (let block = 0; block < layers; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      norm(`${prefix}.attn_norm.weight`),
      matrix(`${prefix}.attn_q.weight`, [embedding, embedding]),
      matrix(`${prefix}.attn_k.weight`, [embedding, kvWidth]),
      matrix(`${prefix}.attn_v.weight`, [embedding, kvWidth]),
      matrix(`${prefix}.attn_output.weight`, [embedding, embedding]),
      norm(`${prefix}.ffn_norm.weight`),
      matrix(`${prefix}.ffn_gate.weight`, [embedding, feedForward]),
      matrix(`${prefix}.ffn_up.weight`, [embedding, feedForward]),
      matrix(`${prefix}.ffn_down.weight`, [feedForward, embedding]),
    );
  }
  tensors.push(norm('output_norm.weight'), matrix('output.weight', [embedding, vocabSize]));
  return { metadata, tensors };
}
