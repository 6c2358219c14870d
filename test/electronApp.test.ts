/**
 * The desktop app end to end with Playwright's Electron driver: the real main process,
 * preload, app protocol and engine utility process. Runs only where an Electron binary is
 * installed (it is downloaded on first use, which this machine cannot do) and better-sqlite3
 * is built for Electron (`npm run rebuild:electron`); otherwise it is skipped and says why.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The installed Electron executable, found the way `require('electron')` finds it but without
 * its side effect: that require downloads the binary when it is missing, which hangs offline.
 */
function installedElectron(): string | null {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : path.join(dir, 'dist', relative);
    return fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/** better-sqlite3 is built for one ABI at a time; the app needs Electron's. */
function sqliteBuiltForNode(): boolean {
  try {
    require('better-sqlite3');
    return true;
  } catch {
    return false;
  }
}

function skipReason(): string | false {
  if (!installedElectron()) {
    return 'Electron binary not installed (downloads are not reachable here); run `npx install-electron --no` (or `node node_modules/electron/install.js`) where the network is reachable to enable this test';
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return 'the renderer is not built; run `npm run build` first';
  if (sqliteBuiltForNode()) {
    return 'better-sqlite3 is built for Node, not Electron; run `npm run rebuild:electron` to enable this test (and `npm rebuild better-sqlite3` afterwards for the Node tests)';
  }
  return false;
}

const skip = skipReason();

describe('desktop app (Electron)', { skip }, () => {
  let app: ElectronApplication;
  let page: Page;
  let dir: string;

  before(async () => {
    dir = makeTempDir('lectern-electron-');
    app = await _electron.launch({
      executablePath: installedElectron()!,
      args: [ROOT],
      cwd: ROOT,
      env: {
        ...process.env,
        LECTERN_LIBRARY: path.join(dir, 'library'),
        // Where userData (and the single-instance lock) live on Linux and Windows: a fresh one per run.
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        APPDATA: path.join(dir, 'config'),
      },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    if (dir) removeDir(dir);
  });

  test('the window loads the app from lectern://app/ with an isolated, sandboxed page', async () => {
    assert.match(page.url(), /^lectern:\/\/app\//);
    const probe = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      const bridge = w.lectern as Record<string, unknown> | undefined;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
      };
    });
    assert.deepEqual(probe, { require: 'undefined', process: 'undefined', module: 'undefined', bridgeKeys: ['invoke', 'on', 'pathForFile'] });
  });

  test('the library view is visible', async () => {
    await page
      .getByRole('heading', { name: /library/i })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  });

  test('IPC reaches the engine: library:list answers, an unknown command is refused', async () => {
    const outcome = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { lectern: { invoke(c: string, a: unknown): Promise<unknown> } }).lectern;
      return {
        list: await bridge.invoke('library:list', {}),
        unknown: await bridge.invoke('fs:readFile', { path: '/etc/passwd' }),
        badArgs: await bridge.invoke('library:get', { id: 42 }),
      };
    });
    assert.deepEqual(outcome.list, { ok: true, result: { documents: [] } });
    assert.equal((outcome.unknown as { ok: boolean }).ok, false);
    assert.equal((outcome.badArgs as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
  });

  test('navigating away is blocked and new windows are denied', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string, target: string): unknown }).open('lectern://app/', '_blank') === null);
    assert.equal(opened, true);
    assert.equal(app.windows().length, 1);
  });

  test('the app keeps its data where the CLI looks: <userData> is …/Lectern', { skip: process.platform === 'darwin' && 'macOS ignores XDG_CONFIG_HOME' }, async () => {
    const userData = await app.evaluate(({ app }) => app.getPath('userData'));
    assert.equal(userData, path.join(dir, 'config', 'Lectern'));
  });
});
