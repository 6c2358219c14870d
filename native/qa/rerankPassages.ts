import { LecternError } from '../api/errors.js';
import type { ChatBackend } from '../llm/ChatBackend.js';
import type { ContextPassage } from './structuredContext.js';

/** Characters of each candidate the ranking prompt shows. */
const PREVIEW_CHARS = 400;

/**
 * Listwise re-ranking: one prompt lists the candidates as [R1]…[Rn] and the model
 * returns their tags best first, under a grammar that only admits those tags.
 * Candidates it leaves out keep their search order after the ones it ranked.
 * Call inside `backend.exclusive`.
 */
export async function rerankListwise(backend: ChatBackend, question: string, candidates: readonly ContextPassage[], signal?: AbortSignal): Promise<ContextPassage[]> {
  if (candidates.length <= 1) return [...candidates];
  const tags = candidates.map((_, i) => `R${i + 1}`);
  const list = candidates.map((p, i) => `[${tags[i]}] ${p.documentTitle}${p.section ? ` — ${p.section}` : ''}: ${p.text.slice(0, PREVIEW_CHARS)}`).join('\n');
  const system = `Rank passages by how well they answer a question. Passages:\n${list}`;
  const user = `Question: ${question}\nList the passage tags, best answer first.`;
  const jsonSchema = {
    type: 'object',
    properties: { ranking: { type: 'array', items: { enum: tags }, minItems: Math.min(3, tags.length), maxItems: tags.length } },
    required: ['ranking'],
  };
  const result = await backend.complete({ system, user, jsonSchema, maxTokens: 8 * tags.length + 16, signal });
  if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
  const order: number[] = [];
  for (const m of result.text.matchAll(/"R(\d+)"/g)) {
    const i = Number(m[1]) - 1;
    if (i >= 0 && i < candidates.length && !order.includes(i)) order.push(i);
  }
  for (let i = 0; i < candidates.length; i++) if (!order.includes(i)) order.push(i);
  return order.map((i) => candidates[i]!);
}
