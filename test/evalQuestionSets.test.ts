/**
 * `lectern eval retrieval|answers` on small question sets laid out as ../shared/data lays them
 * out (a book with planted answers; a CUAD-style contract), with a real generated GGUF model:
 * the search really finds the planted evidence, the model really re-ranks and answers in every
 * mode, the set's files go into a library of their own (never the person's), a stopped run
 * keeps the questions done, and the JSON is written.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AnswersEvalResult, RetrievalEvalResult } from '../native/api/evalTypes.js';
import { questionSetDeps } from '../native/cli/evalCommands.js';
import { readEvalDataset } from '../native/eval/evalDataset.js';
import { runRetrievalEval } from '../native/eval/runRetrievalEval.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let books: string;
let modelPath: string;

/** Answers planted in the book, each in a sentence with words found nowhere else in it. */
const PLANTED = [
  {
    question: 'Where did the cartographer bury the brass quadrant?',
    answer: 'under the juniper by the quarry',
    sentence: 'The cartographer buried the brass quadrant under the juniper by the quarry.',
  },
  { question: 'What did the ferrywoman trade for the violin?', answer: 'a barrel of saffron', sentence: 'The ferrywoman traded a barrel of saffron for the violin.' },
  { question: 'Who repaired the lighthouse chronometer?', answer: 'Ottoline Barrowclough', sentence: 'Ottoline Barrowclough repaired the lighthouse chronometer.' },
];

before(async () => {
  dir = makeTempDir();
  books = path.join(dir, 'books');
  fs.mkdirSync(books);
  const prose = new SentenceMaker(11, NARRATIVE_BANK);
  const paragraphs = Array.from({ length: 9 }, () => prose.paragraph(45));
  PLANTED.forEach((p, i) => (paragraphs[2 + 3 * i] = `${paragraphs[2 + 3 * i]} ${p.sentence}`));
  fs.writeFileSync(path.join(books, 'harbour-tales.txt'), `Harbour Tales\n\n${paragraphs.join('\n\n')}\n`);
  fs.writeFileSync(
    path.join(books, 'questions.jsonl'),
    PLANTED.map((p, i) => JSON.stringify({ id: `ht-${i}`, book_file: 'harbour-tales.txt', question: p.question, answers: [p.answer] })).join('\n'),
  );
  modelPath = path.join(dir, 'tiny-4k.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 4096 });
});

after(() => removeDir(dir));

describe('question sets', () => {
  test('a CUAD-style set reads its contracts, asks the Details text, and counts a passage as evidence by the clause’s first words', () => {
    const cuad = path.join(dir, 'cuad');
    fs.mkdirSync(path.join(cuad, 'pdf'), { recursive: true });
    fs.mkdirSync(path.join(cuad, 'txt'));
    fs.writeFileSync(path.join(cuad, 'pdf', 'contract-1.pdf'), '%PDF-1.4 stand-in: only its presence is read here');
    fs.writeFileSync(path.join(cuad, 'txt', 'contract-1.txt'), 'This Agreement shall be governed by the laws of the State of Delaware.');
    const clause = 'This Agreement shall be governed by the laws of the State of Delaware.';
    fs.writeFileSync(
      path.join(cuad, 'questions.jsonl'),
      [
        {
          id: 'c1__Governing Law',
          doc: 'contract-1',
          category: 'Governing Law',
          question: 'Highlight … Details: Which state’s law governs?',
          answers: [{ text: clause, start: 0, end: 70 }],
        },
        { id: 'c1__Parties', doc: 'contract-1', category: 'Parties', question: 'Highlight … Details:', answers: [] },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const set = readEvalDataset(cuad);
    assert.equal(set.kind, 'contracts');
    assert.deepEqual(
      set.questions.map((q) => q.ask),
      ['Which state’s law governs?', 'Parties'],
    );
    assert.equal(set.sources.get('contract-1')!.file, path.join(cuad, 'pdf', 'contract-1.pdf'));
    assert.equal(set.isEvidence(`Section 12. ${clause.toUpperCase()} Nothing else.`, [clause]), true);
    assert.equal(set.isEvidence('This Agreement shall be governed by good faith.', [clause]), false);
  });

  test('a folder with no questions.jsonl is refused with what to point at', () => {
    assert.throws(() => readEvalDataset(dir), { code: 'FILE_NOT_FOUND', message: /questions\.jsonl/ });
  });
});

describe('lectern eval retrieval', () => {
  test('without a model the search finds every planted answer among its candidates, and the person’s library stays empty', async () => {
    const libraryDir = path.join(dir, 'lib-retrieval');
    const out = path.join(dir, 'retrieval.json');
    const result = await runCli(['eval', 'retrieval', '--dataset', books, '--library', libraryDir, '--out', out, '--json'], { home: dir });
    assert.equal(result.code, 0, result.stderr);
    const printed = parseSingleJson(result.stdout) as unknown as RetrievalEvalResult;
    assert.equal(printed.questions, 3);
    assert.equal(printed.reranked, null);
    assert.equal(printed.search[10], 1, JSON.stringify(printed.perQuestion));
    const { file, ...written } = printed as RetrievalEvalResult & { file: string };
    assert.equal(file, out);
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), written);
    const person = openTestEngine(libraryDir);
    try {
      assert.equal((await person.invoke('library:list', {})).documents.length, 0, 'the set went into its own library');
    } finally {
      await person.close();
    }
    assert.ok(fs.readdirSync(path.join(libraryDir, 'eval', 'datasets')).some((d) => d.startsWith('books-')));
  });

  test('with a model the same candidates are re-ranked by it: a second row, every question ranked', async () => {
    const libraryDir = path.join(dir, 'lib-rerank');
    const result = await runCli(['eval', 'retrieval', '--dataset', books, '--library', libraryDir, '--model', modelPath, '--json'], {
      home: dir,
      env: { LECTERN_LLM_THREADS: '1' },
    });
    assert.equal(result.code, 0, result.stderr);
    const r = parseSingleJson(result.stdout) as unknown as RetrievalEvalResult & { file: string };
    assert.ok(r.reranked, 'a re-ranked row');
    assert.equal(r.model, 'lectern-test-llama');
    // Re-ranking reorders the candidates, never drops them: what search found at 30 the re-ranking has too.
    for (const q of r.perQuestion) assert.equal(q.rerankedRank === null, q.searchRank === null, JSON.stringify(q));
    assert.ok(fs.existsSync(r.file) && r.file.startsWith(path.join(libraryDir, 'eval')));
  });
});

describe('lectern eval answers', () => {
  test('the model answers in every mode; the whole short book fits, so its context always holds the gold', async () => {
    const libraryDir = path.join(dir, 'lib-answers');
    const result = await runCli(['eval', 'answers', '--dataset', books, '--library', libraryDir, '--model', modelPath, '--limit', '2', '--json'], {
      home: dir,
      env: { LECTERN_LLM_THREADS: '1' },
    });
    assert.equal(result.code, 0, result.stderr);
    const r = parseSingleJson(result.stdout) as unknown as AnswersEvalResult;
    assert.equal(r.questions, 2);
    assert.deepEqual(Object.keys(r.modes), ['full-context', 'retrieval', 'retrieval-reranked']);
    assert.equal(r.modes['full-context']!.asked, 2, 'the book fits the context');
    assert.equal(r.modes['full-context']!.contextHolds, 2);
    for (const mode of Object.values(r.modes)) assert.ok(mode.asked === 2 && mode.answerHolds <= 2 && mode.citedHolds <= mode.contextHolds);
    for (const q of r.perQuestion) assert.equal(Object.keys(q.answers).length, 3);
  });

  test('--modes picks the contexts, and a mode that is not one is refused before anything is opened', async () => {
    const libraryDir = path.join(dir, 'lib-modes');
    const bad = await runCli(['eval', 'answers', '--dataset', books, '--library', libraryDir, '--model', modelPath, '--modes', 'retrieval,everything'], { home: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--modes takes full-context, retrieval, retrieval-reranked/);
    assert.equal(fs.existsSync(libraryDir), false);
  });
});

describe('runRetrievalEval', () => {
  test('stopped after its first question, it rejects CANCELLED with that question counted', async () => {
    const libraryDir = path.join(dir, 'lib-cancel');
    const engine = openTestEngine(libraryDir);
    try {
      const dataset = readEvalDataset(books);
      const { documents } = await engine.invoke('library:ingest', { paths: [dataset.sources.get('harbour-tales.txt')!.file] });
      const deps = questionSetDeps(engine, new Map([['harbour-tales.txt', documents[0]!.id!]]), null);
      const controller = new AbortController();
      const running = runRetrievalEval({ dataset, datasetName: 'books', deps, signal: controller.signal, onProgress: () => controller.abort() });
      const partial = (await rejectsCancelled(running, 'eval:needles')) as unknown as RetrievalEvalResult;
      assert.equal(partial.questions, 1);
      assert.equal(partial.complete, false);
      assert.equal(partial.perQuestion.length, 1);
    } finally {
      await engine.close();
    }
  });
});
