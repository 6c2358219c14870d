import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import { readAppSettings, userDataDir, writeAppSettings } from '../appPaths.js';
import { packageVersion } from '../packageVersion.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import { THREADS_SETTING, type EngineContext } from './EngineContext.js';

/** Where the engine keeps its files and how it runs: threads, the library folder. */
export function appCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'app'>> {
  const info = async (): Promise<AppInfo> => ({
    libraryDir: ctx.options.libraryDir,
    modelsDir: path.join(ctx.options.libraryDir, 'models'),
    threads: ctx.runtime.threads,
    version: ctx.options.version ?? packageVersion(),
  });

  /** Keeps the library folder for the next start in the app's settings; null: the default. Returns the folder that will open. */
  const rememberLibraryDir = (libraryDir: string | null): string => {
    const dataDir = ctx.options.userDataDir ?? userDataDir();
    const settings = readAppSettings(dataDir);
    if (libraryDir === null) delete settings.libraryDir;
    else settings.libraryDir = libraryDir;
    writeAppSettings(dataDir, settings);
    return settings.libraryDir ?? path.join(dataDir, 'library');
  };

  return {
    'app:info': info,

    /** Takes effect when a model is next loaded. An explicit `llmThreads` option (or LECTERN_LLM_THREADS) still wins at start. */
    async 'app:setThreads'(args) {
      if (args.threads === null) ctx.settings.delete(THREADS_SETTING);
      else ctx.settings.set(THREADS_SETTING, String(args.threads));
      ctx.runtime.setThreads(args.threads);
      return info();
    },

    /**
     * Chooses the library folder Lectern opens from its next start (the open library stays
     * open until then). The folder must be creatable and writable; an explicit --library or
     * LECTERN_LIBRARY still wins.
     */
    async 'app:setLibraryDir'(args) {
      const next = args.libraryDir === null ? null : usableLibraryFolder(args.libraryDir);
      const nextLibraryDir = rememberLibraryDir(next);
      return { ...(await info()), nextLibraryDir };
    },

    /**
     * Opens another library now, through the host (see EngineOptions.switchLibrary), and from
     * the next start on. The folder is checked first; a library that cannot be opened leaves this
     * one open. This engine closes once the reply is on its way.
     */
    async 'app:openLibrary'(args) {
      const folder = usableLibraryFolder(args.libraryDir);
      if (!ctx.options.switchLibrary) {
        throw new LecternError('INVALID_ARGUMENT', 'This Lectern cannot switch libraries while it runs. From the command line, give the folder with --library.');
      }
      const opened = await ctx.options.switchLibrary(folder);
      rememberLibraryDir(folder);
      return opened;
    },
  };
}

/** An absolute folder Lectern can create and write to, resolved; throws INVALID_ARGUMENT or LIBRARY_UNREADABLE. */
function usableLibraryFolder(libraryDir: string): string {
  if (!path.isAbsolute(libraryDir)) throw new LecternError('INVALID_ARGUMENT', `Give the library folder as a full path, not "${libraryDir}".`);
  try {
    fs.mkdirSync(libraryDir, { recursive: true });
    fs.accessSync(libraryDir, fs.constants.W_OK);
  } catch (error) {
    throw new LecternError('LIBRARY_UNREADABLE', `Lectern cannot use ${libraryDir} as its library folder: ${(error as Error).message}`);
  }
  return path.resolve(libraryDir);
}
