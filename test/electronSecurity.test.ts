/**
 * The desktop shell's security rules, proven in plain Node: which pages may use IPC, which
 * commands and events pass, which paths the app protocol serves, the CSP, external links,
 * files from the command line, and the preload bridge itself (run against a stand-in for the
 * `electron` module, since the Electron binary cannot be installed here).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, test } from 'node:test';
import { commandSchemas } from '../native/api/commands.js';
import { filesFromArgv } from '../electron/launchArgs.js';
import {
  CONTENT_SECURITY_POLICY,
  ENGINE_EVENT_NAMES,
  documentFileRoute,
  isCommandName,
  isPermissionCheckAllowed,
  isSafeExternalUrl,
  isTrustedSender,
  resolveAppAsset,
} from '../electron/security.js';

const PRELOAD = fileURLToPath(new URL('../electron/preload.cjs', import.meta.url));

describe('IPC sender check', () => {
  test('accepts only frames showing the app’s own lectern://app/ pages', () => {
    for (const url of ['lectern://app/', 'lectern://app/index.html', 'lectern://app/library?x=1#top']) assert.equal(isTrustedSender(url), true, url);
    for (const url of [
      undefined,
      null,
      '',
      'about:blank',
      'lectern://evil/',
      'lectern://app.evil/',
      'lectern://user:pw@app/',
      'LECTERNX://app/',
      'https://app/',
      'http://127.0.0.1:5173/',
      'file:///home/me/index.html',
      'javascript:alert(1)',
      'data:text/html,<p>hi',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      assert.equal(isTrustedSender(url), false, String(url));
    }
  });
});

describe('command and event allowlists', () => {
  test('every command of the contract is allowed, and nothing else (not even Object.prototype’s names)', () => {
    for (const name of Object.keys(commandSchemas)) assert.equal(isCommandName(name), true, name);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'library:nope', 'library:list ', '', 42, null, undefined, {}]) {
      assert.equal(isCommandName(name), false, String(name));
    }
  });

  test('the engine host relays exactly the events of the contract', () => {
    assert.deepEqual([...ENGINE_EVENT_NAMES].sort(), [
      'annotations:changed',
      'app:libraryOpened',
      'embeddings:dimensionChanged',
      'embeddings:progress',
      'eval:progress',
      'knowledge:backfillProgress',
      'library:changed',
      'library:ingestProgress',
      'library:ocrProgress',
      'library:rereadFinished',
      'library:rereadProgress',
      'models:downloadProgress',
      'profile:changed',
      'qa:answerDelta',
      'qa:prereadProgress',
      'qa:stateDiscarded',
    ]);
  });
});

describe('app protocol paths', () => {
  const root = path.resolve('/srv/lectern/dist/renderer');

  test('serves files under the renderer folder, and index.html for the root and app routes', () => {
    assert.equal(resolveAppAsset(root, '/'), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, ''), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, '/library'), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, '/index.html'), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, '/assets/index-abc123.js'), path.join(root, 'assets', 'index-abc123.js'));
    assert.equal(resolveAppAsset(root, '/assets/pdf.worker%20min.mjs'), path.join(root, 'assets', 'pdf.worker min.mjs'));
  });

  test('refuses every way out of the folder', () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/a\\..\\..\\secret.txt',
      '/%00.js',
      '/index.html%00.png',
      '/C:/Windows/win.ini',
      '/c:%5cWindows%5cwin.ini',
      '/./index.html',
      '/%E0%A4%A',
    ]) {
      assert.equal(resolveAppAsset(root, p), null, p);
    }
  });

  test('the document route takes one plain id segment', () => {
    assert.equal(documentFileRoute('/api/documents/25f9bab4851b/file'), '25f9bab4851b');
    for (const p of ['/api/documents//file', '/api/documents/../file', '/api/documents/a/b/file', '/api/documents/%2e%2e/file', '/api/documents/abc/file/', '/api/documents/abc']) {
      assert.equal(documentFileRoute(p), null, p);
    }
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  test('allows only the app’s own origin, with the exceptions pdf.js and React need', () => {
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'", "'unsafe-inline'"]);
    assert.deepEqual(directives.get('img-src'), ["'self'", 'data:', 'blob:']);
    assert.deepEqual(directives.get('worker-src'), ["'self'", 'blob:']);
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
  });

  test('names no remote source and never allows eval', () => {
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|wss?:|\*|'unsafe-eval'/);
  });
});

describe('external links and permissions', () => {
  test('only plain http(s) addresses go to the browser', () => {
    for (const url of ['https://example.com/', 'http://example.com/a?b#c']) assert.equal(isSafeExternalUrl(url), true, url);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'lectern://app/',
      'smb://server/share',
      'ms-settings:',
      'https://user:pw@example.com/',
      'not a url',
      'https://',
    ]) {
      assert.equal(isSafeExternalUrl(url), false, url);
    }
  });

  test('permission checks pass only clipboard writes from the app', () => {
    assert.equal(isPermissionCheckAllowed('clipboard-sanitized-write', 'lectern://app'), true);
    assert.equal(isPermissionCheckAllowed('clipboard-sanitized-write', 'https://example.com'), false);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) assert.equal(isPermissionCheckAllowed(p, 'lectern://app'), false, p);
  });
});

describe('files on the command line', () => {
  const cwd = path.resolve('/home/me/papers');

  test('a packaged app takes importable files after the executable, resolved against the launch folder', () => {
    const argv = ['/opt/Lectern/lectern', 'a.pdf', '--no-sandbox', '--flag=x.pdf', 'notes.MD', 'readme', 'book.txt', path.resolve('/abs/c.pdf'), 'a.pdf'];
    assert.deepEqual(filesFromArgv(argv, cwd, false), [path.join(cwd, 'a.pdf'), path.join(cwd, 'notes.MD'), path.join(cwd, 'book.txt'), path.resolve('/abs/c.pdf')]);
  });

  test('`electron .` in development skips the app folder too', () => {
    assert.deepEqual(filesFromArgv(['/usr/bin/electron', '.', 'x.pdf'], cwd, true), [path.join(cwd, 'x.pdf')]);
    assert.deepEqual(filesFromArgv(['/usr/bin/electron', 'app.pdf'], cwd, true), []);
  });
});

/** Runs the compiled preload the way a sandboxed renderer does: only `require('electron')`. */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const ipcListeners = new Map<string, (event: unknown, message: unknown) => void>();
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  const requested: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      send: (...args: unknown[]) => sent.push(args),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => ipcListeners.set(channel, listener),
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, result: { documents: [] } };
      },
    },
    webUtils: { getPathForFile: (file: { path: string }) => file.path },
  };
  const module = { exports: {} };
  vm.runInNewContext(fs.readFileSync(PRELOAD, 'utf8'), {
    require: (name: string) => {
      requested.push(name);
      if (name !== 'electron') throw new Error(`A sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
    console,
  });
  const emit = (message: unknown) => ipcListeners.get('lectern:event')?.({}, message);
  return { exposed, invoked, sent, requested, emit };
}

type Bridge = {
  invoke(command: string, args: unknown, callId?: number): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  cancel(callId: unknown): void;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: unknown): string;
};

describe('preload bridge', () => {
  test('exposes window.lectern with invoke, cancel, on and pathForFile only, and requires nothing but electron', () => {
    const { exposed, requested } = loadPreload();
    assert.deepEqual([...exposed.keys()], ['lectern']);
    assert.deepEqual(Object.keys(exposed.get('lectern') as object).sort(), ['cancel', 'invoke', 'on', 'pathForFile']);
    assert.deepEqual(requested, ['electron']);
  });

  test('invoke passes its call id along, and cancel sends only a whole-number call id over lectern:cancel', async () => {
    const { exposed, invoked, sent } = loadPreload();
    const bridge = exposed.get('lectern') as Bridge;
    await bridge.invoke('library:list', {}, 12);
    assert.deepEqual(invoked, [['lectern:invoke', 'library:list', {}, 12]]);
    bridge.cancel(12);
    bridge.cancel('12');
    bridge.cancel({ valueOf: () => 12 });
    assert.deepEqual(sent, [['lectern:cancel', 12]]);
  });

  test('invoke forwards known commands over lectern:invoke and answers unknown ones itself', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('lectern') as Bridge;
    assert.deepEqual(await bridge.invoke('library:list', {}), { ok: true, result: { documents: [] } });
    assert.deepEqual(invoked, [['lectern:invoke', 'library:list', {}]]);
    for (const name of ['constructor', 'library:nope', '__proto__']) {
      const outcome = await bridge.invoke(name, {});
      assert.equal(outcome.ok, false);
      assert.equal(outcome.error?.code, 'INVALID_ARGUMENT');
    }
    assert.equal(invoked.length, 1);
    for (const name of Object.keys(commandSchemas)) {
      await bridge.invoke(name, {});
    }
    assert.equal(invoked.length, 1 + Object.keys(commandSchemas).length, 'every command of the contract passes the preload');
  });

  test('on delivers only its event, stops after unsubscribe, and refuses unknown events', () => {
    const { exposed, emit } = loadPreload();
    const bridge = exposed.get('lectern') as Bridge;
    const got: unknown[] = [];
    const off = bridge.on('library:changed', (p) => got.push(p));
    emit({ event: 'library:changed', payload: { documentIds: ['a'] } });
    emit({ event: 'qa:answerDelta', payload: { delta: 'x' } });
    emit('garbage');
    off();
    emit({ event: 'library:changed', payload: { documentIds: ['b'] } });
    assert.deepEqual(got, [{ documentIds: ['a'] }]);
    assert.throws(() => bridge.on('ipc:anything', () => {}), /Unknown event/);
    assert.doesNotThrow(() => bridge.on('app:importRequested', () => {})());
  });
});
