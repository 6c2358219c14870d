/**
 * What bench:llm and bench:server share: their flags, the generated model of a real model's
 * shape (24 layers × 896 wide, 8k context, kept in .bench/ between runs) and the generated
 * services agreement they ask about.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTRACT_BANK, SentenceMaker } from '../test/fixtures/seededText.js';
import { makeLlamaModel, REAL_SHAPE } from '../test/models/makeLlamaModel.js';

const args = process.argv.slice(2);

/** A numeric flag (`--words 800`), or its default. */
export function benchFlag(name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export const threads = benchFlag('--threads', os.availableParallelism());
export const words = benchFlag('--words', 1150);
export const benchDir = path.resolve('.bench');
export const modelPath = path.join(benchDir, 'real-shape-8k.gguf');
export const shape = { ...REAL_SHAPE, contextLength: 8192 };

/** Generates the model once; returns true when it was generated now. */
export async function ensureModel(): Promise<boolean> {
  fs.mkdirSync(benchDir, { recursive: true });
  if (fs.existsSync(modelPath)) return false;
  await makeLlamaModel(modelPath, shape);
  return true;
}

/** A services agreement of about `words` words, in eight sections, written into `dir`. */
export function makeDocument(dir: string): string {
  const prose = new SentenceMaker(2024, CONTRACT_BANK);
  const sections = ['Definitions', 'Services', 'Fees and Payment', 'Term', 'Confidentiality', 'Warranties', 'Liability', 'General'];
  const per = Math.ceil(words / sections.length);
  const text = [`# Master Services Agreement`, ...sections.flatMap((s, i) => [`## ${i + 1}. ${s}`, prose.paragraph(per / 2), prose.paragraph(per / 2)])].join('\n\n');
  const file = path.join(dir, 'agreement.md');
  fs.writeFileSync(file, text);
  return file;
}
