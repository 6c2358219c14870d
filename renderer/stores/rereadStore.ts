/**
 * Re-reading documents an older Lectern imported, which the engine starts on its own when it
 * opens a library: its progress (`library:rereadProgress`), how it ended (`library:rereadFinished`),
 * and Stop (through the transport: see stop()). A window that opens while it runs, or after it ended, asks where it stands
 * (`library:rereadStatus`), so it shows the same as a window that saw it start.
 */
import { create } from 'zustand';
import type { RereadResult } from '../../native/api/types.js';
import { cancelledPartial } from '../../native/api/commands.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';

/** Where the person's "dismiss" of a summary is remembered, by the re-read's start time. */
const DISMISSED_KEY = 'lectern.rereadDismissed';

interface RereadState {
  /** True once the engine said where re-reading stands (or could not): until then nothing is shown for certain. */
  known: boolean;
  /** True while the engine re-reads. */
  running: boolean;
  /** Documents handled so far (re-read or left alone), and in all. */
  done: number;
  total: number;
  /** When the re-read shown started, to remember a dismissed summary across reloads. */
  startedAt: string | null;
  /** How the last re-read ended; cleared when the person dismisses it. */
  result: RereadResult | null;
  /** Stop was pressed and the engine is finishing the document under way. */
  stopping: boolean;
  error: string | null;
  stop(): Promise<void>;
  dismiss(): void;
}

export const useRereadStore = create<RereadState>()((set, get) => ({
  known: false,
  running: false,
  done: 0,
  total: 0,
  startedAt: null,
  result: null,
  stopping: false,
  error: null,

  async stop() {
    if (!get().running || get().stopping) return;
    set({ stopping: true, error: null });
    // The engine started the re-read, so this window has no request of it to abort: it joins
    // the re-read (`join` never starts one) and aborts that request, which stops the re-read.
    const stop = new AbortController();
    const joined = transport().invoke('library:reread', { join: true }, { signal: stop.signal });
    stop.abort();
    try {
      await joined; // resolves only when the re-read ended before the request reached it
      set({ stopping: false });
    } catch (error) {
      // CANCELLED with the re-read's result is the stop taking effect; 'library:rereadFinished' then shows how it ended.
      // Without one, the request never reached the engine (no connection).
      if (!cancelledPartial(error, 'library:reread')) set({ stopping: false, error: `Could not stop: ${errorMessage(error)}` });
    }
  },

  dismiss() {
    const { startedAt } = get();
    if (startedAt) {
      try {
        localStorage.setItem(DISMISSED_KEY, startedAt);
      } catch {
        // Storage may be off; the summary is then dismissed until the next reload only.
      }
    }
    set({ result: null, error: null });
  },
}));

function dismissedAt(): string | null {
  try {
    return localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/** Follows re-reads from now on, after asking where one stands. Returns the unsubscribe. */
export function watchReread(): () => void {
  const set = useRereadStore.setState;
  // Subscribed before asking: an event and the reply arrive in the order the engine sent them.
  const offProgress = transport().on('library:rereadProgress', (p) => {
    // Events come only while a re-read runs; the last is followed by 'library:rereadFinished'.
    set((s) => ({ running: p.total > 0, done: p.done, total: p.total, ...(s.running ? {} : { result: null, stopping: false, error: null }) }));
  });
  const offFinished = transport().on('library:rereadFinished', ({ requestId: _, startedAt, ...result }) => {
    const worthShowing = result.documents > 0 || result.skipped.length > 0 || result.cancelled;
    set({ running: false, stopping: false, startedAt, result: worthShowing && dismissedAt() !== startedAt ? result : null });
  });
  void transport()
    .invoke('library:rereadStatus', {})
    .then((status) => {
      if (!status.startedAt) return set({ known: true });
      const worthShowing = status.result && (status.result.documents > 0 || status.result.skipped.length > 0 || status.result.cancelled);
      set({
        known: true,
        running: status.running,
        startedAt: status.startedAt,
        done: status.progress?.done ?? 0,
        total: status.progress?.total ?? 0,
        result: worthShowing && dismissedAt() !== status.startedAt ? status.result : null,
      });
    })
    .catch(() => {
      // An engine without re-reads to report; the app works the same.
      set({ known: true });
    });
  return () => {
    offProgress();
    offFinished();
  };
}
