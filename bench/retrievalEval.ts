/**
 * Evidence retrieval on real contracts (CUAD dev set, see ../shared/data/README.md):
 * ingest the PDFs with Lectern, ask each question scoped to its contract, and count
 * a hit at k when one of the top k passages holds the start of a gold clause.
 * A plain BM25 over fixed 1000-character chunks of the same contracts' text runs
 * in the same process as the baseline.
 *
 *   npm run eval:retrieval -- ../shared/data/cuad-dev [--strict] [--questions bench/data/paraphrases.jsonl] [--library DIR]
 *
 * `--questions` asks another set of questions over the same contracts: one JSON line each,
 * `{doc, category, question}`, the question as a person would word it; its gold clauses are
 * the dev set's for that contract and category (bench/data/paraphrases.jsonl is such a set).
 * `--strict` asks the Details: text as is, even when it is empty (some CUAD
 * categories have none): search then answers as it does any query with nothing to search
 * for, with its overview of the contract (opening, clauses of most kinds); recall is printed
 * for the questions with text and the empty ones apart. By default an empty Details falls
 * back to the category name.
 * `--library DIR` keeps the imported library in DIR and reuses it on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../native/engine.js';
import { DEFAULT_PASSAGE_LIMITS } from '../native/ingest/buildStructure.js';
import { ChunkBaseline } from './ChunkBaseline.js';
import { cuadAskText, readCuadQuestions, readJsonl, type CuadQuestion } from '../native/eval/cuadQuestions.js';
import { containsAny, goldKey } from '../native/eval/goldMatch.js';

const KS = [1, 3, 5, 10] as const;

/** A question set of one's own, its gold clauses taken from the dev set's line for the same contract and category. */
function readOwnQuestions(file: string, devSet: CuadQuestion[]): CuadQuestion[] {
  const gold = new Map(devSet.map((q) => [`${q.doc}\u0000${q.category}`, q]));
  return readJsonl<{ doc: string; category: string; question: string }>(file).map((own, i) => {
    const dev = gold.get(`${own.doc}\u0000${own.category}`);
    if (!dev || dev.answers.length === 0) throw new Error(`${file}:${i + 1}: the dev set has no gold clause for ${own.doc} / ${own.category}`);
    return { ...dev, id: `${dev.id}#${i + 1}`, question: own.question };
  });
}

/** CUAD's Details: text; a question of one's own as written. */
function askText(q: CuadQuestion, strict: boolean): string {
  return q.question.includes('Details:') ? cuadAskText(q, strict) : q.question.trim();
}

function report(name: string, hits: Record<number, number>, total: number, extra = ''): void {
  const cells = KS.map((k) => `R@${k} ${(hits[k]! / total).toFixed(3)}`).join('  ');
  console.log(`${name.padEnd(34)} ${cells}${extra}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const dataDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.endsWith('-words') && args[i - 1] !== '--questions' && args[i - 1] !== '--library');
  const questionsFile = args.includes('--questions') ? args[args.indexOf('--questions') + 1] : undefined;
  if (!dataDir || !fs.existsSync(path.join(dataDir, 'questions.jsonl'))) {
    console.error('usage: npm run eval:retrieval -- <path to cuad-dev> [--strict]');
    process.exit(2);
  }
  const devSet = readCuadQuestions(dataDir);
  // The whole dev set's contracts are ingested either way, so both question sets search the same library.
  const docs = [...new Set(devSet.map((q) => q.doc))];
  const questions = questionsFile ? readOwnQuestions(questionsFile, devSet) : devSet;

  const keep = args.includes('--library') ? args[args.indexOf('--library') + 1] : undefined;
  const libraryDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-eval-'));
  fs.mkdirSync(libraryDir, { recursive: true });
  const engine = createEngine({ libraryDir });
  try {
    const t0 = performance.now();
    const flag = (name: string) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : undefined;
    };
    const passageLimits =
      flag('--target-words') === undefined
        ? undefined
        : { ...DEFAULT_PASSAGE_LIMITS, targetWords: flag('--target-words')!, maxWords: flag('--max-words') ?? DEFAULT_PASSAGE_LIMITS.maxWords };
    const { documents } = await engine['library:ingest']({ paths: docs.map((d) => path.join(dataDir, 'pdf', `${d}.pdf`)) }, { passageLimits });
    const ingestMs = performance.now() - t0;
    const idOf = new Map<string, string>();
    documents.forEach((d, i) => {
      if (d.id) idOf.set(docs[i]!, d.id);
      else console.error(`could not ingest ${docs[i]}: ${d.error?.message}`);
    });
    let passageCount = 0;
    let passageChars = 0;
    let wordsOut = 0;
    for (const id of idOf.values()) {
      for (const p of (await engine['library:passages']({ id })).passages) {
        passageCount++;
        passageChars += p.text.length;
        if (p.wordCount < 80 || p.wordCount > 250) wordsOut++;
      }
    }
    console.log(
      `ingested ${idOf.size}/${docs.length} contracts in ${(ingestMs / 1000).toFixed(1)} s; ${passageCount} passages, ` +
        `average ${Math.round(passageChars / passageCount)} characters, ${((100 * wordsOut) / passageCount).toFixed(1)}% outside 80–250 words`,
    );

    // Baseline: plain BM25 over fixed 1000-character chunks of the contract text.
    const base = new ChunkBaseline(docs.map((d) => [d, fs.readFileSync(path.join(dataDir, 'txt', `${d}.txt`), 'utf8')]));

    const lectern: Record<number, number> = { 1: 0, 3: 0, 5: 0, 10: 0 };
    const baseline: Record<number, number> = { 1: 0, 3: 0, 5: 0, 10: 0 };
    const perCategory = new Map<string, { n: number; hit5: number }>();
    // Questions with no text (strict, empty Details) get search's overview, not a match: shown apart.
    const withText: Record<number, number> = { 1: 0, 3: 0, 5: 0, 10: 0 };
    let withTextAsked = 0;
    let asked = 0;
    let searchMs = 0;
    for (const q of questions) {
      const id = idOf.get(q.doc);
      const keys = q.answers.map((a) => goldKey(a.text));
      const text = askText(q, strict);
      asked++;
      let results: string[] = [];
      if (id) {
        const s = performance.now();
        results = (await engine['search:query']({ query: text, documentIds: [id], limit: 10 })).results.map((r) => r.text);
        searchMs += performance.now() - s;
      }
      const baseResults = base.top(text, q.doc, 10);
      const firstHit = results.findIndex((r) => containsAny(r, keys));
      const baseFirstHit = baseResults.findIndex((r) => containsAny(r, keys));
      if (text) withTextAsked++;
      for (const k of KS) {
        if (firstHit >= 0 && firstHit < k) lectern[k]!++;
        if (text && firstHit >= 0 && firstHit < k) withText[k]!++;
        if (baseFirstHit >= 0 && baseFirstHit < k) baseline[k]!++;
      }
      const c = perCategory.get(q.category) ?? { n: 0, hit5: 0 };
      c.n++;
      if (firstHit >= 0 && firstHit < 5) c.hit5++;
      perCategory.set(q.category, c);
    }
    const questionSet = questionsFile ? `from ${questionsFile}` : strict ? 'strict: empty Details asked as empty' : 'empty Details replaced by the category name';
    console.log(`\n${asked} questions (${questionSet})`);
    base.close();
    report('baseline: BM25, 1000-char chunks', baseline, asked);
    report('Lectern: passages', lectern, asked, `   (avg search ${(searchMs / asked).toFixed(2)} ms)`);
    if (withTextAsked < asked) {
      report(`Lectern, the ${withTextAsked} with text`, withText, withTextAsked);
      const empty = Object.fromEntries(KS.map((k) => [k, lectern[k]! - withText[k]!]));
      report(`Lectern, the ${asked - withTextAsked} empty (overview)`, empty, asked - withTextAsked);
    }
    console.log(
      `target: Lectern R@5 ≥ ${strict ? '0.80 (strict)' : '0.70'} with passages averaging ≤ 1,200 characters; R@5 ratio to baseline ${(lectern[5]! / Math.max(1, baseline[5]!)).toFixed(2)}×`,
    );
    if (args.includes('--by-category')) {
      console.log('\nR@5 by category:');
      for (const [cat, c] of [...perCategory].sort((a, b) => a[1].hit5 / a[1].n - b[1].hit5 / b[1].n)) {
        console.log(`  ${(c.hit5 / c.n).toFixed(2)}  ${String(c.n).padStart(3)}  ${cat}`);
      }
    }
  } finally {
    await engine.close();
    if (!keep) fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}

await main();
