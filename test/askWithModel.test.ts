/**
 * Question answering with a real (generated, noise-speaking) GGUF model through
 * node-llama-cpp: full-context and retrieval plans, KV prefix reuse across
 * questions, saved states restored after a restart and refused on mismatch, YaRN
 * context extension, queued questions, cancellation, and refusals of bad input.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelRecord } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { makeContractPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';

let dir: string;
let libraryDir: string;
let engine: Engine;
let model: ModelRecord;
let hugeModelPath: string;
const ids = { notes: '', contract: '' };

const open = () => openTestEngine(libraryDir, { llmThreads: 1 });

before(async () => {
  dir = makeTempDir();
  libraryDir = path.join(dir, 'library');
  const modelPath = path.join(dir, 'tiny-8k.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
  hugeModelPath = path.join(dir, 'tiny-4m.gguf');
  await makeLlamaModel(hugeModelPath, { ...TINY, contextLength: 4 * 1024 * 1024 });
  engine = open();
  const { documents } = await engine['library:ingest']({ paths: [makeMarkdownFile(dir), await makeContractPdf(dir)] });
  [ids.notes, ids.contract] = documents.map((d) => d.id!) as [string, string];
  model = await engine.models.add(modelPath);
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('answers with a loaded model', () => {
  test('without a requested extension the context is the trained one, and no RoPE scaling is applied', async () => {
    const loaded = await engine.runtime.load(model);
    assert.equal(loaded.contextSize, 8192);
    assert.equal(loaded.trainContextSize, 8192);
    assert.deepEqual(loaded.ropeScaling, { type: 'none', factor: 1, originalContextSize: 8192 });
  });

  test('a question about a document that fits is answered from the full context; every citation is in scope or marked unsupported', async () => {
    const deltas: string[] = [];
    const result = await engine['qa:ask']({ question: 'What does the nudibranch graze on?', documentIds: [ids.notes], maxTokens: 48 }, { onText: (d) => deltas.push(d) });
    assert.equal(result.mode, 'full-context');
    assert.ok(result.timings.promptTokens > 500, `prompt of ${result.timings.promptTokens} tokens holds the document`);
    assert.equal(result.timings.reusedTokens, 0);
    assert.ok(result.timings.evaluatedTokens >= result.timings.promptTokens - 1);
    assert.ok(result.timings.firstTokenMs !== null && result.timings.firstTokenMs > 0);
    if (!result.answer.startsWith('(')) assert.equal(deltas.join('').trim(), result.answer, 'the streamed deltas add up to the answer');
    const passages = new Map((await engine['library:passages']({ id: ids.notes })).passages.map((p) => [p.id, p.text]));
    for (const c of result.citations) {
      if (c.passageId === null) assert.equal(c.supported, false);
      else assert.ok(passages.get(c.passageId)!.includes(c.quote), 'quotes are verbatim passage text');
    }
    await engine.asking.settled();
    assert.equal(engine.kvStates.usage().files, 1, 'the document prefix was saved, after the answer');
  });

  test('a follow-up on the same document evaluates only its own tokens', async () => {
    const result = await engine['qa:ask']({ question: 'Which animals live in rock pools at night?', documentIds: [ids.notes], maxTokens: 16 });
    assert.equal(result.mode, 'full-context');
    assert.ok(result.timings.reusedTokens > result.timings.promptTokens * 0.8, JSON.stringify(result.timings));
    assert.ok(result.timings.evaluatedTokens < 100, JSON.stringify(result.timings));
  });

  test('a scope that does not fit is answered by retrieval with listwise re-ranking', async () => {
    const result = await engine['qa:ask']({ question: "Which state's law governs this agreement?", documentIds: [ids.contract], maxTokens: 16 });
    assert.equal(result.mode, 'retrieval');
    assert.ok(result.timings.promptTokens < 8192 * 0.9);
  });

  test('two questions at once are queued, never interleaved', async () => {
    const order: string[] = [];
    const a = engine['qa:ask']({ question: 'first question about anemones', documentIds: [ids.notes], maxTokens: 12 }, { onText: () => order.push('a') });
    const b = engine['qa:ask']({ question: 'second question about crabs', documentIds: [ids.notes], maxTokens: 12 }, { onText: () => order.push('b') });
    await Promise.all([a, b]);
    const firstB = order.indexOf('b');
    assert.ok(firstB === -1 || order.slice(firstB).every((x) => x === 'b'), order.join(''));
  });

  test('an aborted question rejects CANCELLED with the answer so far, kept in the conversation, and the engine answers the next one', async () => {
    const controller = new AbortController();
    const pending = engine['qa:ask'](
      { question: 'tell me everything about tidal pools', documentIds: [ids.notes], maxTokens: 2000 },
      {
        signal: controller.signal,
        onText: () => controller.abort(),
      },
    );
    const stopped = await rejectsCancelled(pending, 'qa:ask');
    assert.ok(stopped, 'the CANCELLED error carries the answer so far');
    const kept = (await engine['qa:messages']({ conversationId: stopped.conversationId })).messages.at(-1);
    assert.deepEqual({ role: kept?.role, text: kept?.text }, { role: 'assistant', text: stopped.answer }, 'the conversation keeps the stopped answer');
    const next = await engine['qa:ask']({ question: 'and the anemones?', documentIds: [ids.notes], maxTokens: 8 });
    assert.equal(next.mode, 'full-context');
  });
});

describe('saved reading states', () => {
  test('after a restart the saved state is restored: the first question evaluates only its own tokens', async () => {
    await engine.close();
    engine = open();
    await engine.runtime.load(model);
    const result = await engine['qa:ask']({ question: 'What grazes beside the anemone?', documentIds: [ids.notes], maxTokens: 8 });
    assert.equal(result.mode, 'full-context');
    assert.ok(result.timings.evaluatedTokens < 100, JSON.stringify(result.timings));
  });

  test('a state whose manifest names another model is refused, never loaded, and the document is read again', async () => {
    await engine.close();
    const stateDir = path.join(libraryDir, 'kv-cache');
    for (const f of fs.readdirSync(stateDir).filter((f) => f.endsWith('.json'))) {
      const file = path.join(stateDir, f);
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), modelSha256: 'f'.repeat(64) }));
    }
    engine = open();
    const loaded = await engine.runtime.load(model);
    const stateFile = fs.readdirSync(stateDir).find((f) => f.endsWith('.state'))!;
    assert.throws(() => engine.kvStates.checkManifest(path.join(stateDir, stateFile), loaded, 'x', 1), { code: 'KV_STATE_MISMATCH', message: /different model/ });
    const result = await engine['qa:ask']({ question: 'What grazes beside the anemone?', documentIds: [ids.notes], maxTokens: 8 });
    assert.ok(result.timings.evaluatedTokens > 500, 'the refused state was not used; the document was evaluated again');
  });

  /** Restarts the engine with the model loaded, after `damage` ran on the closed library; returns the discard events of the next question. */
  const askAfter = async (damage: (stateFile: string) => void) => {
    await engine.asking.settled();
    await engine.close();
    const stateDir = path.join(libraryDir, 'kv-cache');
    const states = fs.readdirSync(stateDir).filter((f) => f.endsWith('.state'));
    assert.equal(states.length, 1, 'one saved state to damage');
    damage(path.join(stateDir, states[0]!));
    engine = open();
    await engine.runtime.load(model);
    const discarded: string[] = [];
    const stop = engine.on('qa:stateDiscarded', (e) => discarded.push(e.code));
    const result = await engine['qa:ask']({ question: 'What grazes beside the anemone?', documentIds: [ids.notes], maxTokens: 8 });
    await engine.asking.settled();
    stop();
    return {
      result,
      discarded,
      states: fs
        .readdirSync(stateDir)
        .filter((f) => f.endsWith('.state'))
        .map((f) => path.join(stateDir, f)),
    };
  };

  test('a truncated state does not fail the question: it is discarded once, the document is read again, and a whole state replaces it', async () => {
    let cut = 0;
    const { result, discarded, states } = await askAfter((file) => {
      cut = Math.floor(fs.statSync(file).size / 2);
      fs.truncateSync(file, cut);
    });
    assert.equal(result.mode, 'full-context');
    assert.ok(result.timings.evaluatedTokens > 500, 'the document was read again');
    assert.deepEqual(discarded, ['KV_STATE_DAMAGED']);
    assert.equal(states.length, 1);
    assert.ok(fs.statSync(states[0]!).size > cut, 'the saved state is whole again');
    assert.equal(engine.kvStates.usage().files, 1);
  });

  test('a state with 64 KB overwritten inside (manifest intact) is caught by its checksum and never loaded; the answer is computed fresh', async () => {
    const { result, discarded } = await askAfter((file) => {
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, Math.floor(fs.fstatSync(fd).size / 3));
      fs.closeSync(fd);
    });
    assert.deepEqual(discarded, ['KV_STATE_DAMAGED']);
    assert.ok(result.timings.evaluatedTokens > 500, 'the damaged state was not used');
    assert.equal(engine.kvStates.usage().files, 1, 'and a new one was saved');
  });

  test('temporary files of a crashed save are removed when the library opens, and counted against the budget until then', async () => {
    await engine.asking.settled();
    const stateDir = path.join(libraryDir, 'kv-cache');
    const state = fs.readdirSync(stateDir).find((f) => f.endsWith('.state'))!;
    const usage = engine.kvStates.usage();
    // A pid that no process holds: the save of a process that crashed.
    const orphan = path.join(stateDir, `${state}.999999999.tmp`);
    fs.copyFileSync(path.join(stateDir, state), orphan);
    assert.equal(engine.kvStates.usage().bytes, usage.bytes + fs.statSync(orphan).size, 'a stray file counts against the budget');
    await engine.close();
    engine = open();
    assert.equal(fs.existsSync(orphan), false, 'removed on open');
    assert.deepEqual(engine.kvStates.usage(), usage);
  });

  test("a copy of the library folder uses its own states: clearing the copy's cache leaves the original's files", async () => {
    await engine.asking.settled();
    await engine.close();
    const stateDir = path.join(libraryDir, 'kv-cache');
    const before = fs.readdirSync(stateDir).sort();
    assert.ok(before.some((f) => f.endsWith('.state')));
    const copyDir = path.join(dir, 'library-copy');
    fs.cpSync(libraryDir, copyDir, { recursive: true });
    const copy = openTestEngine(copyDir, { llmThreads: 1 });
    try {
      assert.equal(copy.kvStates.usage().files, 1, 'the copy knows its own saved state');
      assert.ok((await copy['kv:clear']()).freedBytes > 0);
      assert.deepEqual(fs.readdirSync(path.join(copyDir, 'kv-cache')), [], "the copy's states are gone");
    } finally {
      await copy.close();
    }
    assert.deepEqual(fs.readdirSync(stateDir).sort(), before, "the original's states are untouched");
    engine = open();
    await engine.runtime.load(model);
    const restored = await engine['qa:ask']({ question: 'anemones?', documentIds: [ids.notes], maxTokens: 4 });
    assert.ok(restored.timings.evaluatedTokens < 100, 'and the original still restores them');
  });

  test('the disk budget evicts least-recently-used states, and clearing frees everything', async () => {
    assert.ok(engine.kvStates.usage().files >= 1);
    const usage = await engine['kv:setBudget']({ bytes: 0 });
    assert.equal(usage.files, 0);
    await engine['kv:setBudget']({ bytes: 2 * 1024 ** 3 });
    const again = await engine['qa:ask']({ question: 'anemones?', documentIds: [ids.notes], maxTokens: 4 });
    assert.ok(again.timings.evaluatedTokens < 100, 'the prefix was still held in memory');
    await engine.asking.settled();
    assert.equal(engine.kvStates.usage().files, 1, 'and its evicted state was saved again');
    await engine.runtime.load(model);
    await engine['qa:ask']({ question: 'anemones?', documentIds: [ids.notes], maxTokens: 4 });
    await engine.asking.settled();
    assert.equal(engine.kvStates.usage().files, 1);
    const { freedBytes } = await engine['kv:clear']();
    assert.ok(freedBytes > 0);
    assert.equal(engine.kvStates.usage().files, 0);
  });

  test('pre-reading saves a document ahead of its first question, even one already held in memory', async () => {
    const status = async () => (await engine.invoke('qa:prereadStatus', { documentIds: [ids.notes] })).statuses[0]!.state;
    assert.equal(await status(), 'not-read');
    await engine['qa:ask']({ question: 'anemones?', documentIds: [ids.notes], maxTokens: 4 });
    await engine['kv:clear']();
    assert.equal(await status(), 'not-read', 'held in memory, but no saved state');
    const summary = await engine['qa:preread']({ documentIds: [ids.notes] });
    assert.equal(await status(), 'read');
    assert.equal(summary.mode, 'full-context');
    assert.ok(summary.stateBytes > 0);
    assert.ok(engine.kvStates.usage().files >= 1);
  });
});

describe('context extension and refusals', () => {
  test('scale 2 loads twice the trained context with YaRN, and says so', async () => {
    const loaded = await engine.runtime.load(model, { contextScale: 2 });
    assert.equal(loaded.contextSize, 16384);
    assert.deepEqual(loaded.ropeScaling, { type: 'yarn', factor: 2, originalContextSize: 8192 });
  });

  test('a context too large for memory is refused with the numbers, and the engine stays usable', async () => {
    const huge = await engine.models.add(hugeModelPath);
    await assert.rejects(engine.runtime.load(huge, { contextScale: 8 }), { code: 'CONTEXT_TOO_LARGE', message: /GiB/ });
    const loaded = await engine.runtime.load(model);
    assert.equal(loaded.contextSize, 8192);
  });

  test('an empty question is refused and a question over an unknown document names it', async () => {
    await assert.rejects(engine['qa:ask']({ question: '' }), { code: 'EMPTY_QUESTION' });
    await assert.rejects(engine['qa:ask']({ question: 'x', documentIds: ['nope'] }), { code: 'DOCUMENT_NOT_FOUND' });
  });
});
