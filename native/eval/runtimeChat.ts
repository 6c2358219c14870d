import { LecternError } from '../api/errors.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import type { EvalChat } from './EvalChat.js';

/** The loaded local model as an EvalChat: each completion takes the runtime's lock, so it never interleaves with a question. */
export function runtimeChat(runtime: LlmRuntime): EvalChat {
  const loaded = runtime.loaded;
  if (!loaded) throw new LecternError('NO_MODEL_LOADED', 'No model is loaded: load a model first.');
  return {
    name: loaded.record.name,
    contextSize: loaded.contextSize,
    countTokens: (text) => runtime.tokenize(text).length,
    complete: (request) =>
      runtime.exclusive(async () => {
        if (runtime.loaded !== loaded) throw new LecternError('NO_MODEL_LOADED', 'The model was unloaded during the evaluation: load it again and rerun.');
        const grammar = request.jsonSchema ? await runtime.grammarFor(request.jsonSchema) : undefined;
        const { prompt } = runtime.chatPrompt(request.system, request.user);
        if (prompt.length + request.maxTokens > loaded.contextSize)
          throw new LecternError('CONTEXT_TOO_LARGE', `The prompt has ${prompt.length} tokens, too many for the ${loaded.contextSize}-token context with room for the answer.`);
        const result = await runtime.generate(prompt, { grammar, maxTokens: request.maxTokens, signal: request.signal });
        if (request.signal?.aborted) throw new LecternError('CANCELLED', 'The evaluation was cancelled.');
        return { text: result.text, promptTokens: result.promptTokens };
      }),
  };
}
