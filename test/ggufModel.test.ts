/**
 * The generated GGUF models under real node-llama-cpp (prebuilt CPU backend, no mocks):
 * they load, read back, tokenize anything, generate, obey a JSON-schema grammar, take a
 * YaRN context extension, save and restore sequence state, and bad files fail cleanly.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  getLlama,
  LlamaChatSession,
  LlamaLogLevel,
  readGgufFileInfo,
  type Llama,
  type LlamaContextSequence,
  type LlamaModel,
  type LlamaModelOptions,
  type Token,
} from 'node-llama-cpp';
import { float16BitsToNumber, float32ToFloat16 } from './models/float16.js';
import { makeNotGgufFile, makeTruncatedModel, makeUnsupportedArchitectureModel } from './models/makeBadModels.js';
import { CHATML_TEMPLATE, makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let llama: Llama;
let model: LlamaModel;
const logs: string[] = [];
const file = (name: string): string => join(dir, name);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lectern-gguf-'));
  await makeLlamaModel(file('tiny.gguf'), TINY);
  llama = await getLlama({
    gpu: false,
    // Never download or compile: the prebuilt binaries ship in @node-llama-cpp/linux-x64.
    build: 'never',
    // One thread: test files run two at a time, and llama.cpp's spinning threads slow to a crawl when oversubscribed.
    maxThreads: 1,
    // Info level carries llama.cpp's load report (rope scaling, freq_scale) and the reasons loads fail.
    logLevel: LlamaLogLevel.info,
    logger: (level, message) => logs.push(`[${level}] ${message}`),
  });
  model = await llama.loadModel({ modelPath: file('tiny.gguf') });
});

after(async () => {
  await model?.dispose();
  await llama?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the same seed writes byte-identical files, another seed different weights', async () => {
  await makeLlamaModel(file('again.gguf'), TINY);
  await makeLlamaModel(file('seed2.gguf'), { ...TINY, seed: 2 });
  const [first, again, other] = await Promise.all(['tiny.gguf', 'again.gguf', 'seed2.gguf'].map((name) => sha256(file(name))));
  assert.equal(again, first);
  assert.notEqual(other, first);
});

test('f16 conversion rounds to nearest even, keeps subnormals and saturates to infinity', () => {
  assert.equal(float32ToFloat16(1), 0x3c00);
  assert.equal(float32ToFloat16(-2), 0xc000);
  assert.equal(float32ToFloat16(65504), 0x7bff);
  assert.equal(float32ToFloat16(65520), 0x7c00);
  assert.equal(float32ToFloat16(2 ** -24), 0x0001);
  assert.equal(float32ToFloat16(2 ** -25), 0x0000, 'a tie at the smallest subnormal goes to even (zero)');
  assert.equal(float32ToFloat16(1.5 * 2 ** -24), 0x0002, 'a tie between 1 and 2 subnormal steps goes to even');
  assert.equal(float32ToFloat16(1 + 2 ** -11), 0x3c00, 'a tie above 1 rounds down to even');
  assert.equal(float32ToFloat16(1 + 3 * 2 ** -11), 0x3c02, 'a tie above 1 + ulp rounds up to even');
  assert.ok(Number.isNaN(float16BitsToNumber(float32ToFloat16(NaN))));
  for (const value of [0.02, -0.0123, 3.14159, 1e-5, 6e-8]) {
    const half = float16BitsToNumber(float32ToFloat16(value));
    const ulp = Math.abs(value) < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(Math.abs(value))) - 10);
    assert.ok(Math.abs(half - value) <= ulp / 2, `${value} → ${half}`);
  }
});

test('readGgufFileInfo reads back the architecture, trained context, shape and chat template', async () => {
  const info = await readGgufFileInfo(file('tiny.gguf'));
  assert.equal(info.version, 3);
  assert.equal(info.metadata.general.architecture, 'llama');
  assert.equal(info.metadata.general.name, 'lectern-test-llama');
  assert.equal(info.metadata.tokenizer.chat_template, CHATML_TEMPLATE);
  assert.equal(info.metadata.tokenizer.ggml.model, 'llama');
  assert.equal(info.architectureMetadata.context_length, TINY.contextLength);
  assert.equal(info.architectureMetadata.block_count, TINY.layers);
  assert.equal(info.architectureMetadata.embedding_length, TINY.embedding);
  assert.equal(info.tensorInfo?.length, 3 + 9 * TINY.layers);
  assert.equal(model.trainContextSize, TINY.contextLength);
});

test('the tiny model loads again on the prebuilt CPU backend', async () => {
  assert.equal(llama.gpu, false);
  assert.equal(llama.buildType, 'prebuilt');
  const again = await llama.loadModel({ modelPath: file('tiny.gguf') });
  assert.equal(again.trainContextSize, TINY.contextLength);
  await again.dispose();
});

test('English, Chinese and emoji text round-trips through tokenize and detokenize', () => {
  for (const text of [
    'The Licensee shall pay the fees within 30 days of the effective date.',
    '本协议自双方签字之日起生效。',
    'Emoji 🦙📄✅, tabs\tand\nnew lines, café, naïve, Ελληνικά',
    ' leading and trailing spaces ',
  ]) {
    assert.equal(model.detokenize(model.tokenize(text)), text);
  }
  assert.equal(model.tokenize('the agreement').length, 2, 'common words are single pieces');
  assert.ok(model.tokenize('协议').length >= 6, 'unknown characters fall back to bytes');
  assert.equal(model.tokenize('<|im_start|>', true).length, 1, 'ChatML markers are special tokens');
  assert.ok(model.tokenize('<|im_start|>').length > 1, 'but the same text in a document is not');
});

test('a context evaluates a prompt and generates tokens; a chat session resolves the ChatML wrapper', async () => {
  const context = await model.createContext({ contextSize: 256 });
  try {
    const sequence = context.getSequence();
    const prompt = model.tokenize('The agreement shall terminate on the effective date.');
    const generated = await generate(sequence, prompt, 8);
    assert.equal(generated.length, 8);
    assert.equal(sequence.nextTokenIndex, prompt.length + 7, 'the last generated token is not fed back yet');
    sequence.dispose();

    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    assert.equal(session.chatWrapper.wrapperName, 'ChatML');
    const answer = await session.prompt('What does the agreement say?', { maxTokens: 6 });
    assert.equal(typeof answer, 'string');
  } finally {
    await context.dispose();
  }
});

test('generation under a JSON-schema grammar yields parseable JSON that matches the schema', async () => {
  // No integers: node-llama-cpp's integer rule admits exponents ("31E2376843526"), which parse to Infinity.
  const grammar = await llama.createGrammarForJsonSchema({
    type: 'object',
    properties: {
      verdict: { enum: ['yes', 'no', 'unclear'] },
      cited: { type: 'boolean' },
      quote: { type: 'string', maxLength: 12 },
      sections: { type: 'array', items: { enum: ['1.1', '2.3', '7'] }, maxItems: 3 },
    },
    required: ['verdict', 'cited', 'quote', 'sections'],
  } as const);
  const context = await model.createContext({ contextSize: 512 });
  try {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    for (const seed of [1, 2]) {
      session.resetChatHistory();
      const text = await session.prompt('Does the agreement allow early termination? Answer in JSON.', {
        grammar,
        maxTokens: 300,
        temperature: 0.8,
        seed,
      });
      const answer = grammar.parse(text);
      assert.ok(['yes', 'no', 'unclear'].includes(answer.verdict));
      assert.equal(typeof answer.cited, 'boolean');
      assert.ok(answer.quote.length <= 12);
      assert.ok(answer.sections.length <= 3 && answer.sections.every((id) => ['1.1', '2.3', '7'].includes(id)));
    }
  } finally {
    await context.dispose();
  }
});

test('a YaRN override with a float factor gives 2× the trained context; an integer factor is ignored', async () => {
  const trained = TINY.contextLength;
  const load = async (factor: number): Promise<{ contextSize: number; freqScale: string | undefined }> => {
    const mark = logs.length;
    const extended = await llama.loadModel({ modelPath: file('tiny.gguf'), metadataOverrides: yarn(factor, trained) });
    try {
      const context = await extended.createContext({ contextSize: 2 * trained });
      const contextSize = context.contextSize;
      const line = await waitForLog(/llama_context: freq_scale\s+=\s+(\S+)/, mark);
      await context.dispose();
      return { contextSize, freqScale: line?.match(/=\s+(\S+)/)?.[1] };
    } finally {
      await extended.dispose();
    }
  };

  const asFloat = await load(ggufFloat(2));
  assert.equal(asFloat.contextSize, 2 * trained);
  assert.equal(asFloat.freqScale, '0.5', 'llama.cpp applied factor 2');

  const mark = logs.length;
  const asInteger = await load(2);
  assert.equal(asInteger.freqScale, '1', 'llama.cpp ignored the factor');
  assert.ok(await waitForLog(/Bad metadata override type for key 'llama\.rope\.scaling\.factor'/, mark));
});

test('a sequence state saved to a file restores into a fresh context and continues identically', async () => {
  const prompt = model.tokenize('Section 7.1. The Licensee shall pay the fees within 30 days.');
  const head = prompt.slice(0, -1);
  const last = prompt.slice(-1);
  const stateFile = file('sequence.state');

  const original = await model.createContext({ contextSize: 256 });
  const restored = await model.createContext({ contextSize: 256 });
  try {
    const source = original.getSequence();
    await source.evaluateWithoutGeneratingNewTokens(head);
    const { fileSize } = await source.saveStateToFile(stateFile);
    assert.ok(fileSize > 0);
    const expected = await generate(source, last, 4);

    const target = restored.getSequence();
    await target.loadStateFromFile(stateFile, { acceptRisk: true });
    assert.deepEqual(target.contextTokens, head);
    const before = target.tokenMeter.getState();
    assert.deepEqual(await generate(target, last, 4), expected);
    // The meter files tokens whose logits were read under "output", the rest under "input".
    const decoded = target.tokenMeter.diff(before);
    assert.equal(decoded.usedInputTokens + decoded.usedOutputTokens, 1 + 3, 'the restored prefix was not evaluated again');
  } finally {
    await original.dispose();
    await restored.dispose();
  }
});

test('an f16 model loads and generates', async () => {
  await makeLlamaModel(file('tiny-f16.gguf'), { ...TINY, type: 'f16' });
  const half = await llama.loadModel({ modelPath: file('tiny-f16.gguf') });
  try {
    const context = await half.createContext({ contextSize: 128 });
    assert.equal((await generate(context.getSequence(), half.tokenize('The company'), 4)).length, 4);
    await context.dispose();
  } finally {
    await half.dispose();
  }
});

test('a truncated file, a non-GGUF file and an unknown architecture fail to load with an error', async () => {
  await makeTruncatedModel(file('truncated.gguf'));
  await makeNotGgufFile(file('text.gguf'));
  await makeUnsupportedArchitectureModel(file('notanarch.gguf'));

  // llama.cpp's own reason reaches only the logger; the thrown error just says "Failed to load model".
  let mark = logs.length;
  await assert.rejects(llama.loadModel({ modelPath: file('truncated.gguf') }), /Failed to load model/);
  assert.ok(await waitForLog(/is not within the file bounds/, mark));

  // node-llama-cpp's InvalidGgufMagicError is not exported, and its name is plain "Error".
  await assert.rejects(llama.loadModel({ modelPath: file('text.gguf') }), /Invalid GGUF magic/);

  mark = logs.length;
  await assert.rejects(llama.loadModel({ modelPath: file('notanarch.gguf') }), /Failed to load model/);
  assert.ok(await waitForLog(/unknown model architecture: 'notanarch'/, mark));
});

/**
 * node-llama-cpp sends an integral JS number as a GGUF int, and llama.cpp ignores an int
 * for a float key. The next double up is non-integral, and rounds back to the same float32.
 */
function ggufFloat(value: number): number {
  if (value === 0) return Number.MIN_VALUE;
  return Number.isInteger(value) ? value * (1 + Number.EPSILON) : value;
}

function yarn(factor: number, originalContext: number): LlamaModelOptions['metadataOverrides'] {
  // node-llama-cpp's metadata type for llama lacks rope.scaling; the keys are llama.cpp's own.
  return { llama: { rope: { scaling: { type: 'yarn', factor, original_context_length: originalContext } } } } as LlamaModelOptions['metadataOverrides'];
}

/** Evaluates `tokens`, then generates `count` tokens greedily. */
async function generate(sequence: LlamaContextSequence, tokens: Token[], count: number): Promise<Token[]> {
  const out: Token[] = [];
  for await (const token of sequence.evaluate(tokens, { temperature: 0 })) {
    out.push(token);
    if (out.length >= count) break;
  }
  return out;
}

/** The logger is fed asynchronously from llama.cpp's threads: poll briefly for a line. */
async function waitForLog(pattern: RegExp, from: number): Promise<string | undefined> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const line = logs.slice(from).find((entry) => pattern.test(entry));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}
