/**
 * The main process's handle on the engine's utility process: sends requests, matches
 * replies by id, fans engine events out, and shuts the engine down cleanly on quit.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { CommandArgs, CommandName, CommandResults } from '../native/api/commands.js';
import { LecternError, type ErrorInfo } from '../native/api/errors.js';
import { isWireEvent, isWireReply, type HostInbound, type HostOutbound, type InvokeOutcome, type WireEvent } from './engineWire.js';

export interface EngineProcessOptions {
  /** dist/electron/engineHost.js */
  hostScript: string;
  /** Passed as `--library DIR`; default: the host resolves `$LECTERN_LIBRARY` or `<userData>/library`. */
  libraryDir?: string;
  /** Every engine event, in order. */
  onEvent: (event: WireEvent) => void;
  /** The engine process ended without being asked to (a crash in a native addon, say). */
  onUnexpectedExit: (code: number) => void;
  /** The hex key that seals API key files, from the OS keychain (secretKey.ts); null where there is none. */
  secretKey: string | null;
}

/** How long a clean shutdown may take (the database checkpoint, a model unloading) before the process is killed. */
const SHUTDOWN_GRACE_MS = 10_000;

export class EngineProcess {
  private readonly child: UtilityProcess;
  private readonly pending = new Map<number, (outcome: InvokeOutcome) => void>();
  private nextId = 1;
  private exited = false;
  private stopping: Promise<void> | null = null;
  /** Resolves when the engine has opened its library; rejects with its reason when it could not. */
  readonly ready: Promise<string>;

  constructor(private readonly options: EngineProcessOptions) {
    const args = options.libraryDir ? ['--library', options.libraryDir] : [];
    this.child = utilityProcess.fork(options.hostScript, args, { serviceName: 'Lectern engine', stdio: 'inherit' });
    let settle!: { resolve: (dir: string) => void; reject: (error: LecternError) => void };
    this.ready = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    // An unhandled rejection here would crash main; callers await `ready` where they need it.
    this.ready.catch(() => {});

    this.child.on('message', (message: HostOutbound) => {
      if (isWireReply(message)) {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
      } else if (isWireEvent(message)) {
        options.onEvent(message);
      } else if (message.type === 'ready') {
        settle.resolve(message.libraryDir);
      } else if (message.type === 'startFailed') {
        settle.reject(LecternError.fromInfo(message.error));
      }
    });
    this.child.on('exit', (code) => {
      this.exited = true;
      settle.reject(new LecternError('INTERNAL', `Lectern's engine stopped before it opened the library (exit code ${code}).`));
      for (const resolve of this.pending.values()) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: "Lectern's engine stopped unexpectedly. Restart Lectern; your library is safe." } });
      }
      this.pending.clear();
      if (!this.stopping) options.onUnexpectedExit(code);
    });
    // The library opens on this message, so the key never travels in arguments or the environment.
    this.post({ type: 'start', secretKey: options.secretKey });
  }

  /** Runs a command in the engine; never throws: failures come back as `{ ok: false, error }`. `signal` sends a cancel for it. */
  invokeOutcome(command: CommandName, args: unknown, signal?: AbortSignal): Promise<InvokeOutcome> {
    if (this.exited || this.stopping) {
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: "Lectern's engine is not running." } });
    }
    const id = this.nextId++;
    return new Promise<InvokeOutcome>((resolve) => {
      this.pending.set(id, resolve);
      this.post({ id, command, args });
      if (signal) {
        const cancel = () => {
          if (this.pending.has(id) && !this.exited) this.post({ cancel: id });
        };
        if (signal.aborted) cancel();
        else signal.addEventListener('abort', cancel, { once: true });
      }
    });
  }

  /** For the shell's own calls (opening files, serving documents): typed, and throws LecternError. */
  async invoke<C extends CommandName>(command: C, args: CommandArgs<C>, signal?: AbortSignal): Promise<CommandResults[C]> {
    const outcome = await this.invokeOutcome(command, args, signal);
    if (!outcome.ok) throw LecternError.fromInfo(outcome.error as ErrorInfo);
    return outcome.result as CommandResults[C];
  }

  /** Asks the engine to close its library, then waits for the process to end (killing it after a grace period). */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => this.child.kill(), SHUTDOWN_GRACE_MS);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'shutdown' });
    });
    return this.stopping;
  }

  private post(message: HostInbound): void {
    this.child.postMessage(message);
  }
}
