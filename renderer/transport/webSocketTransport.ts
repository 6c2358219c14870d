/**
 * Web mode's transport: one WebSocket to the local server (native/server/WebServer.ts).
 * Requests carry an id and replies carry it back, so long commands overlap; engine events
 * arrive on the same socket. Browser only: the DOM's WebSocket, no Node import.
 */
import { LecternError, type ErrorInfo } from '../../native/api/errors.js';
import type { CommandArgs, CommandName, CommandResults, EngineEvents } from '../../native/api/commands.js';
import type { InvokeOptions, Transport, WireCancel, WireEvent, WireReply, WireRequest } from './Transport.js';

export interface WebSocketTransport extends Transport {
  /** Called with true when the socket opens and false when it drops; returns an unsubscribe. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** Closes the socket for good: no reconnect; unanswered calls are rejected. */
  close(): void;
}

export interface WebSocketTransportOptions {
  /** First reconnect delay; doubles per failed attempt. Default 250 ms. */
  minDelayMs?: number;
  /** Longest reconnect delay. Default 5000 ms. */
  maxDelayMs?: number;
}

type Pending = { resolve: (result: unknown) => void; reject: (error: LecternError) => void; message: string };

export const CONNECTION_LOST = "Lost the connection to Lectern's engine. Check that `lectern web` (or `npm run web`) is still running.";

/**
 * `url` is the socket address with its token, e.g. `ws://127.0.0.1:41234/api/ws?token=…`.
 * Connects at once and reconnects with backoff whenever the socket drops. A call made while
 * the socket is down waits for the next connection; every call not yet answered when a
 * connection closes (or fails to open) is rejected with INTERNAL "Lost the connection…",
 * since its reply can no longer arrive.
 */
export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): WebSocketTransport {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const pending = new Map<number, Pending>();
  const unsent: number[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let delay = minDelay;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const connect = () => {
    retryTimer = null;
    const ws = new WebSocket(url);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delay = minDelay;
      for (const id of unsent.splice(0)) {
        const call = pending.get(id);
        if (call) ws.send(call.message);
      }
      for (const l of connectionListeners) l(true);
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data === 'string') receive(e.data);
    };
    // A failed connection is followed by close, which handles it; a handler keeps it from counting as unhandled.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket === ws) socket = null;
      failAll();
      if (opened) for (const l of connectionListeners) l(false);
      if (!closed) {
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    };
  };

  const failAll = () => {
    const error = new LecternError('INTERNAL', CONNECTION_LOST);
    const calls = [...pending.values()];
    pending.clear();
    unsent.length = 0;
    for (const call of calls) call.reject(error);
  };

  const receive = (data: string) => {
    let message: WireReply | WireEvent;
    try {
      message = JSON.parse(data) as WireReply | WireEvent;
    } catch {
      return; // the server only sends JSON; anything else is not ours to act on
    }
    if ('event' in message) {
      for (const l of listeners.get(message.event) ?? []) l(message.payload);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(LecternError.fromInfo(message.error as ErrorInfo));
  };

  connect();

  return {
    invoke<C extends CommandName>(command: C, args: CommandArgs<C>, options: InvokeOptions = {}): Promise<CommandResults[C]> {
      if (closed) return Promise.reject(new LecternError('INTERNAL', CONNECTION_LOST));
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(new LecternError('CANCELLED', 'Cancelled before it started.'));
      const id = nextId++;
      const request: WireRequest = { id, command, args };
      return new Promise<CommandResults[C]>((resolve, reject) => {
        const message = JSON.stringify(request);
        const onAbort = () => {
          if (!pending.has(id)) return;
          const waiting = unsent.indexOf(id);
          if (waiting >= 0) {
            // Never sent: nothing ran in the engine, so the call ends here.
            unsent.splice(waiting, 1);
            pending.delete(id);
            reject(new LecternError('CANCELLED', 'Cancelled before it started.'));
          } else if (socket?.readyState === WebSocket.OPEN) {
            socket.send(JSON.stringify({ cancel: id } satisfies WireCancel)); // the reply says how it ended
          }
        };
        const settle =
          <T>(done: (value: T) => void) =>
          (value: T) => {
            signal?.removeEventListener('abort', onAbort);
            done(value);
          };
        pending.set(id, { resolve: settle(resolve as (result: unknown) => void), reject: settle(reject), message });
        signal?.addEventListener('abort', onAbort, { once: true });
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else unsent.push(id);
      });
    },
    on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket?.close(1000);
      socket = null;
      failAll();
    },
  };
}
