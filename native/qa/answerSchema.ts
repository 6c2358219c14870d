/**
 * The JSON an answer is generated under: the evidence tags first (so the model
 * commits to passages before writing), then the answer with `[Pn]` markers.
 * Tags are an enum of the context's own tags, so the grammar cannot invent one.
 */
export function answerSchema(tags: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      evidence: { type: 'array', items: { enum: [...tags] }, maxItems: 6 },
      answer: { type: 'string', maxLength: 1500 },
    },
    required: ['evidence', 'answer'],
  };
}

export interface ModelAnswer {
  evidence: string[];
  answer: string;
  /** True when generation stopped before the JSON closed (the answer is what was written). */
  truncated: boolean;
}

/** Parses the generated JSON; a cut-off generation keeps what was written. */
export function parseModelAnswer(text: string): ModelAnswer {
  try {
    const parsed = JSON.parse(text) as { evidence?: unknown; answer?: unknown };
    return {
      evidence: Array.isArray(parsed.evidence) ? parsed.evidence.filter((e): e is string => typeof e === 'string') : [],
      answer: typeof parsed.answer === 'string' ? parsed.answer : '',
      truncated: false,
    };
  } catch {
    return { evidence: [...text.matchAll(/"(P\d+)"/g)].map((m) => m[1]!), answer: partialAnswer(text) ?? '', truncated: true };
  }
}

/**
 * The answer text written so far in a JSON stream, for showing tokens as they come:
 * the value of "answer" up to where generation is, unescaped. Null before it starts.
 */
export function partialAnswer(streamed: string): string | null {
  const start = streamed.search(/"answer"\s*:\s*"/);
  if (start < 0) return null;
  const open = streamed.indexOf('"', streamed.indexOf(':', start) + 1);
  let out = '';
  for (let i = open + 1; i < streamed.length; i++) {
    const ch = streamed[i]!;
    if (ch === '"') break;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = streamed[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = streamed.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
    i++;
  }
  return out;
}
