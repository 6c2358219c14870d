/**
 * What Lectern has learnt about the current user (`profile:get`) and their controls over it:
 * forget an entity, pause learning, the retention of the event log, export. Follows the user
 * picker and the engine's `profile:changed`.
 */
import { create } from 'zustand';
import type { ProfileExport, UserProfile } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';
import { currentUser, DEFAULT_USER, useUserStore } from './userStore.js';

const PROFILE_LIMIT = 30;

interface ProfileState {
  profile: UserProfile | null;
  error: string | null;
  notice: string | null;
  load(): Promise<void>;
  forget(entityId: number, name: string): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  setRetention(days: number): Promise<void>;
  /** Everything kept about the current user, to save as a file; null when it failed (`error` says why). */
  exportProfile(): Promise<ProfileExport | null>;
  deleteProfile(): Promise<void>;
}

let generation = 0;
let changeSubscription: (() => void) | null = null;

export const useProfileStore = create<ProfileState>()((set, get) => {
  /** Runs a profile command for the user current when it started; its answer is dropped if the user changed meanwhile. */
  const apply = async (run: (user: string) => Promise<UserProfile>, notice: string | null = null) => {
    const mine = ++generation;
    try {
      const profile = await run(currentUser());
      if (mine === generation) set({ profile, error: null, notice });
    } catch (error) {
      if (mine === generation) set({ error: errorMessage(error), notice: null });
    }
  };

  return {
    profile: null,
    error: null,
    notice: null,

    async load() {
      changeSubscription ??= transport().on('profile:changed', (p) => {
        if (p.user.toLowerCase() === currentUser().toLowerCase() && get().profile) void get().load();
      });
      if (get().profile && get().profile!.user.toLowerCase() !== currentUser().toLowerCase()) set({ profile: null, notice: null });
      await apply((user) => transport().invoke('profile:get', { user, limit: PROFILE_LIMIT }), get().notice);
    },

    forget: (entityId, name) => apply((user) => transport().invoke('profile:forget', { user, entityId }), `Forgot “${name}”. It will not be learnt again.`),
    async setPaused(paused) {
      // The switch moves at once; the engine's answer confirms it, or it moves back.
      const profile = get().profile;
      if (profile) set({ profile: { ...profile, learningPaused: paused } });
      await apply(
        (user) => transport().invoke('profile:setLearning', { user, paused }),
        paused ? 'Learning paused: nothing you do is recorded until you resume.' : 'Learning resumed.',
      );
      const after = get().profile;
      if (get().error && after) set({ profile: { ...after, learningPaused: !paused } });
    },
    setRetention: (days) =>
      apply((user) => transport().invoke('profile:setRetention', { user, days }), `Events older than ${days} ${days === 1 ? 'day' : 'days'} will be deleted.`),

    async exportProfile() {
      try {
        const data = await transport().invoke('profile:export', { user: currentUser() });
        set({ error: null, notice: 'Profile exported.' });
        return data;
      } catch (error) {
        set({ error: errorMessage(error), notice: null });
        return null;
      }
    },

    async deleteProfile() {
      const user = currentUser();
      if (await useUserStore.getState().remove(user)) {
        // The default user is cleared rather than deleted: whoever has not picked a profile still has one.
        const notice = user.toLowerCase() === DEFAULT_USER ? 'Cleared the default profile.' : `Deleted the profile of ${user}.`;
        set({ profile: null, notice });
        await get().load();
      } else {
        set({ error: useUserStore.getState().error, notice: null });
      }
    },
  };
});
