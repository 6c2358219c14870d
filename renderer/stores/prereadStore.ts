/**
 * Pre-reading per document: whether the loaded model has a saved reading state of each
 * document (`qa:prereadStatus`), and pre-reads in flight with their stage (`qa:prereadProgress`).
 */
import { create } from 'zustand';
import type { PrereadStatus } from '../../native/api/commands.js';
import { transport } from '../transport/appTransport.js';
import { errorCode, errorMessage, newRequestId } from './requestId.js';

export interface PrereadRun {
  requestId: string;
  stage: string;
}

interface PrereadState {
  /** By document id; absent until asked. */
  statuses: Record<string, PrereadStatus['state']>;
  /** Pre-reads in flight, by document id. */
  running: Record<string, PrereadRun>;
  /** The last failure, by document id. */
  errors: Record<string, string>;
  refresh(documentIds: string[]): Promise<void>;
  preread(documentId: string): Promise<void>;
  cancel(documentId: string): Promise<void>;
}

let progressSubscription: (() => void) | null = null;
/** Stops each pre-read in flight, by document id. */
const stops = new Map<string, AbortController>();

export const usePrereadStore = create<PrereadState>()((set, get) => ({
  statuses: {},
  running: {},
  errors: {},

  async refresh(documentIds) {
    if (documentIds.length === 0) return;
    try {
      const { statuses } = await transport().invoke('qa:prereadStatus', { documentIds: documentIds.slice(0, 1000) });
      set((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(statuses.map((x) => [x.documentId, x.state])) } }));
    } catch {
      // The badges are a hint; the library works without them.
    }
  },

  async preread(documentId) {
    if (get().running[documentId]) return;
    const requestId = newRequestId('preread');
    progressSubscription ??= transport().on('qa:prereadProgress', (p) => {
      set((s) => {
        const entry = Object.entries(s.running).find(([, r]) => r.requestId === p.requestId);
        return entry ? { running: { ...s.running, [entry[0]]: { ...entry[1], stage: p.stage } } } : {};
      });
    });
    set((s) => ({ running: { ...s.running, [documentId]: { requestId, stage: 'waiting' } }, errors: without(s.errors, documentId) }));
    const stop = new AbortController();
    stops.set(documentId, stop);
    try {
      await transport().invoke('qa:preread', { documentIds: [documentId], requestId }, { signal: stop.signal });
    } catch (error) {
      if (errorCode(error) !== 'CANCELLED') set((s) => ({ errors: { ...s.errors, [documentId]: errorMessage(error) } }));
    } finally {
      if (stops.get(documentId) === stop) stops.delete(documentId);
      set((s) => ({ running: without(s.running, documentId) }));
      await get().refresh([documentId]);
    }
  },

  async cancel(documentId) {
    stops.get(documentId)?.abort();
  },
}));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = record;
  return rest;
}
