import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../api/errors.js';
import { assertSecretId, type SecretStore } from './SecretStore.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets as files `<dir>/<id>.key.sealed`, encrypted with AES-256-GCM under a key this store
 * never writes down. The desktop app keeps that key sealed by the operating system's keychain
 * (Electron's safeStorage, in the main process) and hands it to the engine's process at start,
 * so a copied library folder or backup holds no readable API key. Files stay 0600 in a 0700
 * folder, as FileSecretStore's. A key file the plain store wrote before is sealed and deleted on
 * first read.
 */
export class SealedFileSecretStore implements SecretStore {
  constructor(
    readonly dir: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new LecternError('INVALID_ARGUMENT', 'The key that seals API keys must be 32 bytes.');
  }

  put(id: string, secret: string): void {
    assertSecretId(id);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The id is bound in: a sealed file renamed to another server's id does not open.
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const file = this.fileOf(id);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600, flag: 'w' });
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
    fs.rmSync(this.plainFileOf(id), { force: true });
  }

  get(id: string): string | null {
    assertSecretId(id);
    let sealed: Buffer;
    try {
      sealed = fs.readFileSync(this.fileOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return this.sealPlain(id);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new LecternError(
        'SERVER_UNAUTHORIZED',
        'The stored API key of this server cannot be opened (it was sealed by another system keychain, or the file was changed). Register the server again with its key.',
        { cause: error },
      );
    }
  }

  remove(id: string): void {
    assertSecretId(id);
    fs.rmSync(this.fileOf(id), { force: true });
    fs.rmSync(this.plainFileOf(id), { force: true });
  }

  /** A key the plain file store kept (before the keychain was available): sealed now, and the plain file deleted. */
  private sealPlain(id: string): string | null {
    let plain: string;
    try {
      plain = fs.readFileSync(this.plainFileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.put(id, plain);
    return plain;
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.key.sealed`);
  }

  private plainFileOf(id: string): string {
    return path.join(this.dir, `${id}.key`);
  }
}
