/**
 * The desktop shell's main process: one window, its security, the menu, files opened from
 * the OS, and a relay between the renderer's IPC and the engine's utility process. Thin on
 * purpose: every command runs in the engine (engineHost.ts), never here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import { userDataDir } from '../native/appPaths.js';
import { buildAppMenu } from './appMenu.js';
import { handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { EngineProcess } from './EngineProcess.js';
import { desktopSecretKey } from './secretKey.js';
import type { InvokeOutcome, WireEvent } from './engineWire.js';
import { filesFromArgv } from './launchArgs.js';
import {
  APP_START_URL,
  CONTENT_SECURITY_POLICY,
  documentFileRoute,
  isAppUrl,
  isCommandName,
  isPermissionCheckAllowed,
  isSafeExternalUrl,
  isTrustedSender,
  type ShellEventName,
} from './security.js';

/** IPC channels; the preload uses the same two names. */
const INVOKE_CHANNEL = 'lectern:invoke';
/** The page cancels a call it made: (callId). */
const CANCEL_CHANNEL = 'lectern:cancel';
/** The page's calls still running, by `<webContents id>:<call id>`: what a cancel stops. */
const pageCalls = new Map<string, AbortController>();
const EVENT_CHANNEL = 'lectern:event';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron (inside app.asar when packaged)
const PRELOAD = path.join(here, 'preload.cjs');
const ENGINE_HOST = path.join(here, 'engineHost.js');
const RENDERER_DIR = path.resolve(here, '..', 'renderer');

/** An engine that dies this soon after starting is not restarted: it would only die again. */
const CRASH_LOOP_MS = 30_000;

// Before `ready`: the name and data folder the CLI also uses (native/appPaths.ts), so both
// share one library and the single-instance lock is per user.
app.setName('Lectern');
app.setPath('userData', userDataDir());
app.enableSandbox();
registerAppScheme();

let mainWindow: BrowserWindow | null = null;
let engine: EngineProcess | null = null;
let engineStartedAt = 0;
let engineStopped = false;
/** Files the OS asked us to open before the engine was up. */
const pendingOpens: string[] = [];
let openRequests = 0;

const launchFiles = filesFromArgv(process.argv, process.cwd(), process.defaultApp === true);

if (!app.requestSingleInstanceLock({ files: launchFiles })) {
  // Another Lectern is running: it receives our files in 'second-instance' and comes forward.
  app.quit();
} else {
  pendingOpens.push(...launchFiles);
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    focusWindow();
    openFiles(forwardedFiles(additionalData) ?? filesFromArgv(argv, workingDirectory, process.defaultApp === true));
  });
  // macOS hands documents over with 'open-file', possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFiles([file]);
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('before-quit', (event) => {
    // Close the library cleanly (WAL checkpoint, model unloaded, workers stopped) before exiting.
    if (engineStopped || !engine) return;
    event.preventDefault();
    const stopping = engine;
    engine = null;
    void stopping.stop().finally(() => {
      engineStopped = true;
      app.quit();
    });
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  secureSession();
  startEngine();
  handleAppProtocol(RENDERER_DIR, (id) => {
    if (!engine) return Promise.reject(new Error('Lectern is closing.'));
    return engine.invoke('library:sourceFile', { id });
  });
  ipcMain.on(CANCEL_CHANNEL, (event, callId: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url) || !Number.isSafeInteger(callId)) return;
    pageCalls.get(`${event.sender.id}:${String(callId)}`)?.abort();
  });
  ipcMain.handle(INVOKE_CHANNEL, async (event, command: unknown, args: unknown, callId?: unknown): Promise<InvokeOutcome> => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Refused: this page is not Lectern.' } };
    }
    if (!isCommandName(command)) {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown command "${String(command)}".` } };
    }
    // Between 'before-quit' and exit there is no engine.
    if (!engine) return { ok: false, error: { code: 'CANCELLED', message: 'Lectern is closing.' } };
    // Arguments are validated by the engine against the command's schema.
    if (!Number.isSafeInteger(callId)) return engine.invokeOutcome(command, args);
    const key = `${event.sender.id}:${String(callId)}`;
    const controller = new AbortController();
    pageCalls.set(key, controller);
    try {
      return await engine.invokeOutcome(command, args, controller.signal);
    } finally {
      if (pageCalls.get(key) === controller) pageCalls.delete(key);
    }
  });
  Menu.setApplicationMenu(buildAppMenu({ isPackaged: app.isPackaged, onImport: () => sendShellEvent('app:importRequested', {}) }));
  createWindow();
  await drainOpens();
}

/** The key that seals inference servers' API keys, opened from the OS keychain once per run. */
let secretKey: string | null | undefined;

function startEngine(): void {
  engineStartedAt = Date.now();
  if (secretKey === undefined) {
    const opened = desktopSecretKey(userDataDir());
    secretKey = opened.key;
    if (opened.why) console.warn(`API keys of inference servers are kept as files readable by you alone: ${opened.why}.`);
  }
  const started = new EngineProcess({
    hostScript: ENGINE_HOST,
    secretKey,
    onEvent: (event) => sendToRenderer(event),
    onUnexpectedExit: (code) => {
      if (engine !== started) return;
      if (Date.now() - engineStartedAt < CRASH_LOOP_MS) {
        dialog.showErrorBox(
          "Lectern's engine keeps stopping",
          `It exited with code ${code} right after starting. Your library is safe; start Lectern again, and if this repeats, start it from a terminal to see the error.`,
        );
        app.quit();
        return;
      }
      console.error(`Lectern's engine exited with code ${code}; restarting it.`);
      startEngine();
    },
  });
  engine = started;
  started.ready.catch((error: Error) => {
    if (engine !== started) return;
    dialog.showErrorBox('Lectern cannot open its library', error.message);
    app.quit();
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Lectern',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
      preload: PRELOAD,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
}

/** Applied to every web contents the app creates (the window, devtools, anything else). */
function lockDown(contents: WebContents): void {
  const refuseForeign = (event: { url: string; preventDefault: () => void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // No new windows; a plain web link opens in the person's browser instead.
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionCheckAllowed(permission, requestingOrigin));
  // The protocol handler sets this header itself; this also covers any response it did not make.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url) || documentFileRoute(new URL(details.url).pathname) !== null) {
      return callback({ responseHeaders: details.responseHeaders });
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

function sendToRenderer(message: WireEvent | { event: ShellEventName; payload: unknown }): void {
  const win = mainWindow;
  if (!win || win.isDestroyed() || !isAppUrl(win.webContents.getURL())) return;
  win.webContents.send(EVENT_CHANNEL, message);
}

function sendShellEvent(event: ShellEventName, payload: unknown): void {
  focusWindow();
  sendToRenderer({ event, payload });
}

function focusWindow(): void {
  if (!mainWindow && app.isReady()) createWindow();
  const win = mainWindow;
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** The second instance's own parsed files (see requestSingleInstanceLock above), if it sent them. */
function forwardedFiles(data: unknown): string[] | null {
  const files = (data as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return null;
  return files.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).slice(0, 10_000);
}

function openFiles(files: string[]): void {
  if (files.length === 0) return;
  pendingOpens.push(...files);
  if (app.isReady()) void drainOpens();
}

/** Imports what the OS asked us to open; the renderer sees progress and the new documents through engine events. */
async function drainOpens(): Promise<void> {
  const paths = [...new Set(pendingOpens.splice(0))];
  if (paths.length === 0 || !engine) return;
  const requestId = `open-${++openRequests}`;
  try {
    const { documents } = await engine.invoke('library:ingest', { paths, requestId });
    const failed = documents.filter((d) => d.status === 'failed' && d.error);
    if (failed.length > 0) {
      const detail = failed.map((d) => `${path.basename(d.path)}: ${d.error!.message}`).join('\n\n');
      const options = { type: 'warning' as const, message: failed.length === 1 ? 'One file could not be imported.' : `${failed.length} files could not be imported.`, detail };
      void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
    }
  } catch (error) {
    dialog.showErrorBox('Lectern could not import the files', (error as Error).message);
  }
}
