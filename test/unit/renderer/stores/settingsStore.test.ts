import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import type { AppInfo } from '../../../../native/api/commands.js';
import { LecternError } from '../../../../native/api/errors.js';
import { useSettingsStore } from '../../../../renderer/stores/settingsStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

const INFO: AppInfo = { libraryDir: '/home/me/Lectern', modelsDir: '/home/me/Lectern/models', threads: 4, version: '1.0.0' };
let kv: { files: number; bytes: number; budgetBytes: number };
let engine: MemoryTransport;
/** The page reload after a library switch, and the URL set to the Library first: the browser calls the store makes. */
const reload = mock.fn();
const replaceState = mock.fn((_state: unknown, _title: string, _url: string) => {});
(globalThis as { window?: unknown }).window = { location: { reload }, history: { replaceState } };

beforeEach(() => {
  kv = { files: 3, bytes: 3 * 2 ** 20, budgetBytes: 2 ** 30 };
  reload.mock.resetCalls();
  replaceState.mock.resetCalls();
  engine = memoryTransport({
    'kv:usage': () => ({ ...kv }),
    'kv:setBudget': ({ bytes }) => ({ ...kv, budgetBytes: bytes }),
    'kv:clear': () => {
      const freedBytes = kv.bytes;
      kv = { ...kv, files: 0, bytes: 0 };
      return { freedBytes };
    },
    'app:info': () => INFO,
    'app:setThreads': ({ threads }) => ({ ...INFO, threads: threads ?? 16 }),
    'app:setLibraryDir': ({ libraryDir, confirmed }) => {
      if (libraryDir === '/elsewhere' && !confirmed) throw new LecternError('CONFIRMATION_NEEDED', 'Confirm that Lectern may open /elsewhere.');
      if (libraryDir === '/readonly') throw new LecternError('FILE_UNREADABLE', 'Cannot write to /readonly.');
      return { ...INFO, nextLibraryDir: libraryDir ?? '/home/me/Lectern' };
    },
    'app:openLibrary': ({ libraryDir, confirmed }) => {
      if (libraryDir === '/elsewhere' && !confirmed) throw new LecternError('CONFIRMATION_NEEDED', 'Confirm that Lectern may open /elsewhere.');
      return INFO;
    },
  });
  setTransport(engine);
  useSettingsStore.setState({ kv: null, info: null, error: null, notice: null, confirmFolder: null, opening: false });
});

test('refresh reads the saved reading states and where the engine runs', async () => {
  await useSettingsStore.getState().refresh();
  assert.deepEqual([useSettingsStore.getState().kv, useSettingsStore.getState().info], [kv, INFO]);
});

test('the budget is sent as whole, non-negative bytes', async () => {
  await useSettingsStore.getState().setBudget(1536.6);
  await useSettingsStore.getState().setBudget(-5);
  assert.deepEqual(
    engine.calls.map((c) => c.args),
    [{ bytes: 1537 }, { bytes: 0 }],
  );
  assert.equal(useSettingsStore.getState().notice, 'Budget saved.');
});

test('clearing the saved states says how much was freed and shows the usage after', async () => {
  await useSettingsStore.getState().clearKv();
  assert.equal(useSettingsStore.getState().notice, 'Freed 3.0 MB.');
  assert.deepEqual(useSettingsStore.getState().kv, { files: 0, bytes: 0, budgetBytes: 2 ** 30 });
});

test('threads are saved for the next model load', async () => {
  await useSettingsStore.getState().setThreads(8);
  assert.deepEqual([useSettingsStore.getState().info?.threads, useSettingsStore.getState().notice], [8, 'Threads saved: they apply when a model is next loaded.']);
});

test('a folder that needs confirming asks the person instead of failing, and confirming remembers it', async () => {
  await useSettingsStore.getState().setLibraryDir('/elsewhere');
  assert.deepEqual(useSettingsStore.getState().confirmFolder, { libraryDir: '/elsewhere', action: 'remember', message: 'Confirm that Lectern may open /elsewhere.' });
  assert.equal(useSettingsStore.getState().error, null);
  await useSettingsStore.getState().setLibraryDir('/elsewhere', true);
  assert.deepEqual([useSettingsStore.getState().confirmFolder, useSettingsStore.getState().notice], [null, 'Lectern will open /elsewhere the next time it starts.']);
});

test('any other refusal is an error, not a question', async () => {
  await useSettingsStore.getState().setLibraryDir('/readonly');
  assert.deepEqual([useSettingsStore.getState().confirmFolder, useSettingsStore.getState().error], [null, 'Cannot write to /readonly.']);
});

test('opening another library reloads the app onto its Library; one needing confirmation asks first and does not reload', async () => {
  await useSettingsStore.getState().openLibrary('/elsewhere');
  assert.equal(reload.mock.callCount(), 0);
  assert.deepEqual([useSettingsStore.getState().opening, useSettingsStore.getState().confirmFolder?.action], [false, 'open']);
  useSettingsStore.getState().cancelConfirm();
  assert.equal(useSettingsStore.getState().confirmFolder, null);
  await useSettingsStore.getState().openLibrary('/elsewhere', true);
  assert.equal(reload.mock.callCount(), 1);
  assert.equal(replaceState.mock.calls[0]?.arguments[2], '#/library', 'the new library opens on its Library, not on a document of the old one');
  assert.deepEqual(engine.calls.at(-1)?.args, { libraryDir: '/elsewhere', confirmed: true });
});
