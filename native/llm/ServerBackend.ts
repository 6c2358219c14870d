import { createHash } from 'node:crypto';
import { LecternError } from '../api/errors.js';
import type { BackendModel, ChatBackend, ChatRequest, ChatResult, PrereadOutcome } from './ChatBackend.js';

export interface ServerBackendOptions {
  /** The registered model's id (ModelRecord.id). */
  modelId: string;
  /** The name the person gave it. */
  name: string;
  /** e.g. http://127.0.0.1:8080 or https://gpu-box.local/v1 (a trailing /v1 is allowed). */
  baseUrl: string;
  /** The model to ask for; null: the server's first (or only) model. */
  model: string | null;
  /** Read when a request is made, so the key is held no longer than needed and never logged. */
  apiKey?: () => string | null;
  /** Gives up when the server sends nothing for this long (connecting, reading, or between streamed pieces). Default 120 s. */
  timeoutMs?: number;
}

/** What a server turned out to support, found by asking it (`/v1/models`, `/props`) and by its answers. */
interface Capabilities {
  /** llama.cpp's llama-server: its own `/completion` and `/apply-template` endpoints are used (see chat()). */
  native: boolean;
  /** OpenAI `response_format: {type: 'json_schema'}`; false: llama-server's `json_schema` field; null: neither (parse and repair). */
  responseFormat: boolean | null;
  /** llama-server's `grammar` (GBNF) field. */
  grammar: boolean;
  /** `/tokenize` (llama-server): exact token counts; otherwise an estimate. */
  tokenize: boolean;
  /** `/slots/{id}?action=save|restore` (llama-server started with `--slot-save-path`). */
  slotSave: boolean;
  /** Parallel slots (llama-server `total_slots`); 1 when unknown. */
  slots: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** A server that does not say how long its context is: assume this much and let it refuse more. */
const UNKNOWN_CONTEXT = 8192;

/**
 * An OpenAI-compatible inference server (llama.cpp's llama-server, vLLM, Ollama, LM Studio) as a
 * ChatBackend. Replies stream over server-sent events. The document part of a prompt is always the
 * system message, sent byte for byte the same for every question, with `cache_prompt` so the server's
 * prompt cache (or vLLM's prefix caching) covers it; where the server can save and restore slots,
 * pre-reading saves the document's state there and a later question restores it. Timings are the
 * server's own (llama-server's `timings.cache_n` reused, `prompt_n` evaluated), else its `usage`.
 *
 * The API key is sent only in the Authorization header: no message, error or log line carries it.
 */
export class ServerBackend implements ChatBackend {
  readonly kind = 'server' as const;
  readonly where: string;
  readonly host: string;
  private info: BackendModel | null = null;
  private caps: Capabilities | null = null;
  private serverModel: string | null;
  private readonly root: string;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingCount = 0;
  /** Hash of the system text slot 0 holds (as far as this process knows). */
  private slotHolds: string | null = null;
  private readonly tokenCounts = new Map<string, number>();

  constructor(private readonly options: ServerBackendOptions) {
    const url = parseServerUrl(options.baseUrl);
    this.host = url.host;
    this.where = `on ${url.hostname}`;
    this.root = url.href.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.serverModel = options.model;
  }

  get model(): BackendModel | null {
    return this.info;
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** How long the server may stay silent before a request fails with SERVER_TIMEOUT. */
  get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.pendingCount++;
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.finally(() => this.pendingCount--);
  }

  /**
   * Checks the server answers, accepts the key and serves the model, and learns what it
   * supports; the backend has a `model` afterwards. Throws SERVER_UNREACHABLE, SERVER_UNAUTHORIZED,
   * SERVER_TIMEOUT or SERVER_ERROR (a model the server does not serve).
   */
  async connect(signal?: AbortSignal): Promise<BackendModel> {
    const models = (await this.getJson('/v1/models', signal)) as { data?: Array<{ id?: string; meta?: { n_ctx?: number; n_ctx_train?: number } }> };
    const served = Array.isArray(models.data) ? models.data.filter((m) => typeof m.id === 'string') : [];
    if (this.options.model && served.length > 0 && !served.some((m) => m.id === this.options.model)) {
      throw new LecternError(
        'SERVER_ERROR',
        `The server at ${this.host} does not serve a model named "${this.options.model}"; it serves ${served.map((m) => `"${m.id}"`).join(', ')}. Register the server again with one of those.`,
      );
    }
    const chosen = served.find((m) => m.id === this.options.model) ?? served[0];
    this.serverModel = this.options.model ?? chosen?.id ?? null;
    // llama-server's /props says how long a slot's context is, how many slots, and whether slots can be saved.
    const props = (await this.getJson('/props', signal).catch(() => null)) as {
      total_slots?: number;
      default_generation_settings?: { n_ctx?: number };
    } | null;
    const isLlamaServer = props !== null && typeof props === 'object' && 'default_generation_settings' in props;
    const contextSize = props?.default_generation_settings?.n_ctx ?? chosen?.meta?.n_ctx ?? UNKNOWN_CONTEXT;
    this.caps = {
      native: isLlamaServer,
      responseFormat: true,
      grammar: isLlamaServer,
      tokenize: isLlamaServer,
      slotSave: isLlamaServer,
      slots: typeof props?.total_slots === 'number' ? props.total_slots : 1,
    };
    this.slotHolds = null;
    this.info = {
      modelId: this.options.modelId,
      name: this.options.name,
      contextSize,
      trainContextSize: chosen?.meta?.n_ctx_train ?? contextSize,
      scale: 1,
      ropeScaling: { type: 'none', factor: 1, originalContextSize: chosen?.meta?.n_ctx_train ?? contextSize },
    };
    return this.info;
  }

  /** Forgets the connection (nothing is sent to the server). */
  disconnect(): void {
    this.info = null;
    this.slotHolds = null;
  }

  async countTokens(text: string): Promise<number> {
    const known = this.tokenCounts.get(text);
    if (known !== undefined) return known;
    let count: number | null = null;
    if (this.caps?.tokenize) {
      try {
        const body = (await this.postJson('/tokenize', { content: text })) as { tokens?: unknown[] };
        if (Array.isArray(body.tokens)) count = body.tokens.length;
      } catch (error) {
        if (!(error instanceof LecternError) || error.code !== 'SERVER_ERROR') throw error;
        this.caps.tokenize = false;
      }
    }
    // No tokenizer to ask: about 3 characters a token for English text errs on the long side.
    count ??= Math.ceil(text.length / 3);
    if (this.tokenCounts.size > 512) this.tokenCounts.clear();
    this.tokenCounts.set(text, count);
    return count;
  }

  async complete(request: ChatRequest): Promise<ChatResult> {
    const systemHash = hashOf(request.system);
    if (request.reuse && this.slotHolds !== systemHash) await this.restoreSlot(systemHash, request.signal);
    const result = await this.chat(request, request.reuse ? 0 : undefined);
    if (request.reuse || (this.caps?.slots ?? 1) === 1) this.slotHolds = request.reuse ? systemHash : null;
    return result;
  }

  async preread(system: string, _scopeKey: string, signal?: AbortSignal): Promise<PrereadOutcome> {
    const systemHash = hashOf(system);
    const held = this.slotHolds === systemHash;
    const restored = !held && (await this.restoreSlot(systemHash, signal));
    // One token of reply is enough to make the server read (and cache) the whole prompt; the grammar
    // keeps that token printable (llama-server's output parser may reject a random byte).
    const r = await this.chat({ system, user: 'x', maxTokens: 1, grammar: 'root ::= "."', signal }, 0);
    this.slotHolds = systemHash;
    let stateBytes = 0;
    if (!held && !restored && this.caps?.slotSave) stateBytes = await this.saveSlot(systemHash, signal);
    return { promptTokens: r.timings.promptTokens, reusedTokens: r.timings.reusedTokens, evaluatedTokens: r.timings.evaluatedTokens, stateBytes };
  }

  holdsReadingState(): boolean {
    return (this.caps?.slots ?? 1) === 1 && this.slotHolds !== null;
  }

  settled(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * One reply, streamed. llama-server: its own `/completion` on the prompt its `/apply-template`
   * renders (its OpenAI chat endpoint runs a chat-format parser over the finished output that
   * rejects JSON cut short by the token limit, and answers here may be cut short on purpose).
   * Any other server: `/v1/chat/completions`. `slot`: the slot to run in (0 for a reading state).
   */
  private async chat(request: ChatRequest, slot: number | undefined): Promise<ChatResult> {
    const start = performance.now();
    const caps = this.caps ?? { native: false, responseFormat: null, grammar: false, tokenize: false, slotSave: false, slots: 1 };
    const user =
      request.jsonSchema && !caps.native && caps.responseFormat === null
        ? `${request.user}\n\nReply with only JSON that matches this schema: ${JSON.stringify(request.jsonSchema)}`
        : request.user;
    const messages = [
      { role: 'system', content: request.system },
      { role: 'user', content: user },
    ];
    let route: string;
    let body: Record<string, unknown>;
    if (caps.native) {
      const rendered = (await this.postJson('/apply-template', { messages }, request.signal)) as { prompt?: unknown };
      if (typeof rendered.prompt !== 'string') throw new LecternError('SERVER_ERROR', `The server at ${this.host} did not render the chat prompt (/apply-template).`);
      route = '/completion';
      body = { prompt: rendered.prompt, n_predict: request.maxTokens ?? 512, temperature: request.temperature ?? 0, stream: true, cache_prompt: true };
      if (request.jsonSchema) body.json_schema = request.jsonSchema;
      else if (request.grammar) body.grammar = request.grammar;
    } else {
      route = '/v1/chat/completions';
      body = {
        model: this.serverModel ?? undefined,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: request.maxTokens ?? 512,
        temperature: request.temperature ?? 0,
        // llama.cpp-based servers: keep the prompt's KV, so the next prompt with the same start reuses it.
        cache_prompt: true,
      };
      if (request.jsonSchema) {
        if (caps.responseFormat === true) body.response_format = { type: 'json_schema', json_schema: { name: 'reply', schema: request.jsonSchema, strict: true } };
        else if (caps.responseFormat === false) body.json_schema = request.jsonSchema;
      } else if (request.grammar && caps.grammar) {
        body.grammar = request.grammar;
      }
    }
    if (request.stop?.length) body.stop = request.stop;
    if (slot !== undefined && caps.slotSave) body.id_slot = slot;
    let response: Response;
    const timeout = new IdleTimeout(this.timeoutMs);
    try {
      response = await this.fetch(route, { method: 'POST', body: JSON.stringify(body) }, request.signal, timeout);
    } catch (error) {
      timeout.clear();
      // A server that refuses `response_format` gets llama-server's `json_schema` field, then nothing (parse and repair).
      if (error instanceof LecternError && error.code === 'SERVER_ERROR' && !caps.native && request.jsonSchema && caps.responseFormat !== null && this.caps) {
        this.caps.responseFormat = caps.responseFormat ? false : null;
        return this.chat(request, slot);
      }
      if (request.signal?.aborted) return { text: '', stopReason: 'abort', timings: emptyTimings(start) };
      throw error;
    }
    let text = '';
    let firstTokenMs: number | null = null;
    let finish: string | null = null;
    let usage: { prompt_tokens?: number } | null = null;
    let timings: { cache_n?: number; prompt_n?: number } | null = null;
    try {
      for await (const event of serverSentEvents(response.body!, () => timeout.touch())) {
        if (event === '[DONE]') break;
        let chunk: {
          choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
          content?: string;
          stop?: boolean;
          stop_type?: string;
          usage?: { prompt_tokens?: number };
          timings?: { cache_n?: number; prompt_n?: number };
          error?: { message?: string };
        };
        try {
          chunk = JSON.parse(event) as typeof chunk;
        } catch {
          continue;
        }
        if (chunk.error) {
          // llama-server parses the finished output once more for its chat format, and fails when the
          // token limit cut the text inside a multi-byte character: everything was streamed already,
          // so the reply stands as cut off by the limit (the server's timings are lost with it).
          if (text && /does not match the expected .* format/.test(chunk.error.message ?? '')) {
            finish = 'length';
            break;
          }
          throw new LecternError('SERVER_ERROR', `The server at ${this.host} stopped the reply: ${chunk.error.message ?? 'an error'}.`);
        }
        const choice = chunk.choices?.[0];
        const delta = caps.native ? chunk.content : choice?.delta?.content;
        if (delta) {
          if (firstTokenMs === null) {
            firstTokenMs = performance.now() - start;
            request.onFirstToken?.();
          }
          text += delta;
          request.onDelta?.(delta);
        }
        if (caps.native && chunk.stop) finish = chunk.stop_type === 'limit' ? 'length' : 'stop';
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
        if (chunk.timings) timings = chunk.timings;
        if (caps.native && chunk.stop) break;
      }
    } catch (error) {
      if (request.signal?.aborted) return this.result(text, 'abort', start, firstTokenMs, usage, timings);
      if (error instanceof LecternError) throw error;
      if (timeout.fired) throw this.timeoutError();
      throw new LecternError(
        'SERVER_UNREACHABLE',
        `The inference server at ${this.host} stopped answering in the middle of the reply. Check that it is still running, then ask again.`,
        {
          cause: error,
        },
      );
    } finally {
      timeout.clear();
    }
    if (request.signal?.aborted) return this.result(text, 'abort', start, firstTokenMs, usage, timings);
    if (finish === null && !timings && !usage) {
      throw new LecternError(
        'SERVER_UNREACHABLE',
        `The inference server at ${this.host} closed the connection before the reply was complete. Check that it is still running, then ask again.`,
      );
    }
    if (request.jsonSchema && !caps.native && caps.responseFormat === null) text = repairJson(text);
    return this.result(text, finish === 'length' ? 'maxTokens' : 'stop', start, firstTokenMs, usage, timings);
  }

  private result(
    text: string,
    stopReason: string,
    start: number,
    firstTokenMs: number | null,
    usage: { prompt_tokens?: number } | null,
    timings: { cache_n?: number; prompt_n?: number } | null,
  ): ChatResult {
    // llama-server: cache_n prompt tokens came from its cache, prompt_n were evaluated. Others: usage alone (all evaluated, as far as we can tell).
    const reused = timings?.cache_n ?? 0;
    const evaluated = timings?.prompt_n ?? usage?.prompt_tokens ?? 0;
    return {
      text,
      stopReason,
      timings: {
        promptTokens: timings ? reused + evaluated : (usage?.prompt_tokens ?? 0),
        reusedTokens: reused,
        evaluatedTokens: evaluated,
        firstTokenMs,
        totalMs: performance.now() - start,
      },
    };
  }

  /** Restores a saved slot for this system text; false when none is saved or the server cannot. */
  private async restoreSlot(systemHash: string, signal?: AbortSignal): Promise<boolean> {
    if (!this.caps?.slotSave) return false;
    try {
      await this.postJson(`/slots/0?action=restore`, { filename: this.slotFile(systemHash) }, signal);
      this.slotHolds = systemHash;
      return true;
    } catch (error) {
      if (error instanceof LecternError && error.code === 'SERVER_ERROR') {
        if (error.message.includes('(501)')) this.caps.slotSave = false;
        return false;
      }
      throw error;
    }
  }

  private async saveSlot(systemHash: string, signal?: AbortSignal): Promise<number> {
    try {
      const r = (await this.postJson(`/slots/0?action=save`, { filename: this.slotFile(systemHash) }, signal)) as { n_written?: number };
      return typeof r.n_written === 'number' ? r.n_written : 0;
    } catch (error) {
      if (error instanceof LecternError && error.code === 'SERVER_ERROR') {
        if (error.message.includes('(501)')) this.caps!.slotSave = false;
        return 0;
      }
      throw error;
    }
  }

  /** The slot file's name on the server: the model and the exact system text, so another document or model never restores it. */
  private slotFile(systemHash: string): string {
    return `lectern-${hashOf(`${this.serverModel ?? ''}\n${systemHash}`)}.bin`;
  }

  private async getJson(route: string, signal?: AbortSignal): Promise<unknown> {
    const timeout = new IdleTimeout(this.timeoutMs);
    try {
      const response = await this.fetch(route, { method: 'GET' }, signal, timeout);
      return await response.json();
    } finally {
      timeout.clear();
    }
  }

  private async postJson(route: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const timeout = new IdleTimeout(this.timeoutMs);
    try {
      const response = await this.fetch(route, { method: 'POST', body: JSON.stringify(body) }, signal, timeout);
      return await response.json();
    } catch (error) {
      if (error instanceof LecternError) throw error;
      if (timeout.fired) throw this.timeoutError();
      throw new LecternError('SERVER_ERROR', `The server at ${this.host} sent a reply that is not JSON for ${route.split('?')[0]}.`, { cause: error });
    } finally {
      timeout.clear();
    }
  }

  /** fetch with the key, the idle timeout and the user's signal; a non-2xx status becomes a coded error. */
  private async fetch(route: string, init: RequestInit, signal: AbortSignal | undefined, timeout: IdleTimeout): Promise<Response> {
    const headers: Record<string, string> = { accept: route.endsWith('/completions') ? 'text/event-stream' : 'application/json' };
    if (init.body) headers['content-type'] = 'application/json';
    const key = this.options.apiKey?.();
    if (key) headers.authorization = `Bearer ${key}`;
    let response: Response;
    try {
      response = await fetch(this.root + route, { ...init, headers, signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal });
    } catch (error) {
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      if (timeout.fired) throw this.timeoutError();
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new LecternError('SERVER_UNREACHABLE', `Could not reach the inference server at ${this.host} (${reason}). Check that it is running and that the address is right.`, {
        cause: error,
      });
    }
    timeout.touch();
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new LecternError('SERVER_UNAUTHORIZED', `The server at ${this.host} refused the API key (HTTP ${response.status}). Register the server again with the right key.`);
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
      throw new LecternError(
        'SERVER_ERROR',
        `The server at ${this.host} answered ${route.split('?')[0]} with an error (${response.status})${detail ? `: ${redact(detail, key)}` : ''}.`,
      );
    }
    return response;
  }

  private timeoutError(): LecternError {
    return new LecternError(
      'SERVER_TIMEOUT',
      `The inference server at ${this.host} sent nothing for ${Math.round(this.timeoutMs / 1000)} s. It may be overloaded; try again, or raise the server timeout in the settings.`,
    );
  }
}

/**
 * A parsed base URL; throws INVALID_ARGUMENT for anything but http(s), and for URLs with a
 * user or password in them (a key goes in the key file, not the address, where logs would show it).
 */
export function parseServerUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LecternError('INVALID_ARGUMENT', `"${baseUrl.slice(0, 200)}" is not a URL. Give the server's address, like http://127.0.0.1:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LecternError('INVALID_ARGUMENT', `The server's address must start with http:// or https://, not ${url.protocol}.`);
  if (url.username || url.password) throw new LecternError('INVALID_ARGUMENT', 'Put the API key in a key file, not in the address: an address shows up in lists and logs.');
  url.search = '';
  url.hash = '';
  return url;
}

/** True for addresses that never leave this computer (127.0.0.0/8, ::1, localhost). */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Yields the `data:` payloads of a server-sent event stream; `onData` on every piece received. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>, onData: () => void): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const piece of body) {
    onData();
    buffer += decoder.decode(piece, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) yield data;
    }
  }
}

/** Unconstrained output that should be JSON: fences and prose around the object removed, else the text as it is. */
export function repairJson(text: string): string {
  const trimmed = text.trim();
  try {
    JSON.parse(trimmed);
    return trimmed;
  } catch {
    const open = trimmed.indexOf('{');
    const close = trimmed.lastIndexOf('}');
    if (open >= 0 && close > open) {
      const inner = trimmed.slice(open, close + 1);
      try {
        JSON.parse(inner);
        return inner;
      } catch {
        // Cut off or malformed: the caller's own parser keeps what it can.
      }
    }
    return open >= 0 ? trimmed.slice(open) : trimmed;
  }
}

/** Aborts when nothing happens for `ms`; `touch` whenever something does. */
class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;

  constructor(private readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort();
    }, this.ms);
  }
}

function emptyTimings(start: number) {
  return { promptTokens: 0, reusedTokens: 0, evaluatedTokens: 0, firstTokenMs: null, totalMs: performance.now() - start };
}

function redact(text: string, key: string | null | undefined): string {
  return key ? text.split(key).join('[key]') : text;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
