import type { DocumentSummary } from '../../native/api/types.js';

/**
 * What a person should know about how well the text was read: pages whose text layer is
 * missing or unreadable, and a text check (the share of body words that reached passages)
 * below 99.5%. Null when there is nothing to say.
 */
export function textQuality(doc: Pick<DocumentSummary, 'ocrPages' | 'fidelity'>): string | null {
  const notes: string[] = [];
  if (doc.ocrPages > 0) notes.push(`${doc.ocrPages} ${doc.ocrPages === 1 ? 'page needs' : 'pages need'} OCR`);
  if (doc.fidelity !== null && doc.fidelity < 0.995) notes.push(`text check: ${(Math.floor(doc.fidelity * 1000) / 10).toFixed(1)}%`);
  return notes.length > 0 ? notes.join(' · ') : null;
}
