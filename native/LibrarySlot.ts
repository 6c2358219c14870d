import path from 'node:path';
import type { AppInfo } from './api/commands.js';
import { LecternError } from './api/errors.js';
import type { Engine } from './engine.js';

/** Opens an engine on a library folder, handing it the way to ask for a switch ('app:openLibrary'). */
export type OpenEngine = (libraryDir: string, switchLibrary: (libraryDir: string) => Promise<AppInfo>) => Engine;

/**
 * The library a long-running host (web mode, the desktop app's engine process) has open, and
 * the switch to another without a restart. The new library opens first, so one that cannot be
 * opened (too new, unreadable) leaves the current one open; then the old engine closes, which
 * stops what it was still doing (imports and answers under way end as cancelled).
 */
export class LibrarySlot {
  private engine: Engine;
  private readonly listeners = new Set<(next: Engine, previous: Engine) => void>();
  private closing: Promise<void> | null = null;
  /** What each engine gets to ask for a switch. */
  private readonly requestSwitch = (libraryDir: string) => this.switchTo(libraryDir);

  constructor(
    private readonly open: OpenEngine,
    libraryDir: string,
  ) {
    this.engine = open(libraryDir, this.requestSwitch);
  }

  /** The engine of the library open now; ask again after a switch. */
  get current(): Engine {
    return this.engine;
  }

  /** Called after each switch, with the new engine (already serving) and the old one (about to close). */
  onSwitch(listener: (next: Engine, previous: Engine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing ??= this.engine.close();
    await this.closing;
  }

  private async switchTo(libraryDir: string): Promise<AppInfo> {
    if (this.closing) throw new LecternError('CANCELLED', 'Lectern is closing.');
    if (path.resolve(libraryDir) === path.resolve(this.engine.libraryDir)) return this.engine.invoke('app:info', {});
    const next = this.open(libraryDir, this.requestSwitch);
    const previous = this.engine;
    this.engine = next;
    for (const listener of this.listeners) listener(next, previous);
    // After this turn: the command that asked for the switch runs on the old engine and must reply first.
    setImmediate(() => void previous.close().catch(() => {}));
    void next.backfillInBackground();
    return next.invoke('app:info', {});
  }
}
