/**
 * Answer latency with a local model, side by side with bare node-llama-cpp, on a
 * generated model of a real model's shape (24 layers × 896 wide, f16: compute cost
 * does not depend on the weights' values).
 *
 *   npm run bench:llm [-- --words N] [--threads N]
 *
 * Measures, in one run:
 *  - bare: a fresh node-llama-cpp context evaluating the same number of prompt tokens
 *    and sampling one token (its time to first token);
 *  - Lectern, cold: the first question on a ~3,000-token document (plan, structured
 *    context, grammar, prefix evaluation and state save included);
 *  - Lectern, follow-up: a second question on the same document;
 *  - Lectern, after a restart: a new engine that restores the saved state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { createEngine, type Engine } from '../native/engine.js';
import type { AskResult } from '../native/api/types.js';
import { ensureModel, makeDocument, modelPath, shape, threads, words } from './realShapeSetup.js';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function ensureLoggedModel(): Promise<void> {
  const start = performance.now();
  if (await ensureModel()) console.log(`generated ${modelPath} (${mib(fs.statSync(modelPath).size)}) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

async function bare(promptTokens: number, sampleText: string): Promise<{ ms: number; tokensPerSecond: number }> {
  const llama = await getLlama({ gpu: false, build: 'never', maxThreads: threads });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: shape.contextLength, sequences: 1, threads, flashAttention: false });
  try {
    let tokens = model.tokenize(sampleText);
    while (tokens.length < promptTokens) tokens = [...tokens, ...tokens];
    tokens = tokens.slice(0, promptTokens);
    const sequence = context.getSequence();
    const start = performance.now();
    for await (const _token of sequence.evaluate(tokens, { temperature: 0 })) break;
    const ms = performance.now() - start;
    return { ms, tokensPerSecond: promptTokens / (ms / 1000) };
  } finally {
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
}

async function openEngine(libraryDir: string): Promise<Engine> {
  const engine = createEngine({ libraryDir, llmThreads: threads });
  const record = engine.models.find(modelPath) ?? (await engine.models.add(modelPath));
  await engine.runtime.load(record);
  return engine;
}

function row(name: string, r: AskResult, cold: number): string {
  const t = r.timings;
  return (
    `${name.padEnd(26)} ${String(Math.round(t.firstTokenMs ?? 0)).padStart(8)} ms  ${((100 * (t.firstTokenMs ?? 0)) / cold).toFixed(2).padStart(7)}%  ` +
    `${String(t.promptTokens).padStart(6)} prompt  ${String(t.reusedTokens).padStart(6)} reused  ${String(t.evaluatedTokens).padStart(6)} evaluated`
  );
}

async function main(): Promise<void> {
  await ensureLoggedModel();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-llm-'));
  const libraryDir = path.join(dir, 'library');
  try {
    const docFile = makeDocument(dir);
    // Both sides start with the weights in the page cache: read the file once.
    fs.readFileSync(modelPath);
    // A first bare run also warms llama.cpp's code paths; the baseline is the faster of two, one on each side of Lectern's.
    const promptTokensGuess = Math.round(words * 3.1);
    const bareBefore = await bare(promptTokensGuess, fs.readFileSync(docFile, 'utf8'));
    let engine = await openEngine(libraryDir);
    const docId = (await engine['library:ingest']({ paths: [docFile] })).documents[0]!.id!;
    console.log(
      `model: ${shape.layers} layers × ${shape.embedding} wide, ${shape.heads} heads / ${shape.kvHeads} KV heads, FFN ${shape.feedForward}, f16, ${mib(fs.statSync(modelPath).size)}; ${threads} threads, CPU`,
    );

    const cold = await engine['qa:ask']({ question: 'What are the payment terms of this agreement?', documentIds: [docId], maxTokens: 8 });
    const followUp = await engine['qa:ask']({ question: 'How long does the agreement last?', documentIds: [docId], maxTokens: 8 });
    await engine.close();
    engine = await openEngine(libraryDir);
    const restarted = await engine['qa:ask']({ question: 'Who is liable for damages?', documentIds: [docId], maxTokens: 8 });
    const usage = engine.kvStates.usage();
    await engine.close();

    const bareAfter = await bare(cold.timings.promptTokens, fs.readFileSync(docFile, 'utf8'));
    // Scale the first run to the exact prompt length (evaluation time is near linear at this size).
    const bareBeforeScaled = { ms: (bareBefore.ms * cold.timings.promptTokens) / promptTokensGuess, tokensPerSecond: bareBefore.tokensPerSecond };
    const baseline = bareAfter.ms <= bareBeforeScaled.ms ? bareAfter : bareBeforeScaled;
    console.log(`bare runs: ${Math.round(bareBefore.ms)} ms for ${promptTokensGuess} tokens before Lectern, ${Math.round(bareAfter.ms)} ms for ${cold.timings.promptTokens} after`);
    const coldMs = cold.timings.firstTokenMs ?? 0;
    console.log(`document: ${words} words → ${cold.timings.promptTokens} prompt tokens (${cold.mode})\n`);
    console.log(`${'time to first token'.padEnd(26)} ${'ms'.padStart(11)}  ${'of cold'.padStart(8)}`);
    console.log(`${'bare node-llama-cpp'.padEnd(26)} ${String(Math.round(baseline.ms)).padStart(8)} ms  (${baseline.tokensPerSecond.toFixed(1)} prompt tokens/s)`);
    console.log(row('Lectern, cold', cold, coldMs));
    console.log(row('Lectern, follow-up', followUp, coldMs));
    console.log(row('Lectern, after restart', restarted, coldMs));
    console.log('');
    console.log(`cold / bare          ${(coldMs / baseline.ms).toFixed(3)}×   (target ≤ 1.10×)`);
    console.log(`follow-up / cold     ${((100 * (followUp.timings.firstTokenMs ?? 0)) / coldMs).toFixed(2)}%   (target ≤ 2%)`);
    console.log(`restart / cold       ${((100 * (restarted.timings.firstTokenMs ?? 0)) / coldMs).toFixed(2)}%   (target ≤ 5%)`);
    console.log(`Lectern prompt speed ${(cold.timings.evaluatedTokens / (coldMs / 1000)).toFixed(1)} tokens/s evaluated (cold)`);
    console.log(`saved state          ${usage.files} file(s), ${mib(usage.bytes)} (${(usage.bytes / Math.max(1, cold.timings.promptTokens) / 1024).toFixed(1)} KiB per token)`);
    console.log(`peak memory (RSS)    ${mib(process.resourceUsage().maxRSS * 1024)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
