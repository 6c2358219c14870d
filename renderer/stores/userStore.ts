/**
 * Who is reading: the current local user (kept in localStorage, `default` until someone picks
 * another), the users the engine knows, and creating, switching and deleting them. Every
 * knowledge command the other stores send carries `current`.
 */
import { create } from 'zustand';
import type { UserSummary } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';

export const DEFAULT_USER = 'default';
const STORAGE_KEY = 'lectern.user';

interface UserState {
  current: string;
  users: UserSummary[];
  error: string | null;
  refresh(): Promise<void>;
  switchTo(name: string): void;
  /** Creates the user and switches to them; false (with `error` set) when the engine refused. */
  create(name: string): Promise<boolean>;
  /** Deletes the user's profile; deleting the current user switches to `default`. */
  remove(name: string): Promise<boolean>;
}

function storedUser(): string {
  try {
    return localStorage.getItem(STORAGE_KEY)?.trim() || DEFAULT_USER;
  } catch {
    return DEFAULT_USER; // storage can be disabled; the default user still works
  }
}

function storeUser(name: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // Not kept across restarts then; nothing else depends on it.
  }
}

export const useUserStore = create<UserState>()((set, get) => ({
  current: storedUser(),
  users: [],
  error: null,

  async refresh() {
    try {
      const { users } = await transport().invoke('users:list', {});
      set({ users, error: null });
      // The stored name may belong to another library, or have been deleted from the CLI.
      const current = get().current;
      if (users.length > 0 && !users.some((u) => u.name.toLowerCase() === current.toLowerCase())) {
        get().switchTo(users.find((u) => u.name === DEFAULT_USER)?.name ?? users[0]!.name);
      }
    } catch (error) {
      set({ error: `Could not list the users: ${errorMessage(error)}` });
    }
  },

  switchTo(name) {
    if (name === get().current) return;
    storeUser(name);
    set({ current: name });
  },

  async create(name) {
    try {
      const { user } = await transport().invoke('users:create', { name: name.trim() });
      set((s) => ({ users: [...s.users.filter((u) => u.id !== user.id), user], error: null }));
      get().switchTo(user.name);
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return false;
    }
  },

  async remove(name) {
    try {
      await transport().invoke('users:delete', { user: name });
      set({ error: null });
      if (get().current.toLowerCase() === name.toLowerCase()) get().switchTo(DEFAULT_USER);
      await get().refresh();
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return false;
    }
  },
}));

/** The user knowledge commands are sent for. */
export function currentUser(): string {
  return useUserStore.getState().current;
}
