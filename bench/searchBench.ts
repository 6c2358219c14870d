/**
 * Unscoped search latency at a million passages: Lectern's PassageSearch against a
 * naive FTS5 query (every question word quoted and OR-ed, ranked by bm25) over the
 * same index, in the same process, plus a check that the fast path still finds what
 * the full query finds.
 *
 *   npm run bench:search -- --under-ingest [--clients 20] [--pages 350]
 *                           20 WebSocket clients searching while a 350-page book is imported (searchUnderIngest.ts)
 *   npm run bench:search -- [--library DIR] [--documents 5000] [--passages-per-document 200]
 *                           [--seed 42] [--questions 1000] [--naive 100] [--no-optimize]
 *
 * The generated library is cached (by default under .bench/ in the repository) and
 * reused while its parameters match. By default its FTS5 index is optimized (merged
 * into one segment) once after building, as a library would be on idle;
 * `--no-optimize` measures the index as the import left it.
 */
import { PassageIndex } from '../native/store/PassageIndex.js';
import { DefinedTermReader } from '../native/store/DefinedTermReader.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { PassageSearch } from '../native/search/PassageSearch.js';
import { ftsString, queryWords } from '../native/search/queryWords.js';
import { generateQuestions, type BenchQuestion } from './generateQuestions.js';
import { openBenchLibrary, type BenchLibraryParams } from './openBenchLibrary.js';
import { SyntheticVocabulary } from './SyntheticVocabulary.js';
import { runSearchUnderIngest } from './searchUnderIngest.js';

const TARGET_P50_MS = 10;
const TARGET_P95_MS = 50;
const WARMUP_QUESTIONS = 50;
const LIMIT = 10;

interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number, got "${args[i + 1]}"`);
  return value;
}

function latency(samples: number[]): Latency {
  if (samples.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]!, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function row(name: string, l: Latency): string {
  const cell = (v: number): string => v.toFixed(2).padStart(9);
  return `${name.padEnd(30)}${String(l.n).padStart(6)}${cell(l.p50)}${cell(l.p95)}${cell(l.p99)}${cell(l.max)}${cell(l.mean)}`;
}

/** The question's words, each quoted, OR-ed: what a plain FTS5 integration would run. */
function naiveMatch(question: string): string {
  return queryWords(question).all.map(ftsString).join(' OR ');
}

/** Per content word: its stem's document frequency (0 when absent), via the index's own tokenizer. */
function documentFrequencies(db: Database): (words: string[]) => number[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_stem USING fts5 (t, tokenize = 'porter unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_stem_terms USING fts5vocab (temp, bench_stem, 'instance');`);
  const stems = db.prepare<[], { term: string; offset: number }>('SELECT term, offset FROM temp.bench_stem_terms');
  const df = db.prepare<[string], { doc: number }>('SELECT doc FROM passage_search_terms WHERE term = ?');
  return (words) => {
    db.prepare('DELETE FROM temp.bench_stem').run();
    db.prepare('INSERT INTO temp.bench_stem (rowid, t) VALUES (1, ?)').run(words.join(' '));
    const out = words.map(() => 0);
    for (const { term, offset } of stems.all()) if (offset < words.length) out[offset] = df.get(term)?.doc ?? 0;
    return out;
  };
}

function overlap(a: number[], reference: number[]): number | null {
  if (reference.length === 0) return null;
  const set = new Set(a);
  return reference.filter((id) => set.has(id)).length / reference.length;
}

function mean(values: Array<number | null>): string {
  const v = values.filter((x): x is number => x !== null);
  return v.length === 0 ? 'n/a' : `${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)} (n=${v.length})`;
}

function main(): void {
  const args = process.argv.slice(2);
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const params: BenchLibraryParams = {
    documents: flag(args, '--documents', 5_000),
    passagesPerDocument: flag(args, '--passages-per-document', 200),
    seed: flag(args, '--seed', 42),
    vocabularySize: 400_000,
    generatorVersion: 1,
  };
  const questionCount = flag(args, '--questions', 1_000);
  const naiveCount = Math.min(questionCount, flag(args, '--naive', 100));
  const optimize = !args.includes('--no-optimize');
  const libraryFlag = args.indexOf('--library');
  const dir =
    libraryFlag >= 0
      ? path.resolve(args[libraryFlag + 1]!)
      : path.join(repoRoot, '.bench', `search-${params.documents}x${params.passagesPerDocument}-seed${params.seed}${optimize ? '' : '-unoptimized'}`);
  const log = (line: string): void => console.log(line);

  console.log(
    `search benchmark: ${params.documents} documents × ${params.passagesPerDocument} passages, seed ${params.seed}, ${os.availableParallelism()} cores, SQLite library in ${dir}`,
  );
  const vocabulary = new SyntheticVocabulary({ size: params.vocabularySize, seed: params.seed });
  const { db, state, built } = openBenchLibrary(dir, params, vocabulary, { optimize, log });
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

  const questions = generateQuestions(db, vocabulary, questionCount + WARMUP_QUESTIONS, params.seed);
  const warmup = questions.slice(0, WARMUP_QUESTIONS);
  const measured = questions.slice(WARMUP_QUESTIONS);

  const search = new PassageSearch(new PassageIndex(db), new DefinedTermReader(db));
  const first = timed(() => search.search({ query: warmup[0]!.text, limit: LIMIT }));
  for (const q of warmup.slice(1)) search.search({ query: q.text, limit: LIMIT });
  const lecternMs: number[] = [];
  const lecternTop = new Map<BenchQuestion, number[]>();
  let empty = 0;
  for (const q of measured) {
    const { ms, value } = timed(() => search.search({ query: q.text, limit: LIMIT }));
    lecternMs.push(ms);
    lecternTop.set(
      q,
      value.map((h) => h.passageId),
    );
    if (value.length === 0) empty++;
  }

  // The naive query and the unpruned reference are slow; they run on the first questions only.
  const naive = db.prepare<[string], { rowid: number; s: number }>(
    `SELECT rowid, bm25(passage_search) AS s FROM passage_search WHERE passage_search MATCH ? ORDER BY s LIMIT ${LIMIT}`,
  );
  const unpruned = db.prepare<[string], { rowid: number }>(`SELECT rowid FROM passage_search WHERE passage_search MATCH ? ORDER BY bm25(passage_search, 3.0, 1.0) LIMIT ${LIMIT}`);
  const subset = measured.slice(0, naiveCount);
  const naiveMs: number[] = [];
  const naiveTop = new Map<BenchQuestion, number[]>();
  for (const q of subset) {
    const { ms, value } = timed(() => naive.all(naiveMatch(q.text)));
    naiveMs.push(ms);
    naiveTop.set(
      q,
      value.map((r) => r.rowid),
    );
  }
  const frequencies = documentFrequencies(db);
  const unprunedTop = new Map<BenchQuestion, number[]>();
  const rarestHit: boolean[] = [];
  for (const q of subset) {
    const content = queryWords(q.text).content;
    const df = frequencies(content);
    const present = content.filter((_, i) => df[i]! > 0);
    unprunedTop.set(q, present.length === 0 ? [] : unpruned.all(present.map(ftsString).join(' OR ')).map((r) => r.rowid));
    const top1 = lecternTop.get(q)![0];
    if (present.length === 0 || top1 === undefined) continue;
    const rarest = present.reduce((a, b) => (df[content.indexOf(b)]! < df[content.indexOf(a)]! ? b : a));
    const text = (db.prepare('SELECT text FROM passages WHERE id = ?').get(top1) as { text: string }).text.toLowerCase();
    const tokens: string[] = text.match(/[\p{L}\p{N}]+/gu) ?? [];
    rarestHit.push(tokens.includes(rarest));
  }

  const all = latency(lecternMs);
  const lecternSubset = latency(lecternMs.slice(0, naiveCount));
  const naiveLatency = latency(naiveMs);
  const inTop = (tops: Map<BenchQuestion, number[]>): string => mean(subset.map((q) => (tops.get(q)!.includes(q.sourcePassageId) ? 1 : 0)));
  const check = (value: number, target: number): string => `${value <= target ? 'PASS' : 'MISS'} (${value.toFixed(2)} ms, target ≤ ${target} ms)`;

  console.log('');
  console.log(`library     ${state.passages.toLocaleString('en')} passages, ${(state.fileBytes / 2 ** 30).toFixed(2)} GiB, SQLite ${sqliteVersion}`);
  console.log(
    `build       ${s(state.buildMs.total)} (rows ${s(state.buildMs.rows)}, FTS5 index ${s(state.buildMs.index)})${built ? '' : ' — measured when it was built; reused from cache'}`,
  );
  console.log(
    `optimize    ${state.optimizeMs === null ? 'not run (--no-optimize): the index as the import left it' : `${s(state.optimizeMs)} (FTS5 'optimize', once after the build; a real library would run it when idle)`}`,
  );
  const lengths = measured.map((q) => q.text.split(' ').length);
  console.log(
    `questions   ${measured.length} of ${Math.min(...lengths)}–${Math.max(...lengths)} words, measured after ${warmup.length} warm-up (first query in this process ${first.ms.toFixed(1)} ms)`,
  );
  console.log(`            e.g. "${measured[0]!.text}", "${measured[1]!.text}"`);
  console.log('');
  console.log(`${'latency (ms)'.padEnd(30)}${'n'.padStart(6)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}${'mean'.padStart(9)}`);
  console.log(row('Lectern PassageSearch', all));
  if (naiveCount > 0) {
    console.log(row(`Lectern, first ${naiveCount} questions`, lecternSubset));
    console.log(row(`naive FTS5 OR, first ${naiveCount}`, naiveLatency));
    const ratio = (k: keyof Latency): string => `${(naiveLatency[k] / lecternSubset[k]).toFixed(1)}×`.padStart(9);
    console.log(`${'naive / Lectern (same qs)'.padEnd(36)}${ratio('p50')}${ratio('p95')}${ratio('p99')}${ratio('max')}${ratio('mean')}`);
  }
  console.log('');
  console.log(`target p50  ${check(all.p50, TARGET_P50_MS)}`);
  console.log(`target p95  ${check(all.p95, TARGET_P95_MS)}`);
  console.log(`no results  ${empty} of ${measured.length} questions`);
  if (naiveCount > 0) {
    console.log('');
    console.log(`quality, first ${naiveCount} questions (1.0 = identical top ${LIMIT}):`);
    console.log(`  overlap@${LIMIT} Lectern vs naive OR (all words, bm25 weights 1/1)       ${mean(subset.map((q) => overlap(lecternTop.get(q)!, naiveTop.get(q)!)))}`);
    console.log(`  overlap@${LIMIT} Lectern vs unpruned (all content words, same weights)  ${mean(subset.map((q) => overlap(lecternTop.get(q)!, unprunedTop.get(q)!)))}`);
    console.log(`  source passage in top ${LIMIT}: Lectern ${inTop(lecternTop)}, unpruned ${inTop(unprunedTop)}, naive ${inTop(naiveTop)}`);
    console.log(`  Lectern top-1 holds the question's rarest word              ${mean(rarestHit.map((b) => (b ? 1 : 0)))}`);
  }
  db.close();
}

if (process.argv.includes('--under-ingest')) await runSearchUnderIngest(process.argv.slice(2));
else main();
