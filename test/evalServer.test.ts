/**
 * "How far does this model read" for a model on an inference server: a real llama.cpp
 * `llama-server` (built from the source inside node-llama-cpp, see scripts/buildLlamaServer.js)
 * on 127.0.0.1 with a generated GGUF, registered as a server model. The grid's prompts are sized
 * by the server's own token counts, the server's prompt cache serves the text before each fact,
 * and the local model that answered before the check answers again after it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { freePort } from './helpers/freePort.js';

const root = path.resolve(import.meta.dirname, '..', '..');

let dir: string;
let engine: Engine;
let localModel: string;
let documentId: string;
let server: ChildProcess | null = null;
let serverUrl: string;

before(async () => {
  dir = makeTempDir();
  const served = path.join(dir, 'served-4k.gguf');
  await makeLlamaModel(served, { ...TINY, contextLength: 4096 });
  localModel = path.join(dir, 'local-1k.gguf');
  await makeLlamaModel(localModel, { ...TINY, contextLength: 1024, seed: 2 });
  const book = path.join(dir, 'harbour-log.txt');
  const prose = new SentenceMaker(21, NARRATIVE_BANK);
  fs.writeFileSync(book, `The Harbour Log\n\n${Array.from({ length: 20 }, () => prose.paragraph(150)).join('\n\n')}\n`);
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 1 });
  documentId = (await engine.invoke('library:ingest', { paths: [book] })).documents[0]!.id!;

  // Builds llama-server once per machine (minutes); `npm run build:llama-server` does it ahead.
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'buildLlamaServer.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(built.status, 0, 'llama-server builds from the bundled llama.cpp source (needs cmake and g++)');
  const binary = built.stdout.trim().split('\n').at(-1)!;
  const port = await freePort();
  server = spawn(binary, ['-m', served, '--host', '127.0.0.1', '--port', String(port), '-c', '4096', '-np', '1', '-t', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  serverUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) assert.fail(`llama-server exited (${server.exitCode}): ${output.slice(-2000)}`);
    if (
      await fetch(`${serverUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) assert.fail(`llama-server did not start in 60 s: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  await engine?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
  }
  if (dir) removeDir(dir);
});

test('a server model is checked with its own context and token counts, its cache serves the text before each fact, and the local model answers again after', async () => {
  const { model } = await engine.invoke('models:addServer', { name: 'eval-box', baseUrl: serverUrl });
  await engine.invoke('models:load', { idOrPath: localModel });
  const grid = await engine.invoke('eval:needles', { documentId, modelId: model.id, depths: [100, 50], lengths: [2000] });
  assert.equal(grid.model.name, 'eval-box');
  assert.equal(grid.contextSize, 4096, 'the context the server runs with');
  assert.equal(grid.cells.length, 2);
  for (const c of grid.cells) {
    assert.ok(c.promptTokens! > 2000 && c.promptTokens! < 2300, `the server read a ${c.promptTokens}-token prompt for a 2000-token row`);
    assert.ok(Math.abs(c.placedDepth - c.depth) <= 3, `placed at ${c.placedDepth}% for ${c.depth}%`);
  }
  const half = grid.cells.find((c) => c.depth === 50)!;
  assert.ok(half.evaluatedTokens! < half.promptTokens! * 0.7, `at 50% the server read ${half.evaluatedTokens} of ${half.promptTokens} tokens (the rest from its cache)`);
  const loaded = (await engine.invoke('models:loaded', {})).model;
  assert.equal(loaded?.model.path, localModel, 'the local model answers again');
  assert.equal(loaded?.where, 'on this computer');
});
