/**
 * Hybrid search with a real (generated, noise-making) GGUF embedding model through
 * node-llama-cpp's embedding context: nothing changes without one; registering one embeds
 * every passage in the background with progress; later imports embed only their passages;
 * search fuses BM25 with the nearest vectors by reciprocal rank; a build can be cancelled and
 * goes on later; a model file replaced by one with another vector length is rebuilt, with a
 * message, leaving other models' vectors alone; YaRN extends the embedding context.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EngineEvents } from '../native/api/commands.js';
import type { ModelRecord } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { fuseRankings } from '../native/search/fuseRankings.js';
import { VectorRepository } from '../native/store/VectorRepository.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { makeMarkdownFile, makePlainTextFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeEmbeddingModel } from './models/makeEmbeddingModel.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let engine: Engine;
let embedder: ModelRecord;
let embedderPath: string;
const QUERIES = ['nudibranch graze', 'tidal pools at low water', 'the western isles ferry', 'anemone'];

/** Waits for an engine event that satisfies `accept`, or fails after `ms`. */
function nextEvent<E extends keyof EngineEvents>(name: E, accept: (payload: EngineEvents[E]) => boolean, ms = 60_000): Promise<EngineEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${ms} ms`));
    }, ms);
    const off = engine.on(name, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls until every passage has a vector of the chosen model and nothing runs. */
async function allEmbedded(ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await engine['embeddings:status']();
    if (s.model && s.embedded === s.passages && !s.running) return;
    if (Date.now() > deadline) assert.fail(`not all passages embedded: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function vectorRows(modelId: string): Map<number, Buffer> {
  const rows = engine.db.prepare('SELECT passage_id, vector FROM passage_vectors WHERE model_id = ?').all(modelId) as Array<{ passage_id: number; vector: Buffer }>;
  return new Map(rows.map((r) => [r.passage_id, r.vector]));
}

/** A text of `paragraphs` paragraphs: one passage each, enough to span several stored batches. */
function makeLongText(file: string, paragraphs: number, seed: number): string {
  const prose = new SentenceMaker(seed, NARRATIVE_BANK);
  fs.writeFileSync(file, `Long notes ${seed}\n\n${Array.from({ length: paragraphs }, () => prose.paragraph(40)).join('\n\n')}\n`);
  return file;
}

before(async () => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 1 });
  await engine['library:ingest']({ paths: [makeMarkdownFile(dir)] });
  embedderPath = path.join(dir, 'embed-64.gguf');
  await makeEmbeddingModel(embedderPath, { embedding: 64, seed: 7 });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('hybrid search with a generated embedding model', () => {
  test('without an embedding model, search results are exactly BM25’s, and a chat model registered changes nothing', async () => {
    const chatPath = path.join(dir, 'chat.gguf');
    await makeLlamaModel(chatPath, TINY);
    const { model: chat } = await engine['models:add']({ pathOrUri: chatPath });
    assert.equal(chat.kind, 'chat');
    const status = await engine['embeddings:status']();
    assert.equal(status.model, null);
    assert.equal(status.embedded, 0);
    assert.ok(status.passages > 0);
    for (const query of QUERIES) {
      const { results } = await engine['search:query']({ query, limit: 10 });
      assert.deepEqual(results, engine.passageSearch.searchOrOverview({ query, limit: 10 }), query);
    }
    await assert.rejects(
      engine['embeddings:use']({ idOrPath: chat.id }),
      (e: { code?: string; message?: string }) => e.code === 'INVALID_ARGUMENT' && /chat model/.test(e.message!),
    );
    assert.equal((await engine['embeddings:status']()).model, null);
    await assert.rejects(engine['embeddings:build']({}), (e: { code?: string }) => e.code === 'NO_MODEL_LOADED');
  });

  test('registering an embedding model makes it the library’s and embeds every passage in the background, reporting progress to the end', async () => {
    const finished = nextEvent('embeddings:progress', (p) => p.total > 0 && p.done === p.total);
    const { model } = await engine['models:add']({ pathOrUri: embedderPath });
    embedder = model;
    assert.equal(model.kind, 'embedding');
    const progress = await finished;
    assert.equal(progress.modelId, model.id);
    await allEmbedded();
    const status = await engine['embeddings:status']();
    assert.equal(status.model?.id, model.id);
    assert.equal(status.dimension, 64);
    const rows = vectorRows(model.id);
    assert.equal(rows.size, status.passages);
    for (const blob of rows.values()) {
      assert.equal(blob.byteLength, 64 * 4);
      const v = new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-4, `stored at unit length, not ${norm}`);
    }
  });

  test('search fuses the BM25 ranking and the vector ranking by reciprocal rank (k = 60)', async () => {
    const vectors = new VectorRepository(engine.db);
    for (const query of QUERIES) {
      const { results } = await engine['search:query']({ query, limit: 8 });
      const bm25 = engine.passageSearch.search({ query, limit: 50 }).map((h) => h.passageId);
      const q = await engine.embeddings.queryVector(query);
      assert.ok(q, 'the query has a vector');
      const nearest = vectors.nearest(embedder.id, q.vector, { limit: 50 }).map((m) => m.passageId);
      const expected = fuseRankings([bm25, nearest], { limit: 8 });
      assert.deepEqual(
        results.map((r) => r.passageId),
        expected.map((f) => f.id),
        query,
      );
    }
  });

  test('a query that shares no word with any passage still finds passages by meaning, scoped to the documents asked', async () => {
    const query = 'zyxwvut qqqq';
    assert.deepEqual(engine.passageSearch.search({ query }), []);
    const { results } = await engine['search:query']({ query, limit: 5 });
    assert.equal(results.length, 5);
    for (const hit of results) {
      assert.deepEqual(hit.snippetMarks, []);
      assert.ok(hit.text.startsWith(hit.snippet.replace(/…$/, '')));
    }
    const [first] = engine.documents.list();
    const scoped = await engine['search:query']({ query, documentIds: [first!.id], limit: 50 });
    assert.ok(scoped.results.length > 0);
    assert.ok(scoped.results.every((h) => h.documentId === first!.id));
  });

  test('importing another document embeds only its passages; vectors already stored stay as they were', async () => {
    const before = vectorRows(embedder.id);
    const started = nextEvent('embeddings:progress', (p) => p.done === 0);
    const { documents } = await engine['library:ingest']({ paths: [makePlainTextFile(dir)] });
    const added = engine.documents.passages(documents[0]!.id!).length;
    const first = await started;
    assert.equal(first.total, added, 'the background run embeds the new passages only');
    await allEmbedded();
    const now = vectorRows(embedder.id);
    assert.equal(now.size, before.size + added);
    for (const [id, blob] of before) assert.ok(blob.equals(now.get(id)!), `passage ${id} kept its vector`);
  });

  test('a build cancelled through its signal rejects CANCELLED, keeps the whole batches stored, and the next build embeds the rest', async () => {
    await engine['library:ingest']({ paths: [makeLongText(path.join(dir, 'long.txt'), 360, 3)] });
    await allEmbedded();
    engine.db.prepare('DELETE FROM passage_vectors WHERE model_id = ?').run(embedder.id);
    const total = (await engine['embeddings:status']()).passages;
    assert.ok(total > 64, `${total} passages span several batches`);
    const controller = new AbortController();
    await assert.rejects(
      engine['embeddings:build']({}, { signal: controller.signal, onProgress: (p) => p.done >= 32 && controller.abort() }),
      (e: { code?: string }) => e.code === 'CANCELLED',
    );
    const kept = vectorRows(embedder.id).size;
    assert.ok(kept >= 32 && kept < total && kept % 32 === 0, `${kept} vectors: whole batches only`);
    const result = await engine['embeddings:build']({});
    assert.equal(result.total, total - kept);
    assert.equal(result.embedded, total - kept);
    assert.equal(vectorRows(embedder.id).size, total);
  });

  test('a model file replaced by one with another vector length: search falls back to words, old vectors are dropped with a clear message and rebuilt; another model’s vectors stay', async () => {
    // A second embedding model with its own vectors.
    const otherPath = path.join(dir, 'embed-other.gguf');
    await makeEmbeddingModel(otherPath, { embedding: 64, seed: 11 });
    const other = (await engine['models:add']({ pathOrUri: otherPath })).model;
    await engine['embeddings:use']({ idOrPath: other.id });
    await allEmbedded();
    const otherVectors = vectorRows(other.id);
    await engine['embeddings:use']({ idOrPath: embedder.id });
    await allEmbedded();
    const stored = vectorRows(embedder.id).size;

    // Written beside it and renamed over it, as a download or a copy replaces a file (the loaded one stays mapped intact).
    const replacement = path.join(dir, 'embed-32.gguf');
    await makeEmbeddingModel(replacement, { embedding: 32, seed: 7 });
    fs.renameSync(replacement, embedderPath);
    const changed = nextEvent('embeddings:dimensionChanged', () => true);
    const query = QUERIES[0]!;
    const { results } = await engine['search:query']({ query, limit: 10 });
    assert.deepEqual(results, engine.passageSearch.search({ query, limit: 10 }), 'words alone while the vectors do not match');
    const notice = await changed;
    assert.equal(notice.modelId, embedder.id);
    assert.equal(notice.code, 'EMBEDDING_DIMENSION_CHANGED');
    assert.match(notice.message, /32 numbers/);
    assert.match(notice.message, /had 64/);
    assert.match(notice.message, new RegExp(`${stored} old vectors were dropped`));
    await allEmbedded();
    const status = await engine['embeddings:status']();
    assert.equal(status.dimension, 32);
    const rebuilt = vectorRows(embedder.id);
    assert.equal(rebuilt.size, status.passages);
    for (const blob of rebuilt.values()) assert.equal(blob.byteLength, 32 * 4);
    const otherAfter = vectorRows(other.id);
    assert.equal(otherAfter.size, otherVectors.size);
    for (const [id, blob] of otherVectors) assert.ok(blob.equals(otherAfter.get(id)!));
  });

  test('the embedding context extends with YaRN: scale 2 gives twice the trained context', async () => {
    const status = await engine['embeddings:use']({ idOrPath: embedder.id, contextScale: 2 });
    assert.equal(status.contextScale, 2);
    assert.equal(status.contextSize, embedder.trainContextSize * 2);
    await allEmbedded();
  });

  test('removing the embedding model removes its vectors, and search is BM25 again', async () => {
    await engine['models:remove']({ id: embedder.id });
    assert.equal(vectorRows(embedder.id).size, 0);
    assert.equal((await engine['embeddings:status']()).model, null);
    for (const query of QUERIES) {
      const { results } = await engine['search:query']({ query, limit: 10 });
      assert.deepEqual(results, engine.passageSearch.searchOrOverview({ query, limit: 10 }), query);
    }
  });
});
