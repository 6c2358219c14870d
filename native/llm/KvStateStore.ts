import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { LecternError } from '../api/errors.js';
import type { LoadedModel } from './LlmRuntime.js';

/** Written beside every state file; checked before the file is ever handed to llama.cpp. */
export interface KvManifest {
  format: 1;
  modelSha256: string;
  settingsHash: string;
  prefixHash: string;
  contextSize: number;
  chatWrapper: string;
  tokens: number;
  createdAt: string;
}

export interface KvUsage {
  files: number;
  bytes: number;
  budgetBytes: number;
}

/** Default disk budget for saved states: 2 GiB. */
export const DEFAULT_KV_BUDGET_BYTES = 2 * 1024 ** 3;
const BUDGET_SETTING = 'kvCache.budgetBytes';

export function prefixHashOf(tokens: readonly Token[]): string {
  return createHash('sha256').update(Buffer.from(Uint32Array.from(tokens as unknown as number[]).buffer)).digest('hex').slice(0, 24);
}

/**
 * Saved KV-cache states of prompt prefixes, one file per (model, load settings,
 * prefix), kept under a disk budget by least-recent use. A state is restored only
 * when its manifest matches the loaded model exactly: llama.cpp can crash on a state
 * from another model, so a mismatch is refused, never tried.
 */
export class KvStateStore {
  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get budgetBytes(): number {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(BUDGET_SETTING) as { value: string } | undefined;
    return row ? Number(row.value) : DEFAULT_KV_BUDGET_BYTES;
  }

  setBudget(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes < 0) throw new LecternError('INVALID_ARGUMENT', 'The KV-cache budget must be a number of bytes, 0 or more.');
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(BUDGET_SETTING, String(Math.floor(bytes)));
    this.evict();
  }

  usage(): KvUsage {
    const row = this.db.prepare('SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM kv_states').get() as { files: number; bytes: number };
    return { ...row, budgetBytes: this.budgetBytes };
  }

  has(loaded: LoadedModel, prefix: readonly Token[]): boolean {
    return this.row(loaded, prefixHashOf(prefix)) !== undefined;
  }

  /** Whether a state is saved for this model, load settings and scope (a document id for a single-document scope). */
  hasScope(modelId: string, settingsHash: string, scopeKey: string): boolean {
    return this.db.prepare('SELECT 1 FROM kv_states WHERE model_id = ? AND settings_hash = ? AND scope_key = ? LIMIT 1').get(modelId, settingsHash, scopeKey) !== undefined;
  }

  /**
   * Saves the sequence's state, which must hold exactly `prefix`, for `scopeKey`.
   * Written to a temporary name and renamed, so a crash never leaves half a state.
   */
  async save(sequence: LlamaContextSequence, loaded: LoadedModel, prefix: readonly Token[], scopeKey: string): Promise<{ file: string; bytes: number }> {
    if (sequence.nextTokenIndex !== prefix.length) throw new Error('KvStateStore.save: the sequence does not hold exactly the prefix');
    fs.mkdirSync(this.dir, { recursive: true });
    const prefixHash = prefixHashOf(prefix);
    const name = `${loaded.record.id}-${loaded.settingsHash}-${prefixHash}`;
    const file = path.join(this.dir, `${name}.state`);
    const temp = `${file}.${process.pid}.tmp`;
    const { fileSize } = await sequence.saveStateToFile(temp);
    const manifest: KvManifest = {
      format: 1,
      modelSha256: loaded.record.sha256,
      settingsHash: loaded.settingsHash,
      prefixHash,
      contextSize: loaded.contextSize,
      chatWrapper: loaded.chatWrapperName,
      tokens: prefix.length,
      createdAt: this.now().toISOString(),
    };
    fs.writeFileSync(`${file}.json`, JSON.stringify(manifest, null, 2));
    fs.renameSync(temp, file);
    const at = this.now().toISOString();
    this.db
      .prepare(`INSERT INTO kv_states (model_id, model_sha256, settings_hash, prefix_hash, scope_key, file, tokens, bytes, created_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (model_id, settings_hash, prefix_hash) DO UPDATE SET file = excluded.file, tokens = excluded.tokens, bytes = excluded.bytes, last_used_at = excluded.last_used_at`)
      .run(loaded.record.id, loaded.record.sha256, loaded.settingsHash, prefixHash, scopeKey, file, prefix.length, fileSize, at, at);
    this.evict();
    return { file, bytes: fileSize };
  }

  /**
   * Restores the saved state of `prefix` into an empty sequence. Returns false when
   * none is saved; throws KV_STATE_MISMATCH when the saved one was made for another
   * model or other settings.
   */
  async restore(sequence: LlamaContextSequence, loaded: LoadedModel, prefix: readonly Token[]): Promise<boolean> {
    const prefixHash = prefixHashOf(prefix);
    const row = this.row(loaded, prefixHash);
    if (!row) return false;
    if (!fs.existsSync(row.file)) {
      this.db.prepare('DELETE FROM kv_states WHERE id = ?').run(row.id);
      return false;
    }
    this.checkManifest(row.file, loaded, prefixHash, prefix.length);
    await sequence.clearHistory();
    await sequence.loadStateFromFile(row.file, { acceptRisk: true });
    const held = sequence.contextTokens;
    if (held.length !== prefix.length || held.some((t, i) => t !== prefix[i])) {
      await sequence.clearHistory();
      throw new LecternError('KV_STATE_MISMATCH', `The saved reading state ${path.basename(row.file)} holds different text than expected, so it was discarded. The document will be read again.`);
    }
    this.db.prepare('UPDATE kv_states SET last_used_at = ? WHERE id = ?').run(this.now().toISOString(), row.id);
    return true;
  }

  /**
   * Refuses a state file whose manifest does not match the loaded model, its load
   * settings and the prefix: handing such a file to llama.cpp can crash the process.
   */
  checkManifest(file: string, loaded: LoadedModel, prefixHash: string, tokens: number): KvManifest {
    let manifest: KvManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as KvManifest;
    } catch {
      throw new LecternError('KV_STATE_MISMATCH', `The saved reading state ${path.basename(file)} has no readable manifest, so it was not loaded.`);
    }
    const problems: string[] = [];
    if (manifest.format !== 1) problems.push(`format ${manifest.format}`);
    if (manifest.modelSha256 !== loaded.record.sha256) problems.push('it was made with a different model file');
    if (manifest.settingsHash !== loaded.settingsHash) problems.push('the model was loaded with different settings (context size, RoPE scaling or chat template)');
    if (manifest.contextSize !== loaded.contextSize) problems.push(`its context is ${manifest.contextSize} tokens, not ${loaded.contextSize}`);
    if (manifest.prefixHash !== prefixHash || manifest.tokens !== tokens) problems.push('it holds a different prompt');
    if (problems.length > 0) {
      throw new LecternError('KV_STATE_MISMATCH', `The saved reading state ${path.basename(file)} was not loaded: ${problems.join('; ')}.`);
    }
    return manifest;
  }

  /** Deletes every saved state (or those of one scope). Returns the bytes freed. */
  clear(scopeKey?: string): number {
    const rows = (scopeKey
      ? this.db.prepare('SELECT id, file, bytes FROM kv_states WHERE scope_key = ?').all(scopeKey)
      : this.db.prepare('SELECT id, file, bytes FROM kv_states').all()) as Array<{ id: number; file: string; bytes: number }>;
    let freed = 0;
    for (const r of rows) freed += this.deleteRow(r);
    return freed;
  }

  /** Deletes the states of every scope that includes a document (and of the whole library). */
  clearForDocument(documentId: string): number {
    const rows = this.db.prepare('SELECT id, file, bytes, scope_key FROM kv_states').all() as Array<{ id: number; file: string; bytes: number; scope_key: string }>;
    let freed = 0;
    for (const r of rows) if (r.scope_key === 'library' || r.scope_key.split(',').includes(documentId)) freed += this.deleteRow(r);
    return freed;
  }

  private evict(): void {
    const budget = this.budgetBytes;
    let { bytes } = this.usage();
    if (bytes <= budget) return;
    const rows = this.db.prepare('SELECT id, file, bytes FROM kv_states ORDER BY last_used_at, id').all() as Array<{ id: number; file: string; bytes: number }>;
    for (const r of rows) {
      if (bytes <= budget) break;
      bytes -= this.deleteRow(r);
    }
  }

  private deleteRow(r: { id: number; file: string; bytes: number }): number {
    fs.rmSync(r.file, { force: true });
    fs.rmSync(`${r.file}.json`, { force: true });
    this.db.prepare('DELETE FROM kv_states WHERE id = ?').run(r.id);
    return r.bytes;
  }

  private row(loaded: LoadedModel, prefixHash: string): { id: number; file: string } | undefined {
    return this.db
      .prepare('SELECT id, file FROM kv_states WHERE model_id = ? AND settings_hash = ? AND prefix_hash = ?')
      .get(loaded.record.id, loaded.settingsHash, prefixHash) as { id: number; file: string } | undefined;
  }
}
