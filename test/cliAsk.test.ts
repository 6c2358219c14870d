/**
 * `lectern ask` and `lectern preread` as a script would use them: one JSON object on
 * stdout, several questions answered as follow-ups in one process, the saved state
 * reused by the next process, and clear errors.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let library: string;
let modelPath: string;
let docId: string;
const cli = (...args: string[]) => runCli(['--library', library, ...args], { home: dir, env: { LECTERN_LLM_THREADS: '1' } });

before(async () => {
  dir = makeTempDir();
  library = path.join(dir, 'library');
  modelPath = path.join(dir, 'tiny.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
  const ingest = parseSingleJson((await cli('ingest', makeMarkdownFile(dir), '--json')).stdout) as { documents: Array<{ id: string }> };
  docId = ingest.documents[0]!.id;
});

after(() => removeDir(dir));

interface AskJson {
  answer: string;
  mode: string;
  citations: Array<{
    marker: string;
    passageId: number | null;
    documentId: string | null;
    page: number | null;
    quote: string;
    charStart: number | null;
    charEnd: number | null;
    supported: boolean;
  }>;
  context: { size: number; trainSize: number; scale: number; ropeScaling: { type: string; factor: number } } | null;
  timings: { promptTokens: number; reusedTokens: number; evaluatedTokens: number; firstTokenMs: number; totalMs: number };
}

test('without --model, ask prints one extractive answer whose quotes are verbatim', async () => {
  const r = await cli('ask', 'What grazed on the sponge beside the anemone?', '--doc', docId, '--json');
  assert.equal(r.code, 0, r.stderr);
  const answer = parseSingleJson(r.stdout) as unknown as AskJson;
  assert.equal(answer.mode, 'extractive');
  assert.ok(answer.citations.length > 0 && answer.citations.every((c) => c.supported && c.quote.length > 0));
  assert.ok(answer.citations.some((c) => c.quote.includes('nudibranch')));
});

test('several questions are answered in order in one process; the follow-ups reuse the document prefix', async () => {
  const r = await cli('ask', 'What lives in the pools?', 'What eats at night?', 'What do crabs carry?', '--doc', docId, '--model', modelPath, '--json');
  assert.equal(r.code, 0, r.stderr);
  const { answers } = parseSingleJson(r.stdout) as unknown as { answers: AskJson[] };
  assert.equal(answers.length, 3);
  for (const a of answers) {
    assert.equal(a.mode, 'full-context');
    assert.deepEqual(Object.keys(a.timings).sort(), ['evaluatedTokens', 'firstTokenMs', 'promptTokens', 'reusedTokens', 'totalMs']);
    assert.equal(a.context!.size, 8192);
    for (const c of a.citations) assert.deepEqual(Object.keys(c).slice(0, 8), ['marker', 'passageId', 'documentId', 'page', 'quote', 'charStart', 'charEnd', 'supported']);
  }
  assert.equal(answers[0]!.timings.reusedTokens, 0);
  for (const a of answers.slice(1)) assert.ok(a.timings.reusedTokens > a.timings.promptTokens * 0.8, JSON.stringify(a.timings));
});

test('the next process restores the saved reading state instead of reading the document again', async () => {
  const r = await cli('ask', 'And the hermit crabs?', '--doc', docId, '--model', modelPath, '--json');
  assert.equal(r.code, 0, r.stderr);
  const a = parseSingleJson(r.stdout) as unknown as AskJson;
  assert.ok(a.timings.evaluatedTokens < 100, JSON.stringify(a.timings));
});

test('a saved reading state damaged on disk is discarded with one line on stderr, and the answer still comes on stdout', async () => {
  const stateDir = path.join(library, 'kv-cache');
  for (const f of fs.readdirSync(stateDir).filter((f) => f.endsWith('.state'))) fs.truncateSync(path.join(stateDir, f), Math.floor(fs.statSync(path.join(stateDir, f)).size / 2));
  const r = await cli('ask', 'And the hermit crabs?', '--doc', docId, '--model', modelPath, '--json');
  assert.equal(r.code, 0, r.stderr);
  const a = parseSingleJson(r.stdout) as unknown as AskJson;
  assert.ok(a.timings.evaluatedTokens > 100, `the document was read again: ${JSON.stringify(a.timings)}`);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('! ')).length, 1, r.stderr);
});

test('--context-scale 2 extends the context with YaRN and reports it, still printing only JSON on stdout', async () => {
  const r = await cli('ask', 'What lives in the pools?', '--doc', docId, '--model', modelPath, '--context-scale', '2', '--json');
  assert.equal(r.code, 0, r.stderr);
  const a = parseSingleJson(r.stdout) as unknown as AskJson;
  assert.deepEqual(
    { size: a.context!.size, trainSize: a.context!.trainSize, scale: a.context!.scale, type: a.context!.ropeScaling.type },
    { size: 16384, trainSize: 8192, scale: 2, type: 'yarn' },
  );
});

test('preread saves a state; bad questions and flags get clear errors', async () => {
  const pre = await cli('preread', docId, '--model', modelPath, '--context-scale', '4', '--json');
  assert.equal(pre.code, 0, pre.stderr);
  assert.ok((parseSingleJson(pre.stdout) as { stateBytes: number }).stateBytes > 0);
  const empty = await cli('ask', '   ', '--doc', docId, '--json');
  assert.equal(empty.code, 1);
  assert.equal((parseSingleJson(empty.stdout) as { error: { code: string } }).error.code, 'EMPTY_QUESTION');
  const scale = await cli('ask', 'x', '--model', modelPath, '--context-scale', '3');
  assert.equal(scale.code, 2);
  assert.match(scale.stderr, /1, 2, 4 or 8/);
  const notModel = await cli('ask', 'x', '--model', path.join(dir, 'library', 'library.sqlite'), '--json');
  assert.equal(notModel.code, 1);
  assert.equal((parseSingleJson(notModel.stdout) as { error: { code: string } }).error.code, 'NOT_A_MODEL');
});
