/**
 * Extractive answers on real documents: with no model loaded, ask each question
 * scoped to its document and count how often the answer's quotes hold the gold.
 *
 *   npm run eval:answers -- ../shared/data/cuad-dev [--strict] [--misses N] [--by-category] [--library DIR]
 *   npm run eval:answers -- ../shared/data/books [--misses N] [--library DIR]
 *
 * "Holds the gold" (see native/eval/goldMatch.ts):
 * - contracts (cuad-dev): the quote holds the start of a gold clause (its first 8
 *   words, lowercased, punctuation ignored, as eval:retrieval counts evidence) or the
 *   whole gold clause;
 * - the novel (books, free-form reference answers): the quote holds at least 60% of
 *   one reference answer's content words (lowercased, stop words dropped, Porter-stemmed;
 *   "In a forest fire" needs both "forest" and "fire").
 *
 * Two shares per set: the FIRST quote (the sentence the answer leads with) and ANY
 * quote. The baseline, measured in the same run: plain BM25 over fixed 1000-character
 * chunks of the source text (ChunkBaseline), quoting the sentence of each of the top
 * 3 chunks that shares the most content words with the question; its first quote is
 * the top chunk's. Average quote length is printed too: a longer quote holds more.
 *
 * `--library DIR` keeps the imported library in DIR and reuses it on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AskResult } from '../native/api/types.js';
import { createEngine } from '../native/engine.js';
import { contentWords } from '../native/qa/alignClaim.js';
import { sentenceSpans } from '../native/text/sentenceSpans.js';
import { ChunkBaseline } from './ChunkBaseline.js';
import { readEvalDataset } from '../native/eval/evalDataset.js';

/** Chunks the baseline quotes from, one sentence each, as many as the extractive answer used to. */
const BASELINE_QUOTES = 3;

/** The sentence of `text` sharing the most content words with the question (the extractive answer's rule before issue 13). */
function bestOverlapSentence(question: string, text: string): string | null {
  const wanted = new Set(contentWords(question));
  let best: string | null = null;
  let bestScore = -1;
  for (const [s, e] of sentenceSpans(text)) {
    const words = contentWords(text.slice(s, e));
    const score = words.filter((w) => wanted.has(w)).length / Math.sqrt(words.length + 1);
    if (score > bestScore) [best, bestScore] = [text.slice(s, e), score];
  }
  return best;
}

class Tally {
  n = 0;
  first = 0;
  any = 0;
  quotes = 0;
  quoteChars = 0;

  add(quotes: readonly string[], holds: (quote: string) => boolean): boolean {
    this.n++;
    this.quotes += quotes.length;
    for (const q of quotes) this.quoteChars += q.length;
    const first = quotes.length > 0 && holds(quotes[0]!);
    if (first) this.first++;
    if (quotes.some(holds)) this.any++;
    return first;
  }

  row(name: string): string {
    const share = (k: number) => (this.n === 0 ? '–' : (k / this.n).toFixed(3));
    const perQuote = this.quotes === 0 ? 0 : Math.round(this.quoteChars / this.quotes);
    return `${name.padEnd(40)} first ${share(this.first)}   any ${share(this.any)}   ${(this.quotes / Math.max(1, this.n)).toFixed(1)} quotes of ${perQuote} chars`;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const optionValues = new Set(['--misses', '--library'].map(option));
  const dataDir = args.find((a) => !a.startsWith('--') && !optionValues.has(a));
  if (!dataDir || !fs.existsSync(path.join(dataDir, 'questions.jsonl'))) {
    console.error('usage: npm run eval:answers -- <path to cuad-dev or books> [--strict] [--misses N] [--by-category] [--library DIR]');
    process.exit(2);
  }
  const set = readEvalDataset(dataDir, { strict: args.includes('--strict') });
  const misses = Number(option('--misses') ?? 0);
  const keep = option('--library');
  const libraryDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-eval-'));
  fs.mkdirSync(libraryDir, { recursive: true });
  const engine = createEngine({ libraryDir });
  const baseline = new ChunkBaseline([...set.sources].map(([doc, s]) => [doc, s.text]));
  try {
    const docs = [...set.sources.keys()];
    const t0 = performance.now();
    const { documents } = await engine['library:ingest']({ paths: docs.map((d) => set.sources.get(d)!.file) });
    const idOf = new Map<string, string>();
    documents.forEach((d, i) => {
      if (d.id) idOf.set(docs[i]!, d.id);
      else console.error(`could not import ${docs[i]}: ${d.error?.message}`);
    });
    console.log(`imported ${idOf.size}/${docs.length} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const ours = new Tally();
    const base = new Tally();
    const byLabel = new Map<string, Tally>();
    let askMs = 0;
    let shown = 0;
    for (const q of set.questions) {
      const holds = (quote: string) => set.holds(quote, q.gold);
      const id = idOf.get(q.doc);
      let result: AskResult | null = null;
      if (id && q.ask) {
        const s = performance.now();
        try {
          result = await engine['qa:ask']({ question: q.ask, documentIds: [id] });
        } catch (error) {
          console.error(`${q.label}: ${(error as Error).message}`);
        }
        askMs += performance.now() - s;
      }
      const quotes = (result?.citations ?? []).map((c) => c.quote).filter(Boolean);
      const first = ours.add(quotes, holds);
      base.add(
        baseline
          .top(q.ask, q.doc, BASELINE_QUOTES)
          .map((chunk) => bestOverlapSentence(q.ask, chunk))
          .filter((s): s is string => s !== null),
        holds,
      );
      if (set.kind === 'contracts') {
        const t = byLabel.get(q.label) ?? new Tally();
        t.add(quotes, holds);
        byLabel.set(q.label, t);
      }
      if (!first && shown < misses) {
        shown++;
        console.log(`\n✗ [${q.label}] ${q.ask}\n  gold: ${q.gold.map((g) => g.slice(0, 160)).join(' | ')}`);
        for (const quote of quotes) console.log(`  ${holds(quote) ? '✓' : '·'} ${quote.slice(0, 240)}`);
      }
    }
    console.log(`\n${set.questions.length} questions on the ${set.kind}; no model loaded (extractive answers); avg ask ${(askMs / set.questions.length).toFixed(1)} ms`);
    console.log(base.row('baseline: BM25 1000-char chunks, best sentence'));
    console.log(ours.row('Lectern: extractive answer'));
    console.log(set.kind === 'contracts' ? 'target: contracts ≥ 0.60 on the first quote' : 'target: the novel ≥ 0.20 over all quotes');
    if (args.includes('--by-category')) {
      console.log('\nby category (Lectern):');
      for (const [label, t] of [...byLabel].sort((a, b) => a[1].first / a[1].n - b[1].first / b[1].n)) console.log(`  ${t.row(label)}`);
    }
  } finally {
    baseline.close();
    await engine.close();
    if (!keep) fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}

await main();
