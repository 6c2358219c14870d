/**
 * How the renderer reaches the engine. Two implementations: Electron IPC through the
 * preload bridge (the desktop app) and WebSocket (web mode). The renderer never knows
 * which it has. Errors arrive as LecternError (rebuilt from { code, message }).
 */
import type { CommandArgs, CommandName, CommandResults, EngineEvents } from '../../native/api/commands.js';

export interface Transport {
  invoke<C extends CommandName>(name: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
  on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
}

/** What crosses any transport: requests carry an id, replies carry it back, errors are values. */
export type WireRequest = { id: number; command: CommandName; args: unknown };
export type WireReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };
export type WireEvent = { event: keyof EngineEvents; payload: unknown };
