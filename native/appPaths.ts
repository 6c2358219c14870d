import os from 'node:os';
import path from 'node:path';

/**
 * The per-user application-data folder, as Electron's `app.getPath('userData')`
 * computes it for an app named Lectern, so the CLI and the desktop app share a library.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Lectern');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lectern');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Lectern');
}

/** `--library`, else `$LECTERN_LIBRARY`, else `<userData>/library`. */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.LECTERN_LIBRARY) return path.resolve(env.LECTERN_LIBRARY);
  return path.join(userDataDir(env), 'library');
}
