/**
 * "How far does this model really read" (eval:needles) with a real, generated GGUF model:
 * made-up facts really placed at their depth in the document's own text (counted in the
 * model's tokens), prompts sized to the context, the model really called for every cell,
 * the YaRN scale applied as models:load applies it, a stopped run keeping its cells, the
 * library left untouched, and the command line writing its JSON. Random weights answer
 * noise, so recall itself is not asserted.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { NeedleGrid, NeedleProgress } from '../native/api/evalTypes.js';
import type { Engine } from '../native/engine.js';
import { makeNeedle } from '../native/eval/makeNeedle.js';
import { cutToTokens, placeNeedle } from '../native/eval/placeNeedle.js';
import { seededRandom } from '../native/eval/seededRandom.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let libraryDir: string;
let modelPath: string;
let engine: Engine;
let documentId: string;

/** What the library holds that a check must never change. */
async function libraryCounts(e: Engine): Promise<{ documents: number; passages: number; texts: string }> {
  const { documents } = await e.invoke('library:list', {});
  let passages = 0;
  let texts = '';
  for (const d of documents) {
    const list = (await e.invoke('library:passages', { id: d.id })).passages;
    passages += list.length;
    texts += list.map((p) => p.text).join('\n');
  }
  return { documents: documents.length, passages, texts };
}

before(async () => {
  dir = makeTempDir();
  libraryDir = path.join(dir, 'library');
  modelPath = path.join(dir, 'tiny-2k.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 2048 });
  const prose = new SentenceMaker(77, NARRATIVE_BANK);
  const book = path.join(dir, 'harbour-log.txt');
  fs.writeFileSync(book, `The Harbour Log\n\n${Array.from({ length: 40 }, () => prose.paragraph(160)).join('\n\n')}\n`);
  engine = openTestEngine(libraryDir, { llmThreads: 1 });
  const { documents } = await engine.invoke('library:ingest', { paths: [book] });
  documentId = documents[0]!.id!;
  await engine.invoke('models:load', { idOrPath: modelPath });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('needles placed in the document', () => {
  test('a fact goes between sentences at the depth asked for, within 3 points, counted in the model’s tokens', async () => {
    const count = (text: string) => engine.runtime.tokenize(text).length;
    const text = (await engine.invoke('library:passages', { id: documentId })).passages.map((p) => p.text).join('\n\n');
    const haystack = await cutToTokens(text, 1600, count);
    assert.ok(haystack.tokens <= 1600 && haystack.tokens >= 1550, `cut to ${haystack.tokens} tokens for a budget of 1600`);
    assert.equal(count(haystack.text), haystack.tokens);
    assert.match(haystack.text, /\.$/, 'the cut ends at a sentence end');
    for (const depth of [0, 10, 25, 50, 75, 90, 100]) {
      const needle = makeNeedle(seededRandom(depth));
      const placed = await placeNeedle(haystack, needle.fact, depth, count);
      assert.equal(placed.text.split(needle.fact).length, 2, 'the fact is in the prompt text exactly once');
      assert.equal(placed.text.indexOf(needle.fact), placed.charOffset);
      const tokensBefore = count(placed.text.slice(0, placed.charOffset).trimEnd());
      const measured = (100 * tokensBefore) / haystack.tokens;
      assert.ok(Math.abs(measured - depth) <= 3, `depth ${depth}%: the fact has ${tokensBefore} of ${haystack.tokens} tokens before it (${measured.toFixed(1)}%)`);
      assert.equal(placed.text.replace(` ${needle.fact}`, '').replace(`${needle.fact} `, ''), haystack.text, 'nothing of the document is lost or moved');
    }
  });

  test('the same seed makes the same facts, another seed other ones', () => {
    assert.deepEqual(makeNeedle(seededRandom(5)), makeNeedle(seededRandom(5)));
    assert.notEqual(makeNeedle(seededRandom(5)).value, makeNeedle(seededRandom(6)).value);
  });
});

describe('eval:needles', () => {
  test('runs one prompt per depth × length, each sized to its length and inside the context, and leaves the library as it was', async () => {
    const before = await libraryCounts(engine);
    const progress: NeedleProgress[] = [];
    const off = engine.on('eval:progress', (p) => progress.push(p));
    let grid: NeedleGrid;
    try {
      grid = await engine.invoke('eval:needles', { documentId, depths: [0, 50, 100], requestId: 'r1' });
    } finally {
      off();
    }
    assert.equal(grid.complete, true);
    assert.equal(grid.contextSize, 2048);
    assert.ok(grid.lengths.length >= 2, `rows ${grid.lengths.join(', ')}`);
    assert.deepEqual(grid.depths, [0, 50, 100]);
    assert.equal(grid.cells.length, grid.lengths.length * 3);
    for (const length of grid.lengths)
      for (const depth of grid.depths)
        assert.ok(
          grid.cells.some((c) => c.length === length && c.depth === depth),
          `cell ${length}×${depth}`,
        );
    // Around the document: instructions, the fact, the question and the chat format, about the same for every cell.
    const frames = grid.cells.map((c) => c.promptTokens! - c.length);
    assert.ok(Math.min(...frames) > 0 && Math.max(...frames) < 250, `prompt less row length: ${frames.join(', ')}`);
    // A row's cells share one cut of the document and differ only by their fact: their prompts are the same size give or take a few tokens.
    for (const length of grid.lengths) {
      const sizes = grid.cells.filter((c) => c.length === length).map((c) => c.promptTokens!);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 20, `${length}-token row: prompts of ${sizes.join(', ')} tokens`);
    }
    for (const c of grid.cells) {
      assert.ok(c.promptTokens! <= grid.contextSize * 0.9, 'within the share of the context a prompt may fill, so nothing of it is cut');
      // Facts go between sentences: a short row's nearest sentence end may be half a sentence (under 30 tokens) away.
      assert.ok(Math.abs(c.placedDepth - c.depth) <= Math.max(3, 3000 / c.length), `${c.length}-token row: placed at ${c.placedDepth}% for ${c.depth}%`);
    }
    assert.equal(Math.max(...grid.lengths), Math.max(...grid.cells.map((c) => c.length)));
    // Depths run from the end: the cell at 50% holds the text before its fact from the cell at 100%, and reads only the rest.
    for (const length of grid.lengths.filter((l) => l >= 400)) {
      const half = grid.cells.find((c) => c.length === length && c.depth === 50)!;
      assert.ok(half.evaluatedTokens! < half.promptTokens! * 0.7, `${length}-token row at 50%: read ${half.evaluatedTokens} of ${half.promptTokens} tokens`);
    }
    assert.equal(progress.length, grid.cells.length, 'one progress event per cell');
    assert.ok(progress.every((p) => p.total === grid.cells.length && p.cell && (p as { requestId?: string }).requestId === 'r1'));
    assert.deepEqual(await libraryCounts(engine), before, 'no document or passage was added or changed');
    const conversations = await engine.invoke('qa:conversations', { documentId });
    assert.equal(conversations.conversations.length, 0, 'no conversation was stored');
  });

  test('at context scale 2 the grid reaches past the trained context, and the model loaded before is loaded again after', async () => {
    const grid = await engine.invoke('eval:needles', { documentId, contextScale: 2, depths: [50], lengths: [3000] });
    assert.equal(grid.contextScale, 2);
    assert.equal(grid.contextSize, 4096);
    assert.equal(grid.trainContextSize, 2048);
    assert.deepEqual(grid.lengths, [3000]);
    assert.ok(grid.cells[0]!.promptTokens! > 3000, 'the prompt is longer than the trained context');
    const loaded = (await engine.invoke('models:loaded', {})).model;
    assert.equal(loaded?.scale, 1, 'the scale loaded before the check is back');
  });

  test('lengths past what the document and context allow are replaced by the longest that fits, and said so', async () => {
    const grid = await engine.invoke('eval:needles', { documentId, depths: [100], lengths: [256, 1_000_000] });
    assert.equal(grid.lengths.length, 2);
    assert.equal(grid.lengths[0], 256);
    assert.ok(grid.lengths[1]! < 2048 * 0.9 && grid.lengths[1]! > 1500, `longest row ${grid.lengths[1]}`);
    assert.match(grid.notes.join(' '), /1000000/);
  });

  test('stopped after its first cell, it rejects CANCELLED with the cells done and complete false', async () => {
    const controller = new AbortController();
    const running = engine.invoke('eval:needles', { documentId, depths: [0, 25, 50, 75, 100] }, { signal: controller.signal, onProgress: () => controller.abort() });
    const partial = await rejectsCancelled(running, 'eval:needles');
    assert.ok(partial, 'the grid so far comes back');
    assert.equal(partial.complete, false);
    assert.ok(partial.cells.length >= 1 && partial.cells.length < partial.lengths.length * partial.depths.length, `${partial.cells.length} cells`);
  });

  test('with no model loaded and none named, it says to load one', async () => {
    await engine.invoke('models:unload', {});
    await assert.rejects(engine.invoke('eval:needles', { documentId }), { code: 'NO_MODEL_LOADED' });
    await engine.invoke('models:load', { idOrPath: modelPath });
  });
});

describe('lectern eval needles', () => {
  test('prints one JSON object with the grid and writes the same grid to --out', async () => {
    await engine.close();
    const out = path.join(dir, 'grid.json');
    const result = await runCli(
      ['eval', 'needles', '--library', libraryDir, '--doc', documentId, '--model', modelPath, '--depths', '0,100', '--lengths', '300,600', '--out', out, '--json'],
      { home: dir, env: { LECTERN_LLM_THREADS: '1' } },
    );
    assert.equal(result.code, 0, result.stderr);
    const printed = parseSingleJson(result.stdout) as unknown as NeedleGrid & { file: string };
    assert.equal(printed.file, out);
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as NeedleGrid;
    assert.deepEqual(written.lengths, [300, 600]);
    assert.equal(written.cells.length, 4);
    assert.deepEqual({ ...printed, file: undefined }, { ...written, file: undefined });
    assert.match(result.stderr, /\[4\/4\] 600 tokens, depth 0%/);
    engine = openTestEngine(libraryDir, { llmThreads: 1 });
  });

  test('without --out the grid goes to the library’s eval folder, and the table shows a row per length', async () => {
    await engine.close();
    const result = await runCli(['eval', 'needles', '--library', libraryDir, '--doc', documentId, '--model', modelPath, '--depths', '50', '--lengths', '200'], {
      home: dir,
      env: { LECTERN_LLM_THREADS: '1' },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^200 +[✓·] +(\d+)%$/m);
    const file = /Written to (.+)$/m.exec(result.stdout)?.[1];
    assert.ok(file && file.startsWith(path.join(libraryDir, 'eval')), result.stdout);
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as NeedleGrid).cells.length, 1);
    engine = openTestEngine(libraryDir, { llmThreads: 1 });
  });
});
