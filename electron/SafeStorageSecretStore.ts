/**
 * Inference servers' API keys on the desktop, encrypted with Electron's safeStorage (the OS
 * keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) and kept as
 * `<dir>/<id>.key.enc` files readable by their owner alone. safeStorage exists only in the main
 * process, so this store lives there; where the OS offers no real encryption (Linux without a
 * keyring, where safeStorage falls back to a fixed password) it refuses rather than pretend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { assertSecretId, type SecretStore } from '../native/llm/SecretStore.js';

export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly dir: string) {}

  put(id: string, secret: string): void {
    assertSecretId(id);
    this.assertAvailable();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.fileOf(id);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, safeStorage.encryptString(secret), { mode: 0o600 });
    fs.renameSync(temp, file);
  }

  get(id: string): string | null {
    assertSecretId(id);
    let sealed: Buffer;
    try {
      sealed = fs.readFileSync(this.fileOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.assertAvailable();
    return safeStorage.decryptString(sealed);
  }

  remove(id: string): void {
    assertSecretId(id);
    fs.rmSync(this.fileOf(id), { force: true });
  }

  private assertAvailable(): void {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('The system keychain is not available, so the API key cannot be stored encrypted.');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new Error('No keyring (GNOME Keyring or KWallet) is running, so the API key cannot be stored encrypted.');
    }
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.key.enc`);
  }
}
