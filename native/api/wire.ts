/**
 * What crosses a message transport (WebSocket in web mode): requests carry an id, replies
 * carry it back, errors are values, events carry the request id inside their payload.
 * renderer/transport/Transport.ts declares the same shapes for the renderer.
 */
import type { CommandName, EngineEvents } from './commands.js';

export type WireRequest = { id: number; command: CommandName; args: unknown };
export type WireReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };
export type WireEvent = { event: keyof EngineEvents; payload: unknown };
