/**
 * What travels between the main process and the engine's utility process: the same
 * WireRequest / WireReply / WireEvent as every other transport, plus two lifecycle messages.
 */
import type { ErrorInfo } from '../native/api/errors.js';
import type { WireCancel, WireEvent, WireReply, WireRequest } from '../native/api/wire.js';

export type { WireCancel, WireEvent, WireReply, WireRequest };

/**
 * Main → engine host. `start` (first, once): open the library, with the hex key that seals API
 * key files (null: keep them as 0600 files). A cancel stops a request still running.
 * `shutdown`: close the engine (finish the database, stop workers), then exit.
 */
export type HostInbound = WireRequest | WireCancel | { type: 'start'; secretKey: string | null } | { type: 'shutdown' };

/**
 * Engine host → main. `ready`: the engine opened its library. `startFailed`: it could not
 * (a newer library, an unreadable folder); the message says what to do.
 */
export type HostOutbound = WireReply | WireEvent | { type: 'ready'; libraryDir: string } | { type: 'startFailed'; error: ErrorInfo } | { type: 'closed' };

/** What the renderer gets back for one `invoke`: the reply without its id. Errors are values (a cancelled command's with its `partial`). */
export type InvokeOutcome = { ok: true; result: unknown } | { ok: false; error: ErrorInfo };

export function isWireReply(message: HostOutbound): message is WireReply {
  return typeof (message as WireReply).id === 'number' && typeof (message as WireReply).ok === 'boolean';
}

export function isWireEvent(message: HostOutbound): message is WireEvent {
  return typeof (message as WireEvent).event === 'string';
}
