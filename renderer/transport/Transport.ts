/**
 * How the renderer reaches the engine. Two implementations: Electron IPC through the
 * preload bridge (the desktop app) and WebSocket (web mode). The renderer never knows
 * which it has. Errors arrive as LecternError (rebuilt from { code, message, partial }).
 */
import type { CommandArgs, CommandName, CommandResults, EngineEvents } from '../../native/api/commands.js';

export interface InvokeOptions {
  /**
   * Stops the command in the engine (a cancel message with the request's id). It then rejects
   * with a LecternError of code CANCELLED, whose `partial` holds what it had done, shaped as its
   * result, when it had done part of its work (an answer's text so far, an import's outcomes):
   * see cancelledPartial() in native/api/commands.ts.
   */
  signal?: AbortSignal;
}

export interface Transport {
  invoke<C extends CommandName>(name: C, args: CommandArgs<C>, options?: InvokeOptions): Promise<CommandResults[C]>;
  on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
}

/** What crosses any transport: requests carry an id, replies carry it back, errors are values, a cancel names a request. */
export type { WireCancel, WireEvent, WireReply, WireRequest } from '../../native/api/wire.js';
