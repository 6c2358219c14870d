/** Settings the engine exposes today: the saved reading states (KV cache) and their disk budget. */
import { create } from 'zustand';
import { transport } from '../transport/appTransport.js';
import { formatSize } from '../formatSize.js';
import { errorMessage } from './requestId.js';

export interface KvUsage {
  files: number;
  bytes: number;
  budgetBytes: number;
}

interface SettingsState {
  kv: KvUsage | null;
  error: string | null;
  notice: string | null;
  refresh(): Promise<void>;
  setBudget(bytes: number): Promise<void>;
  clearKv(): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  kv: null,
  error: null,
  notice: null,

  async refresh() {
    try {
      set({ kv: await transport().invoke('kv:usage', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async setBudget(bytes) {
    try {
      set({ kv: await transport().invoke('kv:setBudget', { bytes: Math.max(0, Math.round(bytes)) }), error: null, notice: 'Budget saved.' });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async clearKv() {
    try {
      const { freedBytes } = await transport().invoke('kv:clear', {});
      set({ kv: await transport().invoke('kv:usage', {}), error: null, notice: `Freed ${formatSize(freedBytes)}.` });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
