/**
 * The engine's process: an Electron utility process forked by main.ts. It owns the library
 * (SQLite, PDF workers, the model) so a long import or answer never blocks the window, and
 * speaks WireRequest / WireReply / WireEvent with the main process over `process.parentPort`.
 *
 * Usage: forked as `engineHost.js [--library DIR]`; without the flag the library is
 * `$LECTERN_LIBRARY` or `<userData>/library`, the same folder the CLI uses.
 */
import { createEngine, type Engine } from '../native/engine.js';
import { LibrarySlot } from '../native/LibrarySlot.js';
import { resolveLibraryDir } from '../native/appPaths.js';
import { toErrorInfo, type ErrorInfo } from '../native/api/errors.js';
import { ENGINE_EVENT_NAMES, isCommandName } from './security.js';
import type { HostInbound, HostOutbound } from './engineWire.js';

const port = process.parentPort;
if (!port) {
  console.error('engineHost.js runs only as an Electron utility process (utilityProcess.fork).');
  process.exit(2);
}

function send(message: HostOutbound): void {
  port.postMessage(message);
}

function libraryFlag(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--library');
  return i >= 0 ? argv[i + 1] : undefined;
}

const libraryDir = resolveLibraryDir(libraryFlag(process.argv));
let slot: LibrarySlot | null = null;
let startError: ErrorInfo | null = null;

/**
 * Opens the library once main has sent `start`: with the key that seals API key files (from the
 * OS keychain, which only main can reach; null where there is none), never passed on the command
 * line or in the environment, where other processes could read it.
 */
function open(secretKey: string | null): void {
  if (slot || startError) return;
  const sealing = secretKey ? Buffer.from(secretKey, 'hex') : undefined;
  try {
    // A slot, so Settings can open another library without restarting the app ('app:openLibrary').
    slot = new LibrarySlot((dir, switchLibrary) => createEngine({ libraryDir: dir, switchLibrary, secretKey: sealing }), libraryDir);
  } catch (error) {
    // Stay up until main has shown the reason and asks us to shut down.
    startError = toErrorInfo(error);
    send({ type: 'startFailed', error: startError });
    return;
  }
  const forward = (from: Engine) => ENGINE_EVENT_NAMES.map((event) => from.on(event, (payload) => send({ event, payload })));
  let unsubscribe = forward(slot.current);
  slot.onSwitch((next) => {
    for (const off of unsubscribe) off();
    unsubscribe = forward(next);
    send({ event: 'app:libraryOpened', payload: { libraryDir: next.libraryDir } });
  });
  send({ type: 'ready', libraryDir });
  void slot.current.backfillInBackground((message) => console.log(message));
}

let closing: Promise<void> | null = null;
/** Requests still running, by their id: what a cancel from main stops. */
const running = new Map<number, AbortController>();

async function shutdown(): Promise<void> {
  closing ??= (slot?.close() ?? Promise.resolve()).catch((error: unknown) => console.error('Closing the engine failed:', error));
  await closing;
  send({ type: 'closed' });
  process.exit(0);
}

async function handle(message: HostInbound): Promise<void> {
  if ('type' in message) {
    if (message.type === 'start') open(message.secretKey);
    else if (message.type === 'shutdown') await shutdown();
    return;
  }
  if ('cancel' in message) {
    running.get(message.cancel)?.abort();
    return;
  }
  const { id, command, args } = message;
  const engine: Engine | undefined = slot?.current;
  if (!engine || closing) {
    send({ id, ok: false, error: startError ?? { code: 'CANCELLED', message: 'Lectern is closing.' } });
    return;
  }
  if (!isCommandName(command)) {
    send({ id, ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown command "${String(command)}".` } });
    return;
  }
  const controller = new AbortController();
  running.set(id, controller);
  try {
    // The engine validates `args` against the command's schema before running it.
    send({ id, ok: true, result: await engine.invoke(command, args, { signal: controller.signal }) });
  } catch (error) {
    send({ id, ok: false, error: toErrorInfo(error) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (event) => {
  void handle(event.data as HostInbound);
});
