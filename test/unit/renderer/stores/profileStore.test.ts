import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { UserProfile, UserSummary } from '../../../../native/api/types.js';
import { useProfileStore } from '../../../../renderer/stores/profileStore.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

function profile(user: string, extra: Partial<UserProfile> = {}): UserProfile {
  return { user, learningPaused: false, retentionDays: 90, events: 4, interests: [{ entityId: 1, entity: 'Termination', kind: 'topic', score: 1 }], familiar: [], ...extra };
}
const summary = (id: number, name: string): UserSummary => ({ id, name, createdAt: '2026-01-01', learningPaused: false, retentionDays: 90, events: 0 });

let pausing: 'ok' | 'refuse' = 'ok';
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * One engine for the whole file: the store subscribes to profile:changed once, on the
 * transport of its first load, as the app does at start.
 */
const engine: MemoryTransport = memoryTransport({
  'profile:get': ({ user }) => profile(user),
  'profile:forget': ({ user }) => profile(user, { interests: [] }),
  'profile:setLearning': ({ user, paused }) => {
    if (pausing === 'refuse') throw new LecternError('INTERNAL', 'The profile is locked.');
    return profile(user, { learningPaused: paused });
  },
  'profile:setRetention': ({ user, days }) => profile(user, { retentionDays: days }),
  'users:delete': ({ user }) => ({ deleted: user, events: 4, entities: 1 }),
  'users:list': () => ({ users: [summary(1, 'default'), summary(2, 'ana')] }),
});

beforeEach(() => {
  pausing = 'ok';
  engine.calls.length = 0;
  setTransport(engine);
  useUserStore.setState({ current: 'ana', users: [], error: null });
  useProfileStore.setState({ profile: null, error: null, notice: null });
});

const commands = () => engine.calls.map((c) => c.name);

test("load reads the current user's profile", async () => {
  await useProfileStore.getState().load();
  assert.equal(useProfileStore.getState().profile?.user, 'ana');
  assert.deepEqual(engine.calls[0]!.args, { user: 'ana', limit: 30 });
});

test("another user's profile is not shown while the current one's loads", async () => {
  useProfileStore.setState({ profile: profile('ben'), notice: 'Learning resumed.' });
  const loading = useProfileStore.getState().load();
  assert.deepEqual([useProfileStore.getState().profile, useProfileStore.getState().notice], [null, null]);
  await loading;
  assert.equal(useProfileStore.getState().profile?.user, 'ana');
});

test('forgetting an entity shows the new profile and says it will not be learnt again', async () => {
  await useProfileStore.getState().forget(1, 'Termination');
  assert.deepEqual([useProfileStore.getState().profile?.interests, useProfileStore.getState().notice], [[], 'Forgot “Termination”. It will not be learnt again.']);
});

test('the pause switch moves at once, and moves back when the engine refuses', async () => {
  await useProfileStore.getState().load();
  pausing = 'refuse';
  const pausingNow = useProfileStore.getState().setPaused(true);
  assert.equal(useProfileStore.getState().profile?.learningPaused, true, 'moved before the answer');
  await pausingNow;
  assert.deepEqual([useProfileStore.getState().profile?.learningPaused, useProfileStore.getState().error], [false, 'The profile is locked.']);
  pausing = 'ok';
  await useProfileStore.getState().setPaused(true);
  assert.deepEqual(
    [useProfileStore.getState().profile?.learningPaused, useProfileStore.getState().notice],
    [true, 'Learning paused: nothing you do is recorded until you resume.'],
  );
});

test('retention says how old events must be to go, in days', async () => {
  await useProfileStore.getState().setRetention(1);
  assert.equal(useProfileStore.getState().notice, 'Events older than 1 day will be deleted.');
  await useProfileStore.getState().setRetention(30);
  assert.equal(useProfileStore.getState().notice, 'Events older than 30 days will be deleted.');
});

test('an answer for a user who is no longer current is dropped', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  setTransport(
    memoryTransport({
      'profile:get': async ({ user }) => {
        if (user === 'ana') await gate;
        return profile(user);
      },
    }),
  );
  const slow = useProfileStore.getState().load();
  useUserStore.setState({ current: 'ben' });
  await useProfileStore.getState().load();
  release();
  await slow;
  assert.equal(useProfileStore.getState().profile?.user, 'ben');
});

test('deleting the profile of a named user says so and falls back to the default user', async () => {
  await useProfileStore.getState().deleteProfile();
  assert.equal(useUserStore.getState().current, 'default');
  assert.equal(useProfileStore.getState().profile?.user, 'default');
  assert.equal(useProfileStore.getState().notice, 'Deleted the profile of ana.');
  assert.deepEqual(commands().slice(0, 2), ['users:delete', 'users:list']);
});

test('the default profile is cleared rather than deleted', async () => {
  useUserStore.setState({ current: 'default' });
  await useProfileStore.getState().deleteProfile();
  assert.equal(useProfileStore.getState().notice, 'Cleared the default profile.');
});

test('a profile:changed event for the current user reloads a shown profile; one for another user does not', async () => {
  await useProfileStore.getState().load();
  const before = engine.calls.length;
  engine.emit('profile:changed', { user: 'someone-else' });
  await settled();
  assert.equal(engine.calls.length, before);
  engine.emit('profile:changed', { user: 'ANA' });
  await settled();
  assert.equal(engine.calls.length, before + 1);
});
