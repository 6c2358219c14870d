import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { UserSummary } from '../../../../native/api/types.js';
import { currentUser, DEFAULT_USER, useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

function user(id: number, name: string): UserSummary {
  return { id, name, createdAt: '2026-01-01', learningPaused: false, retentionDays: 90, events: 0 };
}

let users: UserSummary[];
let engine: MemoryTransport;

beforeEach(() => {
  users = [user(1, 'default'), user(2, 'Ana')];
  engine = memoryTransport({
    'users:list': () => ({ users: [...users] }),
    'users:create': ({ name }) => {
      if (users.some((u) => u.name.toLowerCase() === name.toLowerCase())) throw new LecternError('INVALID_ARGUMENT', `There is already a user called ${name}.`);
      const created = user(users.length + 1, name);
      users.push(created);
      return { user: created };
    },
    'users:delete': ({ user: name }) => {
      users = users.filter((u) => u.name.toLowerCase() !== name.toLowerCase() || u.name === DEFAULT_USER);
      return { deleted: name, events: 0, entities: 0 };
    },
  });
  setTransport(engine);
  useUserStore.setState({ current: DEFAULT_USER, users: [], error: null });
});

test('without storage (as in Node) the current user is the default one', () => {
  assert.equal(DEFAULT_USER, 'default');
  assert.equal(currentUser(), 'default');
});

test('refresh lists the users and keeps a current user the engine knows, whatever its case', async () => {
  useUserStore.setState({ current: 'ana' });
  await useUserStore.getState().refresh();
  assert.deepEqual(
    useUserStore.getState().users.map((u) => u.name),
    ['default', 'Ana'],
  );
  assert.equal(currentUser(), 'ana');
});

test('a current user the library does not know (deleted, or of another library) falls back to the default', async () => {
  useUserStore.setState({ current: 'ghost' });
  await useUserStore.getState().refresh();
  assert.equal(currentUser(), 'default');
});

test('create trims the name, adds the user and switches to them', async () => {
  assert.equal(await useUserStore.getState().create('  Ben '), true);
  assert.deepEqual(engine.calls.at(-1), { name: 'users:create', args: { name: 'Ben' } });
  assert.equal(currentUser(), 'Ben');
  assert.ok(useUserStore.getState().users.some((u) => u.name === 'Ben'));
});

test('a refused create keeps the current user and says why', async () => {
  assert.equal(await useUserStore.getState().create('Ana'), false);
  assert.equal(currentUser(), 'default');
  assert.equal(useUserStore.getState().error, 'There is already a user called Ana.');
});

test('removing the current user switches to the default one; removing another keeps the current', async () => {
  useUserStore.setState({ current: 'Ana' });
  assert.equal(await useUserStore.getState().remove('ANA'), true);
  assert.equal(currentUser(), 'default');
  assert.deepEqual(
    useUserStore.getState().users.map((u) => u.name),
    ['default'],
  );
  users.push(user(9, 'Cy'));
  useUserStore.setState({ current: 'default' });
  await useUserStore.getState().remove('Cy');
  assert.equal(currentUser(), 'default');
});

test('switching to the user already current changes nothing', () => {
  let changes = 0;
  const stop = useUserStore.subscribe(() => changes++);
  useUserStore.getState().switchTo('default');
  stop();
  assert.equal(changes, 0);
});
