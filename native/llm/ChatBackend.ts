import type { ContextScale, RopeScaling } from '../api/types.js';

/**
 * What the QA pipeline (answers, listwise re-ranking, recycled-context demonstrations) and the
 * suggestions' wording need from a chat model, whether it runs in this process (LocalBackend over
 * node-llama-cpp) or on an OpenAI-compatible inference server (ServerBackend). The pipeline talks
 * in text (a system part, a user part), never in tokens, so a server works unchanged.
 */
export interface ChatBackend {
  readonly kind: 'local' | 'server';
  /** Where answers are computed, for the Ask panel: 'on this computer' or 'on gpu-box.local'. */
  readonly where: string;
  /** The model answering now; null when none is loaded (or the server was never reached). */
  readonly model: BackendModel | null;
  /** Calls waiting for or holding the backend's lock. */
  readonly pending: number;
  /**
   * Runs `fn` alone: complete() and preread() calls inside it do not interleave with other
   * work, so a document prefix evaluated in one call is still held by the next.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The model's token count for a text (a server without a tokenizer endpoint: an estimate). */
  countTokens(text: string): Promise<number>;
  /** Generates one reply. Call inside `exclusive`. */
  complete(request: ChatRequest): Promise<ChatResult>;
  /**
   * Reads `system` as a document's reading state ahead of questions and keeps it where the
   * backend can (local: a saved KV state; server: its prompt cache, and a saved slot where the
   * server allows). Call inside `exclusive`.
   */
  preread(system: string, scopeKey: string, signal?: AbortSignal): Promise<PrereadOutcome>;
  /**
   * True when a short unrelated request now would overwrite a document's reading state (the one
   * sequence or slot holds it): optional work such as suggestion wording then waits for another time.
   */
  holdsReadingState(): boolean;
  /** Resolves once background work started by complete() (saving a reading state) is done. */
  settled(): Promise<void>;
}

/** The loaded model as answers report it. */
export interface BackendModel {
  /** The registered model's id (ModelRecord.id): stored with answers and demonstrations. */
  modelId: string;
  name: string;
  contextSize: number;
  trainContextSize: number;
  scale: ContextScale;
  ropeScaling: RopeScaling;
}

export interface ChatRequest {
  /**
   * The system part. With `reuse` it is a document's reading state: sent identically every time
   * (byte for byte) so a prompt cache or saved state covers it and a follow-up evaluates only `user`.
   */
  system: string;
  user: string;
  /** Constrains the reply to JSON of this schema (a server without support: parsed and repaired). */
  jsonSchema?: Record<string, unknown>;
  /** Constrains the reply with a GBNF grammar (llama.cpp's format), for what a JSON schema cannot say. */
  grammar?: string;
  /** Default 512. */
  maxTokens?: number;
  /** Default 0: answers should not vary between runs. */
  temperature?: number;
  stop?: string[];
  signal?: AbortSignal;
  /** Each piece of generated text as it comes. */
  onDelta?: (text: string) => void;
  /** Once, when the first token arrives. */
  onFirstToken?: () => void;
  /** `system` is the reading state of this scope: keep it, restore it where saved, save it after. */
  reuse?: { scopeKey: string };
}

export interface ChatTimings {
  promptTokens: number;
  /** Prompt tokens whose state was already held (in memory, restored, or in the server's cache). */
  reusedTokens: number;
  /** Prompt tokens evaluated for this call. */
  evaluatedTokens: number;
  firstTokenMs: number | null;
  totalMs: number;
}

export interface ChatResult {
  text: string;
  /** 'abort' when the signal stopped it (the text is what was written); otherwise why it ended. */
  stopReason: 'abort' | 'maxTokens' | 'stop' | string;
  timings: ChatTimings;
}

export interface PrereadOutcome {
  promptTokens: number;
  /** Tokens already held before the call. */
  reusedTokens: number;
  evaluatedTokens: number;
  /** Bytes of state saved by this call (0 when nothing new was saved, or the backend cannot tell). */
  stateBytes: number;
}
