import fs from 'node:fs';
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

/** App-wide choices kept outside any library (which library to open is one of them). */
export interface AppSettings {
  libraryDir?: string;
}

export function appSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

export function readAppSettings(dataDir: string): AppSettings {
  try {
    const parsed = JSON.parse(fs.readFileSync(appSettingsFile(dataDir), 'utf8')) as AppSettings;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

/** Writes the settings file whole, through a temporary file, so a crash never leaves half of it. */
export function writeAppSettings(dataDir: string, settings: AppSettings): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = appSettingsFile(dataDir);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(settings, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** `--library`, else `$LECTERN_LIBRARY`, else the folder chosen in Settings, else `<userData>/library`. */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.LECTERN_LIBRARY) return path.resolve(env.LECTERN_LIBRARY);
  const chosen = readAppSettings(userDataDir(env)).libraryDir;
  if (chosen) return path.resolve(chosen);
  return path.join(userDataDir(env), 'library');
}
