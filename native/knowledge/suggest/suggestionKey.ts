import { createHash } from 'node:crypto';

/** A question as compared for "the same question": case, quotes, punctuation and spacing ignored. */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The stable key of a suggested question in a document (null: the whole library). It hashes
 * the canonical (template) wording, so a model's rephrasing keeps the key, and a person who
 * types the same question gets the same key: asked and dismissed questions stay recognisable.
 */
export function suggestionKey(documentId: string | null | undefined, question: string): string {
  return createHash('sha256')
    .update(`${documentId ?? 'library'}\n${normalizeQuestion(question)}`)
    .digest('hex')
    .slice(0, 24);
}
