import { LecternError } from '../api/errors.js';
import type { ChatBackend } from '../llm/ChatBackend.js';
import type { EvalChat } from './EvalChat.js';

/**
 * A chat backend, local or on a server, as an EvalChat: each completion takes the backend's lock,
 * so it never interleaves with a question. Needs a model answering (`backend.model`).
 */
export function backendChat(backend: ChatBackend): EvalChat {
  const model = backend.model;
  if (!model) throw new LecternError('NO_MODEL_LOADED', 'No model is loaded: load a model (or reach the server) first.');
  return {
    name: model.name,
    contextSize: model.contextSize,
    countTokens: (text) => backend.countTokens(text),
    complete: (request) =>
      backend.exclusive(async () => {
        if (backend.model?.modelId !== model.modelId) throw new LecternError('NO_MODEL_LOADED', 'The model changed during the evaluation: load it again and rerun.');
        const result = await backend.complete({
          system: request.system,
          user: request.user,
          jsonSchema: request.jsonSchema,
          grammar: request.grammar,
          maxTokens: request.maxTokens,
          signal: request.signal,
        });
        if (request.signal?.aborted || result.stopReason === 'abort') throw new LecternError('CANCELLED', 'The evaluation was cancelled.');
        return { text: result.text, promptTokens: result.timings.promptTokens, evaluatedTokens: result.timings.evaluatedTokens };
      }),
  };
}
