import type { ChatBackend } from '../llm/ChatBackend.js';
import type { Demonstration } from '../store/DemonstrationRepository.js';

/**
 * "Recycling the context": the model writes a few question / evidence / answer
 * examples from the very context it will answer from. They go after the context in
 * the prompt prefix, so they cost nothing per question once the prefix is cached.
 * Call inside `backend.exclusive`; `system` is the answer prompt's system text.
 */
export async function writeDemonstrations(backend: ChatBackend, system: string, tags: readonly string[], signal?: AbortSignal): Promise<Demonstration[]> {
  const jsonSchema = {
    type: 'object',
    properties: {
      examples: {
        type: 'array',
        minItems: 2,
        maxItems: 3,
        items: {
          type: 'object',
          properties: {
            question: { type: 'string', maxLength: 160 },
            evidence: { type: 'array', items: { enum: [...tags] }, minItems: 1, maxItems: 3 },
            answer: { type: 'string', maxLength: 300 },
          },
          required: ['question', 'evidence', 'answer'],
        },
      },
    },
    required: ['examples'],
  };
  const user =
    'Write three questions a careful reader might ask about these documents. For each, give the tags of the passages that answer it and a short answer that cites them like [P3].';
  const result = await backend.complete({ system, user, jsonSchema, maxTokens: 700, signal });
  try {
    const parsed = JSON.parse(result.text) as { examples?: Demonstration[] };
    return (parsed.examples ?? []).filter((e) => e.question && e.answer && Array.isArray(e.evidence));
  } catch {
    return [];
  }
}

export function renderDemonstrations(examples: readonly Demonstration[]): string {
  return [
    'Examples of questions answered from these documents:',
    ...examples.map((e, i) => `Example ${i + 1}. Question: ${e.question}\n${JSON.stringify({ evidence: e.evidence, answer: e.answer })}`),
  ].join('\n');
}
