/**
 * The key that seals inference servers' API keys on the desktop (native/llm/SealedFileSecretStore).
 * It is 32 random bytes kept in `<userData>/secret-key.sealed`, encrypted with Electron's
 * safeStorage: the OS keychain (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on
 * Linux). safeStorage exists only in the main process, so main opens the key and sends it to the
 * engine's process over its port at start. Where the OS offers no real encryption (Linux with no
 * keyring, where safeStorage would use a fixed password) there is no key, and the engine keeps
 * 0600 files as in web and CLI mode; the reason is returned to be logged.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';

export function desktopSecretKey(userDataDir: string): { key: string | null; why?: string } {
  if (!safeStorage.isEncryptionAvailable()) return { key: null, why: 'the system keychain is not available' };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { key: null, why: 'no keyring (GNOME Keyring or KWallet) is running' };
  }
  const file = path.join(userDataDir, 'secret-key.sealed');
  try {
    const key = safeStorage.decryptString(fs.readFileSync(file));
    if (/^[0-9a-f]{64}$/.test(key)) return { key };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { key: null, why: `${file} cannot be opened: ${(error as Error).message}` };
  }
  const key = randomBytes(32).toString('hex');
  fs.mkdirSync(userDataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, safeStorage.encryptString(key), { mode: 0o600 });
  fs.renameSync(temp, file);
  return { key };
}
