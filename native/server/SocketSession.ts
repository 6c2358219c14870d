/**
 * One browser tab's WebSocket: WireRequest in, WireReply out, each request on its own so a
 * long import or answer never holds up a quick `library:list`. Events go out separately
 * (the server broadcasts them to every session).
 */
import { WebSocket } from 'ws';
import { commandSchemas, type CommandName } from '../api/commands.js';
import { toErrorInfo, type ErrorInfo } from '../api/errors.js';
import { isWireCancel, type WireCancel, type WireEvent, type WireReply, type WireRequest } from '../api/wire.js';
import type { Engine } from '../engine.js';
import type { TidyPlan, WebCommandPolicy } from './WebCommandPolicy.js';

/**
 * Requests whose work outlives a lost reply are stopped when their socket closes (a closed tab,
 * a reload). A re-read or back-fill goes on: it serves the library, not the tab that asked.
 */
const CANCEL_ON_CLOSE: ReadonlySet<CommandName> = new Set<CommandName>(['library:ingest', 'qa:ask', 'models:add']);

/** The close code for a client that stops reading its replies (4000–4999: the application's own). */
export const CLOSE_NOT_READING = 4008;

export interface SocketLimits {
  /** Replies and events queued for a client that does not read them, in bytes, before its socket is dropped. Default 16 MiB. */
  maxBufferedBytes?: number;
  /** Requests running at once; reading more from the socket waits until one ends. Default 32. */
  maxInFlight?: number;
}

export class SocketSession {
  /** Requests still running, by their wire id: what a cancel message or a closed socket stops. */
  private readonly running = new Map<number, { command: CommandName; controller: AbortController }>();
  private inFlight = 0;
  private readonly maxBufferedBytes: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly socket: WebSocket,
    /** The engine of the library open now (it changes when another library is opened). */
    private readonly engine: () => Engine,
    private readonly policy: WebCommandPolicy | null = null,
    limits: SocketLimits = {},
  ) {
    this.maxBufferedBytes = limits.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.maxInFlight = limits.maxInFlight ?? 32;
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.reply({ id: 0, ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Send requests as JSON text, not binary frames.' } });
      else void this.handle(data.toString());
    });
    socket.on('close', () => this.cancelRunning());
  }

  send(event: WireEvent): void {
    this.write(JSON.stringify(event));
  }

  /**
   * Sends unless the client has stopped reading: past the limit its socket is dropped, since
   * every further reply would wait in this process's memory (300 unread replies once took 360 MB).
   */
  private write(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount + text.length > this.maxBufferedBytes) {
      this.socket.close(CLOSE_NOT_READING, 'Too many unread replies: this client stopped reading. Reload the page.');
      // The close frame waits behind the unread data: do not wait for the client to take it.
      setTimeout(() => this.socket.terminate(), 1000).unref();
      return;
    }
    this.socket.send(text);
  }

  private async handle(text: string): Promise<void> {
    const request = parseRequest(text);
    if ('cancel' in request) {
      this.running.get(request.cancel)?.controller.abort(); // a request that already ended has nothing to stop
      return;
    }
    if ('error' in request) {
      this.reply({ id: request.id, ok: false, error: request.error });
      return;
    }
    const controller = new AbortController();
    this.running.set(request.id, { command: request.command, controller });
    // Backpressure on the way in: a client firing requests faster than they end waits in its own socket buffer.
    if (++this.inFlight >= this.maxInFlight) this.socket.pause();
    let engine: Engine | null = null;
    let plan: TidyPlan = {};
    try {
      engine = this.engine();
      plan = this.policy?.before(engine, request.command, request.args) ?? {};
      const result = await engine.invoke(request.command, request.args, { signal: controller.signal });
      await this.policy?.after(engine, request.command, result, plan).catch(() => {}); // tidying never fails a command
      this.reply({ id: request.id, ok: true, result });
    } catch (error) {
      const info = toErrorInfo(error);
      // A cancelled command's partial is shaped as its result: what it left behind is tidied the same way.
      if (engine && info.code === 'CANCELLED' && info.partial !== undefined) await this.policy?.after(engine, request.command, info.partial as never, plan).catch(() => {});
      else if (engine && plan.uploadToDiscard) await this.policy?.discardUpload(engine, plan.uploadToDiscard).catch(() => {});
      this.reply({ id: request.id, ok: false, error: info });
    } finally {
      if (this.running.get(request.id)?.controller === controller) this.running.delete(request.id);
      if (--this.inFlight < this.maxInFlight && this.socket.isPaused) this.socket.resume();
    }
  }

  private reply(reply: WireReply): void {
    let text: string;
    try {
      text = JSON.stringify(reply);
    } catch (error) {
      text = JSON.stringify({ id: reply.id, ok: false, error: toErrorInfo(error) } satisfies WireReply);
    }
    this.write(text);
  }

  private cancelRunning(): void {
    for (const { command, controller } of this.running.values()) if (CANCEL_ON_CLOSE.has(command)) controller.abort();
    this.running.clear();
  }
}

/** A request, a cancel, or the error to answer (with the request's id when it had a usable one, else 0). */
function parseRequest(text: string): WireRequest | WireCancel | { id: number; error: ErrorInfo } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { id: 0, error: { code: 'INVALID_ARGUMENT', message: `Not a JSON request: ${(error as Error).message}` } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: 0, error: { code: 'INVALID_ARGUMENT', message: 'A request is a JSON object: {"id", "command", "args"}.' } };
  }
  if (isWireCancel(value)) return { cancel: value.cancel };
  const { id, command, args } = value as Record<string, unknown>;
  const replyId = Number.isSafeInteger(id) && (id as number) > 0 ? (id as number) : 0;
  if (replyId === 0) return { id: 0, error: { code: 'INVALID_ARGUMENT', message: 'A request needs a positive whole-number "id".' } };
  if (typeof command !== 'string' || !Object.hasOwn(commandSchemas, command)) {
    return { id: replyId, error: { code: 'INVALID_ARGUMENT', message: `Unknown command "${String(command)}".` } };
  }
  return { id: replyId, command: command as CommandName, args: args ?? {} };
}

/** Every engine event, so the server can forward them all (the one list, in the contract). */
export { ENGINE_EVENT_NAMES } from '../api/eventNames.js';
