import fs from 'node:fs';
import path from 'node:path';

/** One line of cuad-dev/questions.jsonl (see ../shared/data/README.md): the CUAD-style question files `lectern eval` and the benches read. */
export interface CuadQuestion {
  id: string;
  doc: string;
  category: string;
  question: string;
  answers: Array<{ text: string; start: number; end: number }>;
}

export function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

export function readCuadQuestions(dataDir: string): CuadQuestion[] {
  return readJsonl<CuadQuestion>(path.join(dataDir, 'questions.jsonl'));
}

/**
 * What a person would ask: CUAD's text after `Details:`. Some categories have none;
 * `strict` asks that empty text as is, otherwise the category name stands in.
 */
export function cuadAskText(q: CuadQuestion, strict: boolean): string {
  const details = q.question.split('Details:')[1]?.trim() ?? '';
  if (details || strict) return details;
  return q.category;
}
