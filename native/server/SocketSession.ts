/**
 * One browser tab's WebSocket: WireRequest in, WireReply out, each request on its own so a
 * long import or answer never holds up a quick `library:list`. Events go out separately
 * (the server broadcasts them to every session).
 */
import { WebSocket } from 'ws';
import { commandSchemas, type CommandName, type EngineEvents } from '../api/commands.js';
import { toErrorInfo, type ErrorInfo } from '../api/errors.js';
import type { WireEvent, WireReply, WireRequest } from '../api/wire.js';
import type { Engine } from '../engine.js';
import type { WebCommandPolicy } from './WebCommandPolicy.js';

/** Requests whose work outlives a lost reply are stopped when their socket closes (a closed tab, a reload). */
const CANCEL_ON_CLOSE: Partial<Record<CommandName, (engine: Engine, requestId: string) => unknown>> = {
  'library:ingest': (engine, requestId) => engine.cancelIngest(requestId),
  'qa:ask': (engine, requestId) => engine.invoke('qa:cancel', { requestId }),
  'models:add': (engine, requestId) => engine.invoke('models:cancel', { requestId }),
};

/** The close code for a client that stops reading its replies (4000–4999: the application's own). */
export const CLOSE_NOT_READING = 4008;

export interface SocketLimits {
  /** Replies and events queued for a client that does not read them, in bytes, before its socket is dropped. Default 16 MiB. */
  maxBufferedBytes?: number;
  /** Requests running at once; reading more from the socket waits until one ends. Default 32. */
  maxInFlight?: number;
}

export class SocketSession {
  /** Request ids (from args.requestId) of commands still running, with their command. */
  private readonly running = new Map<string, CommandName>();
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
    if ('error' in request) {
      this.reply({ id: request.id, ok: false, error: request.error });
      return;
    }
    const requestId = requestIdOf(request.args);
    if (requestId !== null) this.running.set(requestId, request.command);
    // Backpressure on the way in: a client firing requests faster than they end waits in its own socket buffer.
    if (++this.inFlight >= this.maxInFlight) this.socket.pause();
    try {
      const engine = this.engine();
      const plan = this.policy?.before(engine, request.command, request.args) ?? {};
      const result = await engine.invoke(request.command, request.args);
      await this.policy?.after(engine, request.command, result, plan).catch(() => {}); // tidying never fails a command
      this.reply({ id: request.id, ok: true, result });
    } catch (error) {
      this.reply({ id: request.id, ok: false, error: toErrorInfo(error) });
    } finally {
      if (requestId !== null) this.running.delete(requestId);
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
    for (const [requestId, command] of this.running) {
      Promise.resolve()
        .then(() => CANCEL_ON_CLOSE[command]?.(this.engine(), requestId))
        .catch(() => {}); // best effort: the work may have just finished
    }
    this.running.clear();
  }
}

/** A request, or the error to answer (with the request's id when it had a usable one, else 0). */
function parseRequest(text: string): WireRequest | { id: number; error: ErrorInfo } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { id: 0, error: { code: 'INVALID_ARGUMENT', message: `Not a JSON request: ${(error as Error).message}` } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: 0, error: { code: 'INVALID_ARGUMENT', message: 'A request is a JSON object: {"id", "command", "args"}.' } };
  }
  const { id, command, args } = value as Record<string, unknown>;
  const replyId = Number.isSafeInteger(id) && (id as number) > 0 ? (id as number) : 0;
  if (replyId === 0) return { id: 0, error: { code: 'INVALID_ARGUMENT', message: 'A request needs a positive whole-number "id".' } };
  if (typeof command !== 'string' || !Object.hasOwn(commandSchemas, command)) {
    return { id: replyId, error: { code: 'INVALID_ARGUMENT', message: `Unknown command "${String(command)}".` } };
  }
  return { id: replyId, command: command as CommandName, args: args ?? {} };
}

function requestIdOf(args: unknown): string | null {
  const id = (args as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Every engine event, so the server can forward them all; the compiler flags a new one missing here. */
export const ENGINE_EVENT_NAMES = Object.keys({
  'library:ingestProgress': true,
  'library:changed': true,
  'library:rereadProgress': true,
  'library:rereadFinished': true,
  'qa:answerDelta': true,
  'qa:prereadProgress': true,
  'qa:stateDiscarded': true,
  'models:downloadProgress': true,
  'knowledge:backfillProgress': true,
  'profile:changed': true,
  'app:libraryOpened': true,
} satisfies Record<keyof EngineEvents, true>) as Array<keyof EngineEvents>;
