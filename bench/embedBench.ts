/**
 * Hybrid search's cost, with a generated embedding GGUF (seeded random weights: its vectors are
 * noise, its speed is real for its shape):
 *   - passages embedded per second by 'embeddings:build' (node-llama-cpp embedding context, CPU);
 *   - search latency, p50/p95: fused ('search:query' with the model) beside plain BM25
 *     (PassageSearch over the same library), scoped and unscoped;
 *   - the exact vector scan alone at library scale (VectorRepository.nearest over N stored vectors).
 *
 *   npm run bench:embed -- [--docs 20] [--dim 384] [--layers 4] [--threads <cores>] [--scan 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEngine } from '../native/engine.js';
import { migrate } from '../native/store/migrate.js';
import { VectorRepository } from '../native/store/VectorRepository.js';
import { CONTRACT_BANK, SentenceMaker, seededRandom } from '../test/fixtures/seededText.js';
import { makeEmbeddingModel } from '../test/models/makeEmbeddingModel.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const docs = arg('docs', 20);
  const dim = arg('dim', 384);
  const layers = arg('layers', 4);
  const scanSize = arg('scan', 100_000);
  const threads = arg('threads', os.availableParallelism());
  const random = seededRandom(99);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-embed-bench-'));
  try {
    const modelPath = path.join(dir, 'embed.gguf');
    await makeEmbeddingModel(modelPath, { embedding: dim, heads: dim / 64, kvHeads: dim / 64, feedForward: dim * 4, layers, seed: 5 });
    const files: string[] = [];
    for (let d = 0; d < docs; d++) {
      const prose = new SentenceMaker(d + 1, CONTRACT_BANK);
      const file = path.join(dir, `contract-${d}.txt`);
      fs.writeFileSync(file, `Agreement ${d}\n\n${Array.from({ length: 60 }, () => prose.paragraph(60)).join('\n\n')}\n`);
      files.push(file);
    }
    const engine = createEngine({ libraryDir: path.join(dir, 'library'), userDataDir: path.join(dir, 'user-data'), llmThreads: threads });
    try {
      const { documents } = await engine['library:ingest']({ paths: files });
      // From choosing the model (its background run starts) until a build queued behind that run returns: every passage embedded.
      const started = performance.now();
      await engine['embeddings:use']({ idOrPath: modelPath });
      await engine['embeddings:build']({});
      const seconds = (performance.now() - started) / 1000;
      const status = await engine['embeddings:status']();
      console.log(`library: ${docs} documents, ${status.passages} passages; model: ${layers} layers, ${dim} numbers per vector, ${engine.runtime.threads} threads`);
      console.log(`embedding: ${status.embedded} passages in ${seconds.toFixed(1)} s = ${(status.embedded / seconds).toFixed(1)} passages/s (model load included)`);

      const words = ['termination', 'governing law', 'confidential information', 'assignment', 'notice period', 'payment terms', 'indemnification', 'liability cap'];
      const queries = Array.from({ length: 60 }, () => `${words[Math.floor(random() * words.length)]} ${words[Math.floor(random() * words.length)]}`);
      const ids = documents.map((d) => d.id!);
      for (const scoped of [false, true]) {
        const bm25: number[] = [];
        const fused: number[] = [];
        for (const [i, query] of queries.entries()) {
          const args = { query, limit: 10, documentIds: scoped ? [ids[i % ids.length]!] : undefined };
          let t = performance.now();
          engine.passageSearch.search(args);
          bm25.push(performance.now() - t);
          t = performance.now();
          await engine['search:query'](args);
          fused.push(performance.now() - t);
        }
        console.log(
          `search ${scoped ? 'in one document' : 'whole library  '}: BM25 p50 ${ms(percentile(bm25, 50))} p95 ${ms(percentile(bm25, 95))} | fused p50 ${ms(percentile(fused, 50))} p95 ${ms(percentile(fused, 95))} (query embedding included)`,
        );
      }
    } finally {
      await engine.close();
    }

    // The exact scan alone, at library scale: N random unit vectors of `dim` numbers.
    const db = new Database(path.join(dir, 'scan.db'));
    migrate(db);
    db.prepare(`INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES ('d', 'x', 't', 'p', 'txt', 1, 1, 'ingested', '')`).run();
    db.prepare(
      `INSERT INTO models (id, sha256, name, path, file_bytes, architecture, train_context_size, kind, added_at) VALUES ('m', 'm', 'm', 'p', 1, 'llama', 512, 'embedding', '')`,
    ).run();
    const insertPassage = db.prepare(`INSERT INTO passages (id, document_id, ord, page_start, page_end, text, word_count) VALUES (?, 'd', ?, 1, 1, '', 0)`);
    const vectors = new VectorRepository(db);
    vectors.reset('m', dim);
    const batch: Array<{ passageId: number; vector: Float32Array }> = [];
    db.transaction(() => {
      for (let i = 1; i <= scanSize; i++) insertPassage.run(i, i);
    })();
    for (let i = 1; i <= scanSize; i++) {
      batch.push({ passageId: i, vector: Float32Array.from({ length: dim }, () => random() - 0.5) });
      if (batch.length === 5000 || i === scanSize) vectors.store('m', batch.splice(0));
    }
    const scan: number[] = [];
    for (let i = 0; i < 10; i++) {
      const q = Float32Array.from({ length: dim }, () => random() - 0.5);
      const t = performance.now();
      vectors.nearest('m', q, { limit: 50 });
      scan.push(performance.now() - t);
    }
    console.log(`exact vector scan: ${scanSize} vectors of ${dim} numbers: p50 ${ms(percentile(scan, 50))} p95 ${ms(percentile(scan, 95))}`);
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
