import fs from 'node:fs';
import path from 'node:path';
import { assertSecretId, type SecretStore } from './SecretStore.js';

/**
 * Secrets as files `<dir>/<id>.key`, readable by their owner alone (0600, in a 0700 folder),
 * for web and CLI mode where there is no OS keychain to ask. The file is written to a temporary
 * name with its mode set at creation and then renamed, so a key is never readable by others,
 * even for a moment.
 */
export class FileSecretStore implements SecretStore {
  constructor(readonly dir: string) {}

  put(id: string, secret: string): void {
    assertSecretId(id);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
    const file = this.fileOf(id);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, secret, { mode: 0o600, flag: 'w' });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  }

  get(id: string): string | null {
    assertSecretId(id);
    try {
      return fs.readFileSync(this.fileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  remove(id: string): void {
    assertSecretId(id);
    fs.rmSync(this.fileOf(id), { force: true });
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.key`);
  }
}
