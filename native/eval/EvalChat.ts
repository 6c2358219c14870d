/**
 * What an evaluation needs of a chat model, local or on a server: its context, a token count,
 * and one completion. The same shape as the chat backends' (native/llm), so every registered
 * model can be evaluated the same way.
 */
export interface EvalChat {
  /** Display name of the model. */
  readonly name: string;
  /** Tokens the model attends to in one prompt (trained × scale). */
  readonly contextSize: number;
  /** Tokens of `text` in the model's vocabulary (no chat format around it). */
  countTokens(text: string): number | Promise<number>;
  /** One answer to `user` after `system`, under `jsonSchema` when given, with the prompt's whole size when known. Rejects CANCELLED when `signal` aborts. */
  complete(request: EvalCompletion): Promise<{ text: string; promptTokens?: number; evaluatedTokens?: number }>;
}

export interface EvalCompletion {
  system: string;
  user: string;
  jsonSchema?: Record<string, unknown>;
  /** A GBNF grammar (llama.cpp's format) for what a JSON schema cannot say; ignored by a server without grammars. */
  grammar?: string;
  maxTokens: number;
  signal?: AbortSignal;
}
