import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../api/errors.js';
import { cuadAskText, readJsonl, type CuadQuestion } from './cuadQuestions.js';
import { containsAny, goldKey, holdsGoldClause, holdsReferenceAnswer } from './goldMatch.js';

/** One question of either set, reduced to what an evaluation needs. */
export interface EvalQuestion {
  /** The contract's category, or the book question's id. */
  label: string;
  /** Source file's key: the contract id, or the book file. */
  doc: string;
  ask: string;
  gold: string[];
}

/**
 * A question set as ../shared/data lays it out: `questions.jsonl` beside its sources. Contracts
 * (CUAD-style: `{doc, category, question, answers: [{text}]}`, the PDFs in `pdf/`, their text in
 * `txt/`) or books (`{id, book_file, question, answers: [text]}`, the book beside the file).
 */
export interface EvalDataset {
  kind: 'contracts' | 'novel';
  questions: EvalQuestion[];
  /** Per doc key: the file to import, and its plain text (for baselines). */
  sources: Map<string, { file: string; text: string }>;
  /** Whether an answer or a quote holds the gold: a clause's start or the whole clause; 60% of a reference answer's content words. */
  holds: (text: string, gold: readonly string[]) => boolean;
  /** Whether a passage is evidence for the gold: a clause's first 8 words (as eval:retrieval counts it); a reference answer's words. */
  isEvidence: (text: string, gold: readonly string[]) => boolean;
}

/**
 * Reads a question set. `strict` asks CUAD's empty Details: text as is (such questions find
 * nothing); by default the category name stands in.
 */
export function readEvalDataset(dataDir: string, options: { strict?: boolean } = {}): EvalDataset {
  const file = path.join(dataDir, 'questions.jsonl');
  if (!fs.existsSync(file))
    throw new LecternError(
      'FILE_NOT_FOUND',
      `${dataDir} has no questions.jsonl: choose a folder laid out like ../shared/data/cuad-dev or ../shared/data/books (questions.jsonl beside the documents).`,
    );
  const lines = readJsonl<Record<string, unknown>>(file);
  const sources = new Map<string, { file: string; text: string }>();
  const source = (doc: string, importFile: string, textFile: string) => {
    if (sources.has(doc)) return;
    if (!fs.existsSync(importFile)) throw new LecternError('FILE_NOT_FOUND', `The question set names ${doc}, but ${importFile} is missing.`);
    sources.set(doc, { file: importFile, text: fs.readFileSync(textFile, 'utf8') });
  };
  if (lines.every((l) => typeof l.book_file === 'string')) {
    const questions = lines.map((l) => {
      const doc = l.book_file as string;
      source(doc, path.join(dataDir, doc), path.join(dataDir, doc));
      return { label: String(l.id), doc, ask: String(l.question).trim(), gold: l.answers as string[] };
    });
    return { kind: 'novel', questions, sources, holds: holdsReferenceAnswer, isEvidence: holdsReferenceAnswer };
  }
  const questions = (lines as unknown as CuadQuestion[]).map((q) => {
    source(q.doc, path.join(dataDir, 'pdf', `${q.doc}.pdf`), path.join(dataDir, 'txt', `${q.doc}.txt`));
    return { label: q.category, doc: q.doc, ask: cuadAskText(q, options.strict ?? false), gold: q.answers.map((a) => a.text) };
  });
  return {
    kind: 'contracts',
    questions,
    sources,
    holds: holdsGoldClause,
    isEvidence: (text, gold) => containsAny(text, gold.map(goldKey)),
  };
}
