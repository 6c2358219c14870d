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

/** Requests whose work outlives a lost reply are stopped when their socket closes (a closed tab, a reload). */
const CANCEL_ON_CLOSE: Partial<Record<CommandName, (engine: Engine, requestId: string) => unknown>> = {
  'library:ingest': (engine, requestId) => engine.cancelIngest(requestId),
  'qa:ask': (engine, requestId) => engine.invoke('qa:cancel', { requestId }),
  'models:add': (engine, requestId) => engine.invoke('models:cancel', { requestId }),
};

export class SocketSession {
  /** Request ids (from args.requestId) of commands still running, with their command. */
  private readonly running = new Map<string, CommandName>();

  constructor(
    private readonly socket: WebSocket,
    /** The engine of the library open now (it changes when another library is opened). */
    private readonly engine: () => Engine,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.reply({ id: 0, ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Send requests as JSON text, not binary frames.' } });
      else void this.handle(data.toString());
    });
    socket.on('close', () => this.cancelRunning());
  }

  send(event: WireEvent): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(event));
  }

  private async handle(text: string): Promise<void> {
    const request = parseRequest(text);
    if ('error' in request) {
      this.reply({ id: request.id, ok: false, error: request.error });
      return;
    }
    const requestId = requestIdOf(request.args);
    if (requestId !== null) this.running.set(requestId, request.command);
    try {
      const result = await this.engine().invoke(request.command, request.args);
      this.reply({ id: request.id, ok: true, result });
    } catch (error) {
      this.reply({ id: request.id, ok: false, error: toErrorInfo(error) });
    } finally {
      if (requestId !== null) this.running.delete(requestId);
    }
  }

  private reply(reply: WireReply): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(reply);
    } catch (error) {
      text = JSON.stringify({ id: reply.id, ok: false, error: toErrorInfo(error) } satisfies WireReply);
    }
    this.socket.send(text);
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
