/**
 * Personalized suggestions on real contracts (CUAD dev set, see ../shared/data/README.md).
 * Simulated users each favour 2–3 clause categories; they open several contracts and ask
 * the `Details:` question of their categories there, recorded through the engine exactly
 * as the app records them (open, then question). Their next question, about one of their
 * categories in a contract they have not opened, is held out: a hit@3 is one of the top 3
 * suggestions for that contract matching the held-out category. The baseline is the same
 * service for a user with an empty profile, in the same run, on the same contracts.
 *
 *   npm run eval:suggest -- ../shared/data/cuad-dev [--users 200] [--seed 7] [--library DIR] [--misses]
 *
 * `--misses` prints, for each held-out question the personalized suggestions missed, the
 * user's top interests and the suggestions they got.
 *
 * The ingested library is cached under .bench/ (keyed by the data files, the entity
 * extractor's version and the clause concepts); each run works on a copy, so recorded events never leak between runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Suggestion } from '../native/api/types.js';
import { createEngine, type Engine } from '../native/engine.js';
import { conceptByKey, countMatches, DEFAULT_CONCEPTS_FILE } from '../native/knowledge/entities/clauseConcepts.js';
import { entityKey, keyWords } from '../native/knowledge/entities/entityKey.js';
import { EXTRACTOR_VERSION } from '../native/knowledge/entities/extractEntities.js';
import { isStopKey } from '../native/knowledge/profile/textWords.js';
import { seededRandom, type Random } from './seededRandom.js';

interface Question {
  doc: string;
  category: string;
  question: string;
  answers: Array<{ text: string }>;
}

/** Metadata of every contract rather than clauses someone reads about. */
const NOT_CLAUSES = new Set(['Document Name', 'Parties']);
/** Words of the question templates themselves: matching on them would match every suggestion. */
const TEMPLATE_WORDS = new Set(
  keyWords(
    'what does do the agreement contract lease licence document documents say about mean in this my are obligations under is for and when it due happens on role why mention how define which of involve',
  ),
);
const HISTORY_CONTRACTS = 4;
/** Bumped when the library's schema changes under the same migration version (before it ships). */
const CACHE_VERSION = 2;
const TOP = 3;

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

function askText(q: Question): string {
  const details = q.question.split('Details:')[1]?.trim() ?? '';
  return details || `What does the contract say about ${q.category.toLowerCase()}?`;
}

/** The category's content words, stemmed as entity keys are ("Governing Law" → govern, law). */
function categoryWords(category: string): string[] {
  return [...new Set(keyWords(category.replace(/[-/]/g, ' ')).filter((w) => !isStopKey(w)))];
}

/**
 * A suggestion matches a category when its subject names at least half of the category's
 * content words: the words of its entities and of its question, template words left out.
 */
function matches(s: Suggestion, words: readonly string[]): boolean {
  const subject = new Set([...keyWords(s.text), ...s.entities.flatMap((e) => keyWords(e))].filter((w) => !TEMPLATE_WORDS.has(w)));
  return words.filter((w) => subject.has(w)).length >= Math.ceil(words.length / 2);
}

/**
 * Whether a suggestion is answerable as shown: it keeps a passage, and that passage's text
 * holds what it asks about: a clause concept's wording (its cues), or every content word of
 * one of its entities' names (stemmed). A suggestion without entities (the overview) needs
 * only its passage.
 */
function answerable(s: Suggestion, passageText: (id: number) => string | undefined): boolean {
  if (s.passageId === undefined) return false;
  const text = passageText(s.passageId);
  if (text === undefined) return false;
  if (s.entities.length === 0) return true;
  const words = new Set(keyWords(text));
  return s.entities.some((name) => {
    const concept = conceptByKey(entityKey(name));
    if (concept && countMatches(concept.cues, text) > 0) return true;
    const content = keyWords(name).filter((w) => !isStopKey(w));
    return content.length > 0 && content.every((w) => words.has(w));
  });
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Ingests the contracts into `dir` unless a library of the same files and extractor is there; returns contract → document id. */
async function cachedLibrary(dir: string, dataDir: string, contracts: readonly string[]): Promise<Map<string, string>> {
  const files = contracts.map((c) => path.join(dataDir, 'pdf', `${c}.pdf`));
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        cache: CACHE_VERSION,
        extractor: EXTRACTOR_VERSION,
        concepts: fs.readFileSync(DEFAULT_CONCEPTS_FILE, 'utf8'),
        files: files.map((f) => [path.basename(f), fs.statSync(f).size]),
      }),
    )
    .digest('hex');
  const stateFile = path.join(dir, 'suggest-eval.json');
  try {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { fingerprint: string; ids: Record<string, string> };
    if (state.fingerprint === fingerprint) {
      console.log(`using the library cached in ${dir}`);
      return new Map(Object.entries(state.ids));
    }
  } catch {
    // No cache yet.
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`ingesting ${files.length} contracts into ${dir} (cached for later runs)…`);
  const engine = createEngine({ libraryDir: dir, pdfWorkers: 2 });
  const ids = new Map<string, string>();
  try {
    const start = performance.now();
    const { documents } = await engine['library:ingest']({ paths: files });
    documents.forEach((d, i) => {
      if (d.id) ids.set(contracts[i]!, d.id);
      else console.error(`could not ingest ${contracts[i]}: ${d.error?.message}`);
    });
    console.log(`ingested ${ids.size} contracts in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } finally {
    await engine.close();
  }
  fs.writeFileSync(stateFile, JSON.stringify({ fingerprint, ids: Object.fromEntries(ids) }));
  return ids;
}

interface SimulatedUser {
  name: string;
  favourites: string[];
  history: string[];
  heldOut: { contract: string; category: string };
}

/** Users with 2–3 favourite categories, 4 contracts they asked about them in, and a next question in a fifth. */
function simulateUsers(count: number, random: Random, byContract: Map<string, Map<string, Question>>): SimulatedUser[] {
  const contractsOf = new Map<string, string[]>();
  for (const [contract, categories] of byContract) for (const c of categories.keys()) contractsOf.set(c, [...(contractsOf.get(c) ?? []), contract]);
  // A favourite must be in enough contracts for a history and a held-out one.
  const eligible = [...contractsOf]
    .filter(([c, docs]) => !NOT_CLAUSES.has(c) && docs.length >= HISTORY_CONTRACTS + 1)
    .map(([c]) => c)
    .sort();
  const users: SimulatedUser[] = [];
  for (let u = 0; users.length < count && u < count * 20; u++) {
    const favourites = shuffle(eligible, random).slice(0, 2 + Math.floor(random() * 2));
    const heldCategory = pick(favourites, random);
    const heldContract = pick(contractsOf.get(heldCategory)!, random);
    const withFavourites = [...byContract.keys()].filter((d) => d !== heldContract && favourites.some((f) => byContract.get(d)!.has(f)));
    if (withFavourites.length < HISTORY_CONTRACTS) continue;
    users.push({
      name: `sim-${users.length + 1}`,
      favourites,
      history: shuffle(withFavourites, random).slice(0, HISTORY_CONTRACTS),
      heldOut: { contract: heldContract, category: heldCategory },
    });
  }
  return users;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!dataDir || !fs.existsSync(path.join(dataDir, 'questions.jsonl'))) {
    console.error('usage: npm run eval:suggest -- <path to cuad-dev> [--users N] [--seed S] [--library DIR]');
    process.exit(2);
  }
  const userCount = Number(flag(args, '--users', '200'));
  const showMisses = args.includes('--misses');
  const seed = Number(flag(args, '--seed', '7'));
  const cacheDir = path.resolve(flag(args, '--library', path.join('.bench', 'suggest-eval-cuad')));
  const questions = (
    fs
      .readFileSync(path.join(dataDir, 'questions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)) as Question[]
  ).filter((q) => q.answers.length > 0);
  const contracts = [...new Set(questions.map((q) => q.doc))].sort();
  const ids = await cachedLibrary(cacheDir, dataDir, contracts);

  const byContract = new Map<string, Map<string, Question>>();
  for (const q of questions) {
    if (!ids.has(q.doc)) continue;
    const m = byContract.get(q.doc) ?? new Map<string, Question>();
    m.set(q.category, q);
    byContract.set(q.doc, m);
  }
  const users = simulateUsers(userCount, seededRandom(seed), byContract);

  // A copy of the cached library: events recorded here never reach the cache.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-suggest-eval-'));
  fs.cpSync(cacheDir, workDir, { recursive: true });
  const engine: Engine = createEngine({ libraryDir: workDir, pdfWorkers: 1 });
  try {
    let events = 0;
    const recordStart = performance.now();
    for (const user of users) {
      await engine.invoke('users:create', { name: user.name });
      for (const contract of user.history) {
        const documentId = ids.get(contract)!;
        await engine.invoke('events:record', { user: user.name, type: 'open', documentId });
        events++;
        for (const category of user.favourites) {
          const q = byContract.get(contract)!.get(category);
          if (!q) continue;
          await engine.invoke('events:record', { user: user.name, type: 'question', documentId, text: askText(q) });
          events++;
        }
      }
    }
    const recordMs = performance.now() - recordStart;
    await engine.invoke('users:create', { name: 'baseline' });

    let personalHits = 0;
    let baselineHits = 0;
    let personalAt5 = 0;
    let baselineAt5 = 0;
    let suggestMs = 0;
    let shown = 0;
    let supported = 0;
    let shownBaseline = 0;
    let supportedBaseline = 0;
    const passageStatement = engine.db.prepare('SELECT text FROM passages WHERE id = ?');
    const passageText = (id: number) => (passageStatement.get(id) as { text: string } | undefined)?.text;
    const perCategory = new Map<string, { n: number; personal: number; baseline: number }>();
    const examples: string[] = [];
    for (const user of users) {
      const documentId = ids.get(user.heldOut.contract)!;
      const words = categoryWords(user.heldOut.category);
      const start = performance.now();
      const personalAll = (await engine.invoke('suggest:get', { user: user.name, documentId, limit: 5 })).suggestions;
      suggestMs += performance.now() - start;
      const baselineAll = (await engine.invoke('suggest:get', { user: 'baseline', documentId, limit: 5 })).suggestions;
      personalAt5 += personalAll.some((s) => matches(s, words)) ? 1 : 0;
      baselineAt5 += baselineAll.some((s) => matches(s, words)) ? 1 : 0;
      const personal = personalAll.slice(0, TOP);
      const baseline = baselineAll.slice(0, TOP);
      shown += personalAll.length;
      supported += personalAll.filter((s) => answerable(s, passageText)).length;
      shownBaseline += baselineAll.length;
      supportedBaseline += baselineAll.filter((s) => answerable(s, passageText)).length;
      const p = personal.some((s) => matches(s, words));
      const b = baseline.some((s) => matches(s, words));
      personalHits += p ? 1 : 0;
      baselineHits += b ? 1 : 0;
      const c = perCategory.get(user.heldOut.category) ?? { n: 0, personal: 0, baseline: 0 };
      c.n++;
      c.personal += p ? 1 : 0;
      c.baseline += b ? 1 : 0;
      perCategory.set(user.heldOut.category, c);
      if (showMisses && !p) {
        const { interests } = await engine.invoke('profile:get', { user: user.name, limit: 6 });
        console.log(
          `miss: ${user.name} held out ${user.heldOut.category} (${words.join(', ')}) in ${user.heldOut.contract}\n` +
            `  interests: ${interests.map((i) => `${i.entity} ${i.score.toFixed(2)}`).join(', ')}\n` +
            `  got: ${personal.map((s) => `${s.text} [${s.reason}]`).join(' | ')}`,
        );
      }
      if (examples.length < 3 && p && !b) {
        examples.push(
          `  ${user.name} (favourites: ${user.favourites.join(', ')}; held out: ${user.heldOut.category})\n` +
            `    personalized: ${personal.map((s) => `${s.text} [${s.reason}]`).join(' | ')}\n    baseline:     ${baseline.map((s) => s.text).join(' | ')}`,
        );
      }
    }

    const n = users.length;
    console.log(`\nseed ${seed}: ${n} simulated users, ${n} held-out questions (one each), ${events} events recorded (${(recordMs / events).toFixed(2)} ms per event)`);
    console.log(
      `each user: 2–3 favourite categories (of those in ≥ ${HISTORY_CONTRACTS + 1} contracts, not ${[...NOT_CLAUSES].join(' or ')}), ${HISTORY_CONTRACTS} contracts opened and asked about (the Details: question,`,
    );
    console.log('or "What does the contract say about <category>?" where Details is empty), the next question held out in a contract not opened.');
    console.log(`match: a top-${TOP} suggestion matches the held-out category when its entities and question (template words left out)`);
    console.log('contain at least half of the category name\'s content words, stemmed (e.g. "Governing Law" → govern, law).');
    console.log(`\nby category (held out: n, personalized hits, baseline hits):`);
    for (const [category, c] of [...perCategory].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))) {
      console.log(`  ${String(c.n).padStart(3)} ${String(c.personal).padStart(3)} ${String(c.baseline).padStart(3)}  ${category} (${categoryWords(category).join(', ')})`);
    }
    if (examples.length > 0) console.log(`\nexamples where only the personalized suggestions hit:\n${examples.join('\n')}`);
    const personalRate = personalHits / n;
    const baselineRate = baselineHits / n;
    console.log(`\nhit@${TOP}  personalized ${personalRate.toFixed(3)} (${personalHits}/${n})   baseline (empty profile) ${baselineRate.toFixed(3)} (${baselineHits}/${n})`);
    console.log(`hit@5  personalized ${(personalAt5 / n).toFixed(3)} (${personalAt5}/${n})   baseline (empty profile) ${(baselineAt5 / n).toFixed(3)} (${baselineAt5}/${n})`);
    console.log(
      `answerable  personalized ${(supported / Math.max(1, shown)).toFixed(3)} (${supported}/${shown} shown)   baseline (empty profile) ${(supportedBaseline / Math.max(1, shownBaseline)).toFixed(3)} (${supportedBaseline}/${shownBaseline})` +
        ' (target ≥ 0.9: the suggestion keeps a passage whose text holds its subject)',
    );
    console.log(
      `hit@${TOP} ratio ${baselineHits === 0 ? '∞ (the baseline hit none)' : `${(personalRate / baselineRate).toFixed(2)}×`} (target ≥ 1.5×); personalized suggest:get averaged ${(suggestMs / n).toFixed(1)} ms`,
    );
  } finally {
    await engine.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
