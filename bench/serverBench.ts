/**
 * Time to first token from an inference server (llama.cpp's llama-server on 127.0.0.1) beside the
 * same figures for the local backend, in one run, on a generated model of a real model's shape
 * (24 layers × 896 wide, f16: compute cost does not depend on the weights' values).
 *
 *   npm run bench:server [-- --words N] [--threads N]
 *
 * For each backend: a cold question on a long document (the server or the runtime reads it whole),
 * then a follow-up on the same document, whose prompt starts with the same document prefix and so
 * is served from the prompt cache (server) or the held KV prefix (local). Target: the follow-up's
 * time to first token is at most 5% of the cold one's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../native/engine.js';
import type { AskResult } from '../native/api/types.js';
import { ensureModel, makeDocument, modelPath, shape, threads, words } from './realShapeSetup.js';
import { freePort } from '../test/helpers/freePort.js';

async function startServer(binary: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(binary, ['-m', modelPath, '--host', '127.0.0.1', '--port', String(port), '-c', String(shape.contextLength), '-np', '1', '-t', String(threads)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited: ${log}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    if (Date.now() > deadline) throw new Error(`llama-server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Pair {
  cold: AskResult;
  followUp: AskResult;
}

async function coldAndFollowUp(engine: Engine, docId: string): Promise<Pair> {
  const cold = await engine['qa:ask']({ question: 'What are the payment terms of this agreement?', documentIds: [docId], maxTokens: 8 });
  const followUp = await engine['qa:ask']({ question: 'How long does the agreement last?', documentIds: [docId], maxTokens: 8 });
  return { cold, followUp };
}

function row(name: string, r: AskResult, cold: number): string {
  const t = r.timings;
  return (
    `${name.padEnd(22)} ${String(Math.round(t.firstTokenMs ?? 0)).padStart(8)} ms  ${((100 * (t.firstTokenMs ?? 0)) / cold).toFixed(2).padStart(7)}%  ` +
    `${String(t.promptTokens).padStart(6)} prompt  ${String(t.reusedTokens).padStart(6)} reused  ${String(t.evaluatedTokens).padStart(6)} evaluated`
  );
}

async function main(): Promise<void> {
  // Built once per machine into a cache outside the clone (see scripts/buildLlamaServer.js).
  const built = spawnSync(process.execPath, [path.resolve('scripts', 'buildLlamaServer.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (built.status !== 0) throw new Error('llama-server could not be built (needs cmake and g++)');
  const binary = built.stdout.trim().split('\n').at(-1)!;
  await ensureModel();
  fs.readFileSync(modelPath); // both sides start with the weights in the page cache
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-server-'));
  const server = await startServer(binary);
  let engine: Engine | null = null;
  try {
    engine = createEngine({ libraryDir: path.join(dir, 'library'), llmThreads: threads });
    const docId = (await engine['library:ingest']({ paths: [makeDocument(dir)] })).documents[0]!.id!;
    console.log(`model: ${shape.layers} layers × ${shape.embedding} wide, f16; ${threads} threads, CPU; document ${words} words`);

    // The server first, with the local model not loaded (they would share the CPU otherwise).
    const { model: serverModel } = await engine['models:addServer']({ name: 'bench-server', baseUrl: server.url });
    await engine['models:load']({ idOrPath: serverModel.id });
    const remote = await coldAndFollowUp(engine, docId);
    server.child.kill('SIGKILL');

    const local = await engine.models.add(modelPath);
    await engine['models:load']({ idOrPath: local.id });
    const here = await coldAndFollowUp(engine, docId);
    await engine.asking.settled();

    const remoteCold = remote.cold.timings.firstTokenMs ?? 0;
    const localCold = here.cold.timings.firstTokenMs ?? 0;
    console.log(`\n${'time to first token'.padEnd(22)} ${'ms'.padStart(11)}  ${'of cold'.padStart(8)}`);
    console.log(row('server, cold', remote.cold, remoteCold));
    console.log(row('server, follow-up', remote.followUp, remoteCold));
    console.log(row('local, cold', here.cold, localCold));
    console.log(row('local, follow-up', here.followUp, localCold));
    const ratio = (p: Pair, cold: number) => (100 * (p.followUp.timings.firstTokenMs ?? 0)) / cold;
    console.log('');
    console.log(`follow-up / cold   server ${ratio(remote, remoteCold).toFixed(2)}%   local ${ratio(here, localCold).toFixed(2)}%   (target ≤ 5%)`);
    console.log(`server cold / local cold  ${(remoteCold / localCold).toFixed(2)}×`);
  } finally {
    await engine?.close();
    server.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
