/**
 * Search latency as web mode's clients see it while a big book is imported into the same
 * engine: 20 WebSocket clients, each sending a search and waiting for its reply, first with
 * nothing else running, then while a generated 350-page book is ingested. Both phases run in
 * this process, one after the other, so the machine's load is the same for both.
 *
 *   npm run bench:search -- --under-ingest [--clients 20] [--pages 350] [--quiet-seconds 10]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { WireReply } from '../native/api/wire.js';
import { createEngine } from '../native/engine.js';
import { startWebServer } from '../native/server/WebServer.js';
import { makeBenchBook } from './makeBenchBook.js';

const TARGET_P95_MS = 150;

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** One client: search, wait for the reply, search again, until `running()` says stop. */
async function client(url: string, queries: string[], offset: number, running: () => boolean, samples: number[]): Promise<void> {
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(url);
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  const pending = new Map<number, (r: WireReply) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as WireReply | { event: string };
    if ('id' in m) pending.get(m.id)?.(m);
  });
  let id = 0;
  for (let i = offset; running(); i++) {
    const query = queries[i % queries.length]!;
    const requestId = ++id;
    const started = performance.now();
    const reply = await new Promise<WireReply>((resolve) => {
      pending.set(requestId, resolve);
      ws.send(JSON.stringify({ id: requestId, command: 'search:query', args: { query, limit: 10 } }));
    });
    pending.delete(requestId);
    if (!reply.ok) throw new Error(`search failed: ${reply.error.message}`);
    samples.push(performance.now() - started);
  }
  ws.close();
}

export async function runSearchUnderIngest(args: string[]): Promise<void> {
  const clients = flag(args, '--clients', 20);
  const pages = flag(args, '--pages', 350);
  const quietSeconds = flag(args, '--quiet-seconds', 10);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-ingest-'));
  const engine = createEngine({ libraryDir: path.join(work, 'library'), userDataDir: path.join(work, 'user-data') });
  try {
    console.log(
      `search under ingest: ${clients} WebSocket clients, a ${pages}-page generated book, ${os.availableParallelism()} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // Something to search before the book arrives: a shorter book of the same prose.
    const seed = await makeBenchBook(work, 60);
    const book = await makeBenchBook(work, pages);
    await engine['library:ingest']({ paths: [seed] });
    const words = engine.db
      .prepare<[], { text: string }>('SELECT text FROM passages ORDER BY id LIMIT 400')
      .all()
      .flatMap((p) => p.text.toLowerCase().match(/\p{L}{5,}/gu) ?? []);
    const queries = Array.from({ length: 500 }, (_, i) => `${words[(i * 7919) % words.length]} ${words[(i * 104729 + 13) % words.length]}`);

    const server = await startWebServer({ engine, rendererDir: path.join(work, 'no-renderer') });
    const url = `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(server.token)}`;
    try {
      const phase = async (label: string, during: () => Promise<unknown>): Promise<{ label: string; samples: number[]; ms: number }> => {
        const samples: number[] = [];
        let done = false;
        const started = performance.now();
        const loops = Array.from({ length: clients }, (_, c) => client(url, queries, c * 25, () => !done, samples));
        await during();
        done = true;
        await Promise.all(loops);
        return { label, samples, ms: performance.now() - started };
      };
      const quiet = await phase('no ingest', () => new Promise((r) => setTimeout(r, quietSeconds * 1000)));
      let ingestMs = 0;
      const busy = await phase(`ingesting ${pages} pages`, async () => {
        const t = performance.now();
        const { documents } = await engine['library:ingest']({ paths: [book] });
        ingestMs = performance.now() - t;
        if (documents[0]!.status !== 'ingested') throw new Error(`the book was not ingested: ${JSON.stringify(documents[0])}`);
      });
      console.log('');
      console.log(`${'phase'.padEnd(24)}${'searches'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'max ms'.padStart(10)}`);
      for (const p of [quiet, busy]) {
        const cell = (v: number) => v.toFixed(1).padStart(10);
        console.log(
          `${p.label.padEnd(24)}${String(p.samples.length).padStart(10)}${cell(percentile(p.samples, 0.5))}${cell(percentile(p.samples, 0.95))}${cell(percentile(p.samples, 0.99))}${cell(Math.max(...p.samples))}`,
        );
      }
      const p95 = percentile(busy.samples, 0.95);
      console.log('');
      console.log(`ingest      ${(ingestMs / 1000).toFixed(1)} s for ${pages} pages while searching`);
      console.log(`target p95  ${p95 <= TARGET_P95_MS ? 'PASS' : 'MISS'} (${p95.toFixed(1)} ms under ingest, target ≤ ${TARGET_P95_MS} ms)`);
      console.log(
        `load        ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} (1/5/15 min) at the end: other work on this machine skews both phases`,
      );
    } finally {
      await server.close();
    }
  } finally {
    await engine.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
