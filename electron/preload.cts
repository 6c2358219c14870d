/**
 * The preload bridge: the only thing the sandboxed, context-isolated page gets from the shell.
 * `window.lectern` = { invoke, on, pathForFile }; nothing of Node or Electron leaks through.
 *
 * CommonJS (.cts → preload.cjs) because sandboxed preloads cannot be ES modules, and
 * self-contained because their `require` offers only `electron` and a few builtins; hence the
 * allowlists are written out here, and the compiler checks them against the contract.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { CommandName, EngineEvents } from '../native/api/commands.js';

const COMMANDS = [
  'library:ingest',
  'library:list',
  'library:get',
  'library:sourceFile',
  'library:passages',
  'library:chapter',
  'library:ocrWords',
  'library:locate',
  'library:remove',
  'library:reread',
  'library:rereadStatus',
  'library:rename',
  'search:query',
  'qa:ask',
  'qa:preread',
  'qa:prereadStatus',
  'qa:conversations',
  'qa:messages',
  'kv:usage',
  'kv:clear',
  'kv:setBudget',
  'models:list',
  'models:add',
  'models:inspect',
  'models:addServer',
  'models:remove',
  'models:catalog',
  'models:load',
  'models:unload',
  'models:estimate',
  'models:loaded',
  'app:info',
  'app:setThreads',
  'app:setLibraryDir',
  'app:openLibrary',
  'knowledge:terms',
  'knowledge:entities',
  'knowledge:backfill',
  'users:list',
  'users:create',
  'users:delete',
  'profile:get',
  'profile:export',
  'profile:forget',
  'profile:setLearning',
  'profile:setRetention',
  'events:record',
  'suggest:get',
  'suggest:autocomplete',
  'embeddings:status',
  'embeddings:use',
  'embeddings:build',
  'library:ocr',
  'ocr:languages',
  'ocr:addLanguage',
  'annotations:list',
  'annotations:create',
  'annotations:update',
  'annotations:delete',
  'annotations:saveAnswer',
  'annotations:export',
  'annotations:import',
  'annotations:annotatedCopy',
  'reading:get',
  'reading:set',
  'reading:list',
  'reading:setSpoilerFree',
  'ocr:removeLanguage',
  'eval:needles',
] as const satisfies readonly CommandName[];

/** Engine events, and the shell's own (see electron/security.ts SHELL_EVENT_NAMES). */
const EVENTS = [
  'library:ingestProgress',
  'library:changed',
  'library:rereadProgress',
  'library:rereadFinished',
  'library:ocrProgress',
  'qa:answerDelta',
  'qa:prereadProgress',
  'qa:stateDiscarded',
  'models:downloadProgress',
  'knowledge:backfillProgress',
  'profile:changed',
  'app:libraryOpened',
  'embeddings:progress',
  'embeddings:dimensionChanged',
  'annotations:changed',
  'eval:progress',
  'app:importRequested',
] as const satisfies ReadonlyArray<keyof EngineEvents | 'app:importRequested'>;

// Both fail to compile when the contract gains a command or event that is missing above.
type MissingCommand = Exclude<CommandName, (typeof COMMANDS)[number]>;
type MissingEvent = Exclude<keyof EngineEvents, (typeof EVENTS)[number]>;
const everyCommandListed: [MissingCommand] extends [never] ? true : MissingCommand = true;
const everyEventListed: [MissingEvent] extends [never] ? true : MissingEvent = true;
void everyCommandListed;
void everyEventListed;

const commandSet = new Set<string>(COMMANDS);
const eventSet = new Set<string>(EVENTS);

/** What `invoke` resolves to: errors are values, because an Error's `code` does not survive the bridge. */
type InvokeOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; partial?: unknown } };

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on('lectern:event', (_event: IpcRendererEvent, message: { event?: unknown; payload?: unknown }) => {
  if (typeof message?.event !== 'string') return;
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(message.payload);
    } catch (error) {
      console.error(`A listener for ${message.event} failed:`, error);
    }
  }
});

const bridge = {
  /**
   * Runs an engine command. Resolves to `{ ok: true, result }` or `{ ok: false, error: { code, message, partial? } }`;
   * never rejects for engine errors. `callId` (a positive whole number the page picks) lets `cancel` stop it.
   */
  invoke(command: string, args: unknown, callId?: number): Promise<InvokeOutcome> {
    if (!commandSet.has(command)) {
      return Promise.resolve({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `Unknown command "${String(command)}".` } });
    }
    const call = Number.isSafeInteger(callId) ? [command, args, callId] : [command, args];
    return ipcRenderer.invoke('lectern:invoke', ...call) as Promise<InvokeOutcome>;
  },
  /** Stops the call made with this `callId`, if it still runs; it then ends as a cancelled command does. */
  cancel(callId: number): void {
    if (Number.isSafeInteger(callId)) ipcRenderer.send('lectern:cancel', callId);
  },
  /** Subscribes to an engine (or shell) event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventSet.has(event) || typeof listener !== 'function') throw new TypeError(`Unknown event "${String(event)}".`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  /**
   * The path of a file the person picked or dropped (the engine imports by path). Empty for
   * a File the page made itself, so a page cannot name arbitrary files this way.
   */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('lectern', bridge);
