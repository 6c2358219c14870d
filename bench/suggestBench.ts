/**
 * Suggestion latency at library scale: 1,000 generated contracts with their entities (see
 * buildEntityBenchLibrary; cached under .bench/) and a user with 10,000 recorded events.
 * Prints p50/p95 of `suggest:get` for a document without a model, for that user and, in
 * the same run on the same documents, for a user with an empty profile (the baseline), plus
 * the page and library views, autocomplete, and the time to record one event.
 *
 *   npm run bench:suggest [-- --documents 1000 --events 10000 --library DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CommandArgs } from '../native/api/commands.js';
import { createEngine } from '../native/engine.js';
import { ProfileStore } from '../native/knowledge/ProfileStore.js';
import { profileRepositories } from '../native/store/profileRepositories.js';
import { AliasSampler } from './AliasSampler.js';
import { openEntityBenchLibrary } from './buildEntityBenchLibrary.js';
import { seededRandom, type Random } from './seededRandom.js';

const DAY = 24 * 60 * 60 * 1000;
const SAMPLES = 200;
const WARM_UP = 20;
const TARGET_P95_MS = 100;

function flag(args: string[], name: string, fallback: number | string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : String(fallback);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `p50 ${percentile(values, 50).toFixed(2)} ms  p95 ${percentile(values, 95).toFixed(2)} ms  mean ${mean.toFixed(2)} ms  (n=${values.length})`;
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const documents = Number(flag(args, '--documents', 1000));
  const eventCount = Number(flag(args, '--events', 10_000));
  const params = { documents, passagesPerDocument: 36, seed: 11, generatorVersion: 2 };
  const dir = path.resolve(flag(args, '--library', path.join('.bench', `suggest-${documents}x${params.passagesPerDocument}-seed${params.seed}`)));
  const log = (line: string) => console.log(line);

  const buildStart = performance.now();
  const state = openEntityBenchLibrary(dir, params, log);
  const built = performance.now() - buildStart > 2000;
  console.log(
    `library: ${state.documentIds.length} documents, ${state.counts.passages} passages, ${state.counts.entities} entities, ` +
      `${state.counts.documentEntities} document-entity rows, ${state.counts.mentions} mentions (${built ? `built in ${(state.buildMs / 1000).toFixed(1)} s` : `cached in ${dir}`}; ` +
      `${(fs.statSync(path.join(dir, 'library.sqlite')).size / 1024 / 1024).toFixed(0)} MiB)`,
  );

  const engine = createEngine({ libraryDir: dir, pdfWorkers: 1 });
  try {
    // Fresh users every run, so the profile is exactly the events recorded below.
    const names = new Set(engine.profiles.listUsers().map((u) => u.name));
    for (const name of ['bench-reader', 'bench-new']) {
      if (names.has(name)) engine.profiles.deleteUser(name);
      engine.profiles.createUser(name);
    }

    // The reader's history: 60 days, mostly in a few hundred documents, about a handful of favourite topics and terms.
    const random = seededRandom(params.seed, 2);
    let clock = Date.now() - 60 * DAY;
    const profiles = new ProfileStore(profileRepositories(engine.db), () => clock);
    const visited = state.documentIds.slice(0, Math.min(300, state.documentIds.length));
    const visitSampler = new AliasSampler(visited.map((_, r) => 1 / (r + 3)));
    const favouriteTopics = state.topics.slice(5, 13);
    const favouriteTerms = state.terms.slice(10, 18);
    const passageRange = engine.db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM passages WHERE document_id = ?');
    const passageText = engine.db.prepare('SELECT text FROM passages WHERE id = ?');
    const recordMs: number[] = [];
    const byType = new Map<string, number[]>();
    for (let i = 0; i < eventCount; i++) {
      clock += (60 * DAY) / eventCount;
      const documentId = visited[visitSampler.sample(random)]!;
      const roll = random();
      const topic = random() < 0.7 ? pick(favouriteTopics, random) : pick(state.topics, random);
      const term = random() < 0.7 ? pick(favouriteTerms, random) : pick(state.terms, random);
      const { lo, hi } = passageRange.get(documentId) as { lo: number; hi: number };
      const passageId = lo + Math.floor(random() * (hi - lo + 1));
      let event: CommandArgs<'events:record'>;
      if (roll < 0.15) event = { user: 'bench-reader', type: 'open', documentId };
      else if (roll < 0.55) event = { user: 'bench-reader', type: 'read', documentId, page: 1 + Math.floor(random() * 12), dwellMs: 3_000 + Math.floor(random() * 117_000) };
      else if (roll < 0.7) event = { user: 'bench-reader', type: 'search', documentId, text: random() < 0.5 ? topic : term };
      else if (roll < 0.85)
        event = { user: 'bench-reader', type: 'question', documentId, text: random() < 0.5 ? `What does the agreement say about ${topic}?` : `What does “${term}” mean here?` };
      else if (roll < 0.95) event = { user: 'bench-reader', type: 'click', documentId, passageId };
      else event = { user: 'bench-reader', type: 'highlight', documentId, text: (passageText.get(passageId) as { text: string }).text.slice(0, 300) };
      const start = performance.now();
      profiles.record(event);
      const ms = performance.now() - start;
      recordMs.push(ms);
      byType.set(event.type, [...(byType.get(event.type) ?? []), ms]);
    }
    const profile = engine.profiles.profile('bench-reader', 5);
    console.log(
      `\nprofile: ${profile.events} events kept, ${(engine.db.prepare('SELECT count(*) AS n FROM user_entities WHERE user_id = ?').get(engine.profiles.userId('bench-reader')) as { n: number }).n} entities learnt; ` +
        `top interests ${profile.interests.map((i) => i.entity).join(', ')}`,
    );
    console.log(`record an event        ${summary(recordMs)}`);
    for (const [type, values] of [...byType].sort()) console.log(`  ${type.padEnd(20)} ${summary(values)}`);

    // Suggestions for documents: the reader (10,000 events) and a new user, same documents, interleaved.
    const sampleRandom = seededRandom(params.seed, 3);
    const targets = Array.from({ length: SAMPLES + WARM_UP }, () => pick(state.documentIds, sampleRandom));
    const personal: number[] = [];
    const baseline: number[] = [];
    const pages: number[] = [];
    for (let i = 0; i < targets.length; i++) {
      const documentId = targets[i]!;
      const order = i % 2 === 0 ? (['bench-reader', 'bench-new'] as const) : (['bench-new', 'bench-reader'] as const);
      for (const user of order) {
        const start = performance.now();
        const { suggestions } = await engine.invoke('suggest:get', { user, documentId });
        const ms = performance.now() - start;
        if (suggestions.length < 3) throw new Error(`only ${suggestions.length} suggestions for ${documentId}`);
        if (i >= WARM_UP) (user === 'bench-reader' ? personal : baseline).push(ms);
      }
      const start = performance.now();
      await engine.invoke('suggest:get', { user: 'bench-reader', documentId, page: 1 + (i % 12) });
      if (i >= WARM_UP) pages.push(performance.now() - start);
    }
    const library: number[] = [];
    const completions: number[] = [];
    for (let i = 0; i < 60; i++) {
      let start = performance.now();
      await engine.invoke('suggest:get', { user: 'bench-reader' });
      if (i >= 10) library.push(performance.now() - start);
      const prefix = pick(state.topics, sampleRandom).slice(0, 2 + (i % 4));
      start = performance.now();
      await engine.invoke('suggest:autocomplete', { user: 'bench-reader', prefix });
      if (i >= 10) completions.push(performance.now() - start);
    }

    console.log(`\nsuggest:get for a document, no model (${SAMPLES} documents, after ${WARM_UP} warm-up calls):`);
    console.log(`  reader, ${String(profile.events).padEnd(6)} events  ${summary(personal)}`);
    console.log(`  baseline, empty profile ${summary(baseline)}`);
    console.log(`  reader, a page          ${summary(pages)}`);
    console.log(`  reader, library view    ${summary(library)}`);
    console.log(`suggest:autocomplete      ${summary(completions)}`);
    const p95 = percentile(personal, 95);
    console.log(
      `\ntarget: p95 ≤ ${TARGET_P95_MS} ms for a document with a ${eventCount}-event profile: ${p95.toFixed(2)} ms ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} ` +
        `(${(p95 / percentile(baseline, 95)).toFixed(2)}× the empty-profile p95)`,
    );
  } finally {
    await engine.close();
  }
}

await main();
