/**
 * The data search expands and separates words with, shipped in resources/: a thesaurus of
 * equivalent wordings for contracts and financial filings (searchThesaurus.json), and the
 * words the Porter stemmer joins although they differ in meaning (stemExceptions.json).
 * Read once per process and validated; a malformed file is a packaging fault.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LecternError } from '../api/errors.js';

/** resources/ beside the compiled engine (dist/native/search → repository root). */
export const DEFAULT_THESAURUS_FILE = fileURLToPath(new URL('../../../resources/searchThesaurus.json', import.meta.url));
export const DEFAULT_STEM_EXCEPTIONS_FILE = fileURLToPath(new URL('../../../resources/stemExceptions.json', import.meta.url));

const term = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N} '-]*$/u, 'lowercase words separated by spaces, hyphens or apostrophes');

const thesaurusSchema = z.object({
  note: z.string().optional(),
  groups: z.array(z.object({ domain: z.enum(['contracts', 'filings']), terms: z.array(term).min(2) })).min(1),
});

const stemExceptionsSchema = z.object({
  note: z.string().optional(),
  stems: z.array(z.object({ stem: z.string().min(1), families: z.array(z.array(term).min(1)).min(2) })),
});

export type Thesaurus = z.infer<typeof thesaurusSchema>;
export type StemExceptions = z.infer<typeof stemExceptionsSchema>;

export interface SearchVocabulary {
  thesaurus: Thesaurus;
  stemExceptions: StemExceptions;
}

let cached: SearchVocabulary | null = null;

/** The shipped vocabulary, read on first use and kept. Throws INTERNAL when a file is missing or malformed. */
export function searchVocabulary(): SearchVocabulary {
  cached ??= {
    thesaurus: readVocabularyFile(DEFAULT_THESAURUS_FILE, thesaurusSchema),
    stemExceptions: readVocabularyFile(DEFAULT_STEM_EXCEPTIONS_FILE, stemExceptionsSchema),
  };
  return cached;
}

export function readVocabularyFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LecternError('INTERNAL', `The search vocabulary ${file} cannot be read: ${(error as Error).message}. Reinstall Lectern.`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new LecternError('INTERNAL', `The search vocabulary ${file} is malformed: ${parsed.error.issues[0]?.message}. Reinstall Lectern.`);
  return parsed.data;
}

export { thesaurusSchema, stemExceptionsSchema };
