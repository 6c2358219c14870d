/**
 * One-off measurement (not a test): how long a ~0.5B-shaped model takes to generate and
 * load here, and how fast it evaluates a ~3,000-token prompt on the CPU.
 *
 *   node dist/test/models/measureRealShape.js [out.gguf] [--threads N] [--tokens N] [--keep] [--reuse]
 *
 * Prints one JSON object. The model file is deleted afterwards unless --keep is given;
 * --reuse skips generating it when it already exists (a kept one).
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { makeLlamaModel, REAL_SHAPE } from './makeLlamaModel.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threads: { type: 'string', default: String(availableParallelism()) },
    tokens: { type: 'string', default: '3000' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const modelPath = positionals[0] ?? join(tmpdir(), 'lectern-real-shape.gguf');
const threads = Number(values.threads);
const promptTokens = Number(values.tokens);
const seconds = (since: number): number => Math.round((performance.now() - since) / 10) / 100;

let started = performance.now();
const existing = values.reuse ? await stat(modelPath).catch(() => undefined) : undefined;
const bytes = existing?.size ?? (await makeLlamaModel(modelPath, REAL_SHAPE)).bytes;
const generateSeconds = existing ? null : seconds(started);

const llama = await getLlama({ gpu: false, build: 'never', maxThreads: threads, logLevel: LlamaLogLevel.error });
started = performance.now();
const model = await llama.loadModel({ modelPath });
const loadSeconds = seconds(started);

started = performance.now();
const context = await model.createContext({ contextSize: REAL_SHAPE.contextLength, threads });
const contextSeconds = seconds(started);
const contextThreads = context.currentThreads;
const sequence = context.getSequence();

const sentence =
  'The Licensee shall pay the fees set out in Schedule 2 within thirty days of the date of each invoice, ' +
  'and the Company may terminate this Agreement by written notice if any amount remains unpaid. ';
let text = sentence;
while (model.tokenize(text).length < promptTokens) text += sentence;
const prompt = model.tokenize(text).slice(0, promptTokens);

// The first evaluation also pages the mmapped weights in; a warm-up keeps that out of the rate.
started = performance.now();
await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, 32));
const warmupSeconds = seconds(started);
await sequence.clearHistory();

started = performance.now();
await sequence.evaluateWithoutGeneratingNewTokens(prompt);
const promptSeconds = seconds(started);

const generated: number[] = [];
started = performance.now();
for await (const token of sequence.evaluate(model.tokenize(' The'), { temperature: 0 })) {
  generated.push(token);
  if (generated.length >= 16) break;
}
const generateTokensSeconds = seconds(started);

const statePath = `${modelPath}.state`;
started = performance.now();
const { fileSize: stateBytes } = await sequence.saveStateToFile(statePath);
const saveStateSeconds = seconds(started);
const tokensInState = sequence.nextTokenIndex;
await sequence.clearHistory();
started = performance.now();
await sequence.loadStateFromFile(statePath, { acceptRisk: true });
const loadStateSeconds = seconds(started);

await context.dispose();
await model.dispose();
await llama.dispose();
const fileBytes = (await stat(modelPath)).size;
await rm(statePath, { force: true });
if (!values.keep) await rm(modelPath, { force: true });

console.log(
  JSON.stringify(
    {
      shape: REAL_SHAPE,
      threads,
      contextThreads,
      loadAverage: loadavg()[0],
      fileMiB: Math.round(bytes / 2 ** 20),
      fileBytesMatch: fileBytes === bytes,
      generateSeconds,
      loadSeconds,
      contextSeconds,
      warmupSeconds,
      promptTokens: prompt.length,
      promptSeconds,
      promptTokensPerSecond: Math.round(prompt.length / promptSeconds),
      generatedTokens: generated.length,
      generateTokensPerSecond: Math.round((generated.length / generateTokensSeconds) * 10) / 10,
      tokensInState,
      stateMiB: Math.round((stateBytes / 2 ** 20) * 10) / 10,
      saveStateSeconds,
      loadStateSeconds,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
