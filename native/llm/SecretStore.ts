/**
 * Where API keys of inference servers are kept, by the server's id: never in the library's
 * SQLite file (which exports, backups and bug reports carry), never in logs or errors.
 * Web and CLI mode: FileSecretStore (a 0600 file per key). The desktop: SealedFileSecretStore,
 * whose sealing key the operating system's keychain keeps through Electron's safeStorage
 * (electron/secretKey.ts).
 */
import { LecternError } from '../api/errors.js';

export interface SecretStore {
  /** Stores (or replaces) the secret of `id`. */
  put(id: string, secret: string): void;
  /** The secret of `id`, or null when none is stored. */
  get(id: string): string | null;
  /** Forgets the secret of `id` (nothing happens when none is stored). */
  remove(id: string): void;
}

/** Ids are the registry's hex ids; anything else never reaches the file system. */
export function assertSecretId(id: string): void {
  if (!/^[0-9a-z-]{4,64}$/.test(id))
    throw new LecternError('INVALID_ARGUMENT', `A key is kept under its server's id (4–64 lower-case letters, digits and dashes), not ${JSON.stringify(id).slice(0, 80)}.`);
}
