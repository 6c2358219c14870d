import fs from 'node:fs';

let cachedVersion: string | null = null;

/** Lectern's version from package.json (dist/native/packageVersion.js → ../../package.json), or 'unknown'. */
export function packageVersion(): string {
  if (cachedVersion === null) {
    try {
      const file = new URL('../../package.json', import.meta.url);
      cachedVersion = String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}
