/** Settings the engine exposes today: the saved reading states (KV cache) and their disk budget, and where and how the engine runs. */
import { create } from 'zustand';
import type { AppInfo } from '../../native/api/commands.js';
import { transport } from '../transport/appTransport.js';
import { formatSize } from '../formatSize.js';
import { errorCode, errorMessage } from './requestId.js';

export interface KvUsage {
  files: number;
  bytes: number;
  budgetBytes: number;
}

interface SettingsState {
  kv: KvUsage | null;
  /** The library folder, models folder, threads and version, from the engine. */
  info: AppInfo | null;
  error: string | null;
  notice: string | null;
  refresh(): Promise<void>;
  setBudget(bytes: number): Promise<void>;
  clearKv(): Promise<void>;
  /** Threads for the model from its next load; null for the default (every core). */
  setThreads(threads: number | null): Promise<void>;
  /** The library folder to open from the next start; null for the default. */
  /** `confirmed` after the person agreed to a folder web mode was not started with. */
  setLibraryDir(libraryDir: string | null, confirmed?: boolean): Promise<void>;
  /** Closes this library and opens another now (and from the next start); the app reloads into it. */
  openLibrary(libraryDir: string, confirmed?: boolean): Promise<void>;
  /** A folder web mode asks the person to confirm before it opens or remembers it. */
  confirmFolder: { libraryDir: string; action: 'open' | 'remember'; message: string } | null;
  cancelConfirm(): void;
  /** Whether a switch is under way. */
  opening: boolean;
}

/**
 * Reloads the app when any tab (or this one) opened another library: every store holds the old
 * library's data, and a fresh start is the one way to drop all of it. Returns the unsubscribe.
 */
export function watchLibrarySwitch(): () => void {
  return transport().on('app:libraryOpened', () => reloadIntoLibrary());
}

/** Reloads onto the Library screen: the URL may name a document of the library just closed. */
function reloadIntoLibrary(): void {
  window.history.replaceState(null, '', '#/library');
  window.location.reload();
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  kv: null,
  opening: false,
  info: null,
  error: null,
  notice: null,

  async refresh() {
    try {
      const [kv, info] = await Promise.all([transport().invoke('kv:usage', {}), transport().invoke('app:info', {})]);
      set({ kv, info, error: null });
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

  async setThreads(threads) {
    try {
      set({ info: await transport().invoke('app:setThreads', { threads }), error: null, notice: 'Threads saved: they apply when a model is next loaded.' });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async setLibraryDir(libraryDir, confirmed) {
    set({ confirmFolder: null });
    try {
      const { nextLibraryDir, ...info } = await transport().invoke('app:setLibraryDir', { libraryDir, ...(confirmed ? { confirmed } : {}) });
      set({ info, error: null, notice: `Lectern will open ${nextLibraryDir} the next time it starts.` });
    } catch (error) {
      if (libraryDir !== null && errorCode(error) === 'CONFIRMATION_NEEDED') set({ confirmFolder: { libraryDir, action: 'remember', message: errorMessage(error) }, error: null });
      else set({ error: errorMessage(error) });
    }
  },

  async openLibrary(libraryDir, confirmed) {
    set({ opening: true, error: null, notice: null, confirmFolder: null });
    try {
      await transport().invoke('app:openLibrary', { libraryDir, ...(confirmed ? { confirmed } : {}) });
      reloadIntoLibrary();
    } catch (error) {
      if (errorCode(error) === 'CONFIRMATION_NEEDED') set({ opening: false, confirmFolder: { libraryDir, action: 'open', message: errorMessage(error) } });
      else set({ opening: false, error: errorMessage(error) });
    }
  },

  confirmFolder: null,
  cancelConfirm() {
    set({ confirmFolder: null });
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
