import type { Passage } from '../api/types.js';

export interface ContextPassage extends Passage {
  documentTitle: string;
}

export interface StructuredContext {
  text: string;
  /** Tag (`P1`, `P2`, …) → passage, in context order. */
  tags: Map<string, ContextPassage>;
}

/**
 * The documents as the model reads them: each document under its title, passages
 * under their section headings, each passage tagged `[Pn]` with its page, so an
 * answer can cite a tag and Lectern can find the passage behind it.
 */
export function buildStructuredContext(passages: readonly ContextPassage[]): StructuredContext {
  const tags = new Map<string, ContextPassage>();
  const lines: string[] = [];
  let document: string | null = null;
  let section: string | null | undefined;
  for (const p of passages) {
    if (p.documentId !== document) {
      if (lines.length > 0) lines.push('');
      lines.push(`# Document: ${p.documentTitle}`);
      document = p.documentId;
      section = undefined;
    }
    if (p.section !== section) {
      if (p.section) lines.push(`## ${p.section}`);
      section = p.section;
    }
    const tag = `P${tags.size + 1}`;
    tags.set(tag, p);
    const pages = p.pageEnd !== p.page ? `pp. ${p.page}–${p.pageEnd}` : `p. ${p.page}`;
    lines.push(`[${tag}] (${pages}) ${p.text}`);
  }
  return { text: lines.join('\n'), tags };
}

export const ANSWER_INSTRUCTIONS = [
  'You answer questions about the documents below, using only their text.',
  'Every claim in an answer cites the passages that support it with their tags, like [P3].',
  'If the documents do not answer the question, say so plainly.',
].join(' ');
