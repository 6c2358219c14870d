/**
 * Picks how this window reaches the engine: the Electron preload bridge when the desktop
 * shell exposed one, else a WebSocket to the local web server that served this page.
 */
import { LecternError, type ErrorInfo } from '../../native/api/errors.js';
import type { EngineEvents } from '../../native/api/commands.js';
import type { Transport } from './Transport.js';

/** Events the desktop shell sends itself, outside the engine's contract. */
export type ShellEvent = 'app:importRequested';
import { createWebSocketTransport } from './webSocketTransport.js';
import { webToken } from './webSession.js';

/**
 * What the preload exposes. Its `invoke` resolves to an outcome value, never throws:
 * contextBridge keeps only an Error's message, and the renderer needs the code.
 */
export interface LecternBridge {
  invoke(command: string, args: unknown, callId?: number): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorInfo }>;
  /** Stops the call made with this `callId` (see invoke). */
  cancel(callId: number): void;
  /** Engine events, and the shell's own `app:importRequested` (File › Import… in the menu). */
  on<E extends keyof EngineEvents | ShellEvent>(event: E, listener: (payload: E extends keyof EngineEvents ? EngineEvents[E] : undefined) => void): () => void;
  /** The path of a picked or dropped file (Electron's webUtils.getPathForFile); '' for files the page made. */
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload.cts). Absent in web mode. */
    lectern?: LecternBridge;
  }
}

export function selectTransport(win: Window = window): Transport {
  if (win.lectern) return bridgeTransport(win.lectern);
  const token = webToken(win.location);
  // Without a token in the address the server's per-launch cookie carries it (the page is served that way).
  return createWebSocketTransport(`ws://${win.location.host}/api/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`);
}

function bridgeTransport(bridge: LecternBridge): Transport {
  let nextCallId = 1;
  return {
    async invoke(name, args, options = {}) {
      const { signal } = options;
      if (signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled before it started.');
      const callId = nextCallId++;
      const onAbort = () => bridge.cancel(callId);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const outcome = await bridge.invoke(name, args, callId);
        if (!outcome.ok) throw LecternError.fromInfo(outcome.error);
        return outcome.result as never;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    on: (event, listener) => bridge.on(event, listener as never),
  };
}
