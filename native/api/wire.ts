/**
 * What crosses a message transport (WebSocket in web mode, the desktop app's engine process):
 * requests carry an id, replies carry it back, errors are values, events carry the request id
 * inside their payload. A cancel names the id of a request still running: that request then
 * ends as a cancelled command does (see CallOptions in native/commands/CommandHandler.ts) and
 * is answered as usual, with CANCELLED and, when it had done part of its work, `partial`; the
 * cancel itself gets no reply.
 */
import type { CommandName, EngineEvents } from './commands.js';
import type { ErrorInfo } from './errors.js';

export type WireRequest = { id: number; command: CommandName; args: unknown };
export type WireCancel = { cancel: number };
export type WireReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ErrorInfo };
export type WireEvent = { event: keyof EngineEvents; payload: unknown };

/** True for a well-formed cancel message: `{ "cancel": <positive whole number> }`. */
export function isWireCancel(value: unknown): value is WireCancel {
  if (typeof value !== 'object' || value === null) return false;
  const id = (value as { cancel?: unknown }).cancel;
  return Number.isSafeInteger(id) && (id as number) > 0;
}
