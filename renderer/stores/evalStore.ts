/**
 * "Check how far this model reads": one needle run at a time ('eval:needles'), its cells as
 * they come ('eval:progress'), the finished (or stopped) grid, and Stop through the
 * transport's signal.
 */
import { create } from 'zustand';
import { cancelledPartial } from '../../native/api/commands.js';
import type { NeedleCell, NeedleGrid } from '../../native/api/evalTypes.js';
import type { ContextScale } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage, newRequestId } from './requestId.js';

export interface NeedleRun {
  requestId: string;
  documentId: string;
  done: number;
  /** Unknown until the first cell is checked. */
  total: number | null;
  /** Cells checked so far, in the order run. */
  cells: NeedleCell[];
}

interface EvalState {
  running: NeedleRun | null;
  /** The last run's grid: finished, or what a stopped run had done (`complete: false`). */
  grid: NeedleGrid | null;
  error: string | null;
  /** Checks the loaded model on a document; `contextScale` reloads it at that scale for the check only. */
  checkNeedles(documentId: string, options?: { contextScale?: ContextScale }): Promise<void>;
  /** Stops the run; the cells done stay in `grid`. */
  cancel(): void;
}

let progressSubscription: (() => void) | null = null;
let stop: AbortController | null = null;

export const useEvalStore = create<EvalState>()((set, get) => ({
  running: null,
  grid: null,
  error: null,

  async checkNeedles(documentId, options = {}) {
    if (get().running) return;
    const requestId = newRequestId('needles');
    progressSubscription ??= transport().on('eval:progress', (p) => {
      const run = get().running;
      if (!run || p.requestId !== run.requestId) return;
      set({ running: { ...run, done: p.done, total: p.total, cells: [...run.cells, p.cell] } });
    });
    const controller = new AbortController();
    stop = controller;
    set({ running: { requestId, documentId, done: 0, total: null, cells: [] }, grid: null, error: null });
    try {
      const grid = await transport().invoke(
        'eval:needles',
        { documentId, requestId, ...(options.contextScale ? { contextScale: options.contextScale } : {}) },
        { signal: controller.signal },
      );
      set({ grid });
    } catch (error) {
      const partial = cancelledPartial(error, 'eval:needles');
      if (partial) set({ grid: partial });
      else if ((error as { code?: unknown } | null)?.code !== 'CANCELLED') set({ error: `Could not check the model: ${errorMessage(error)}` });
    } finally {
      if (stop === controller) stop = null;
      set({ running: null });
    }
  },

  cancel() {
    stop?.abort();
  },
}));
