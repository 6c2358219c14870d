import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LibraryFolder } from '../store/libraryPath.js';
import type { ModelRepository, ModelRow } from '../store/ModelRepository.js';
import type { ServerModelRepository, ServerModelRow } from '../store/ServerModelRepository.js';
import { LecternError } from '../api/errors.js';
import type { DownloadProgress, ModelRecord } from '../api/types.js';
import { downloadModel, resolveModelUri } from './downloadModel.js';
import { readModelInfo, type GgufModelInfo } from './readModelInfo.js';
import type { SecretStore } from './SecretStore.js';
import { isLoopback, parseServerUrl } from './ServerBackend.js';

export interface ModelRegistryOptions {
  /** Where downloaded models are stored (`<libraryDir>/models`). A path added by the user stays where it is. */
  modelsDir: string;
  now?: () => Date;
  /** Where `hf:` URIs point; default https://huggingface.co. */
  hfEndpoint?: string;
  /** Inference servers registered as chat models; without it, addServer is refused. */
  servers?: ServerModelRepository;
  /** Where servers' API keys are kept (never in the library file). */
  secrets?: SecretStore;
}

export interface AddServerOptions {
  name: string;
  baseUrl: string;
  /** The model to ask the server for; default: the server's own (its first). */
  model?: string | null;
  apiKey?: string | null;
  /** The person confirmed sending documents over plain http to another machine. */
  confirmedInsecure?: boolean;
  /** How long the server may stay silent before a request fails with SERVER_TIMEOUT; default 120 s. */
  timeoutMs?: number | null;
}

export interface AddModelOptions {
  /** Cancels hashing or the download; a cancelled download keeps its `.part` and resumes next time. */
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

const ID_LENGTH = 12;

/**
 * The GGUF models a library knows: added by path (registered in place) or downloaded into
 * `modelsDir`, identified by the sha256 of the file, described by their GGUF metadata.
 * Never opens a network connection except to download a URI it is asked to add.
 */
export class ModelRegistry {
  private readonly now: () => Date;
  private readonly downloading = new Set<string>();

  constructor(
    private readonly rows: ModelRepository,
    private readonly options: ModelRegistryOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  /**
   * Registers a GGUF file in place, or downloads a URI (`hf:<owner>/<repo>/<file>.gguf` or
   * https) into `modelsDir` first. The same file added again returns the existing record.
   * A bad file throws (NOT_A_MODEL, MODEL_DAMAGED, UNSUPPORTED_MODEL, FILE_NOT_FOUND) and
   * leaves the registry as it was; a downloaded file that fails those checks is deleted.
   */
  async add(pathOrUri: string, options: AddModelOptions = {}): Promise<ModelRecord> {
    if (isModelUri(pathOrUri)) return this.addUri(pathOrUri, options);
    return this.addFile(path.resolve(pathOrUri), null, options.signal);
  }

  /** Every registered model, oldest first: GGUF files, then inference servers. */
  list(): ModelRecord[] {
    return [...this.rows.list().map(toRecord), ...(this.options.servers?.list().map(serverRecord) ?? [])];
  }

  /**
   * Registers an inference server as a chat model (nothing is sent to it here: loading it checks
   * it). A plain http:// address of another machine would send documents unencrypted across the
   * network: it needs `confirmedInsecure`, or the call is refused with CONFIRMATION_NEEDED. The key
   * goes to the secret store, never into the library file. The same address and model registered
   * again updates the name, the key and the confirmation.
   */
  addServer(args: AddServerOptions): ModelRecord {
    const { servers, secrets } = this.options;
    if (!servers || !secrets) throw new LecternError('INVALID_ARGUMENT', 'This library cannot register inference servers.');
    const name = args.name.trim();
    if (!name) throw new LecternError('INVALID_ARGUMENT', 'Give the server a name, like "gpu-box".');
    const url = parseServerUrl(args.baseUrl.trim());
    const insecure = url.protocol === 'http:' && !isLoopback(url);
    if (insecure && !args.confirmedInsecure) {
      throw new LecternError(
        'CONFIRMATION_NEEDED',
        `${url.host} is another machine reached over plain http://: your documents' text would cross the network unencrypted, readable by anyone on the way. Use https:// if the server offers it, or confirm that this network is trusted.`,
      );
    }
    const baseUrl = url.href.replace(/\/+$/, '');
    const model = args.model?.trim() || null;
    const sha256 = createHash('sha256')
      .update(`server\n${baseUrl}\n${model ?? ''}`)
      .digest('hex');
    const id = sha256.slice(0, ID_LENGTH);
    const key = args.apiKey?.trim() || null;
    if (key) secrets.put(id, key);
    else secrets.remove(id);
    servers.upsert({
      id,
      name,
      base_url: baseUrl,
      model,
      has_key: key ? 1 : 0,
      insecure_confirmed: insecure ? 1 : 0,
      timeout_ms: args.timeoutMs ?? null,
      added_at: this.now().toISOString(),
    });
    return serverRecord(servers.withId(id)!);
  }

  /** The stored API key of a server model (null: none); only for the request's Authorization header. */
  serverKey(id: string): string | null {
    return this.options.secrets?.get(id) ?? null;
  }

  /** A registered model by id, unique id prefix, or file path; null when none matches. */
  find(idOrPath: string): ModelRecord | null {
    const exact = this.rows.withId(idOrPath);
    if (exact) return toRecord(exact);
    const servers = this.options.servers;
    const server = servers?.withId(idOrPath) ?? servers?.withName(idOrPath);
    if (server) return serverRecord(server);
    if (/^[0-9a-f]{4,63}$/.test(idOrPath)) {
      const serverMatches = servers?.withIdPrefix(idOrPath) ?? [];
      const fileMatches = this.rows.withIdPrefix(idOrPath);
      const matches: Array<ModelRow | ServerModelRow> = [...fileMatches, ...serverMatches];
      if (matches.length > 1) {
        throw new LecternError('INVALID_ARGUMENT', `The id prefix ${idOrPath} matches more than one model (${matches.map((m) => m.id).join(', ')}…). Give more of the id.`);
      }
      if (matches.length === 1) return 'base_url' in matches[0]! ? serverRecord(matches[0]) : toRecord(matches[0]!);
    }
    const byPath = this.rows.atPath(path.resolve(idOrPath));
    return byPath ? toRecord(byPath) : null;
  }

  /**
   * A model by id, id prefix or path. For a file that is not registered, the record is
   * computed (hashed and read, `addedAt` now) but not stored. Throws MODEL_NOT_FOUND.
   */
  async get(idOrPath: string, options: { signal?: AbortSignal } = {}): Promise<ModelRecord> {
    const found = this.find(idOrPath);
    if (found) return found;
    const file = path.resolve(idOrPath);
    if (!existsSync(file)) throw notFound(idOrPath);
    const info = await readModelInfo(file, options);
    const sha256 = await sha256File(file, options.signal);
    const registered = this.rows.withSha256(sha256);
    if (registered) return { ...toRecord(registered), path: file };
    return recordFrom(freeIdFor(sha256), sha256, file, null, info, this.now());
  }

  /**
   * Removes a model from the registry. A file Lectern downloaded into `modelsDir` is deleted;
   * a file the person added by path is never touched. Saved KV states of the model go with it.
   */
  async remove(id: string): Promise<{ model: ModelRecord; deletedFile: boolean }> {
    const model = this.find(id);
    if (!model) throw notFound(id);
    if (model.backend === 'server') {
      this.options.servers?.delete(model.id);
      this.options.secrets?.remove(model.id);
      return { model, deletedFile: false };
    }
    this.rows.delete(model.id);
    let deletedFile = model.sourceUri !== null && isInside(model.path, this.options.modelsDir);
    if (deletedFile) {
      // Inside by name is not enough: a link in the models folder must not lead the delete elsewhere.
      try {
        new LibraryFolder(this.options.modelsDir).remove(model.path);
      } catch (error) {
        if (!(error instanceof LecternError) || error.code !== 'PATH_OUTSIDE_LIBRARY') throw error;
        deletedFile = false;
      }
    }
    return { model, deletedFile };
  }

  /** GGUF metadata of a registered model (id, prefix or path) or of any GGUF file, without loading it. */
  async inspect(idOrPath: string, options: { signal?: AbortSignal } = {}): Promise<GgufModelInfo> {
    const record = this.find(idOrPath);
    if (record?.backend === 'server') throw new LecternError('INVALID_ARGUMENT', `${record.name} is an inference server, not a GGUF file: there is no file to inspect.`);
    if (record) {
      if (!existsSync(record.path)) {
        throw new LecternError('MODEL_NOT_FOUND', `The file of model ${record.id} is gone: ${record.path}. Add it again from where it is now, or remove the model.`);
      }
      return readModelInfo(record.path, options);
    }
    const file = path.resolve(idOrPath);
    if (!existsSync(file)) throw notFound(idOrPath);
    return readModelInfo(file, options);
  }

  private async addFile(file: string, sourceUri: string | null, signal: AbortSignal | undefined): Promise<ModelRecord> {
    // Metadata first: a bad file fails in milliseconds instead of after hashing gigabytes.
    const info = await readModelInfo(file, { signal });
    const sha256 = await sha256File(file, signal);
    const existing = this.rows.withSha256(sha256);
    if (existing) {
      // The same bytes: keep the record, but follow the file when its old place is gone.
      if (existing.path !== file && !existsSync(existing.path)) {
        this.rows.setPath(existing.id, file);
        return toRecord({ ...existing, path: file });
      }
      return toRecord(existing);
    }
    return this.insert(recordFrom(this.freeId(sha256), sha256, file, sourceUri, info, this.now()));
  }

  private async addUri(uri: string, options: AddModelOptions): Promise<ModelRecord> {
    // Already downloaded from this address and still on disk: no network at all.
    const known = this.rows.fromSource(uri).find((row) => existsSync(row.path));
    if (known) return toRecord(known);

    const { fileName } = resolveModelUri(uri, this.options.hfEndpoint);
    const dest = path.join(this.options.modelsDir, fileName);
    if (this.downloading.has(dest)) throw new LecternError('BUSY', `${fileName} is already being downloaded. Wait for that download to finish.`);
    this.downloading.add(dest);
    try {
      const registered = this.rows.atPath(dest);
      if (registered && existsSync(dest)) return toRecord(registered);
      // A file already at `dest` is a finished download whose registration was interrupted
      // (or another address with the same file name): the checks and the hash below tell.
      if (!existsSync(dest)) {
        await downloadModel(uri, { destDir: this.options.modelsDir, signal: options.signal, onProgress: options.onProgress, hfEndpoint: this.options.hfEndpoint });
      }
      try {
        const info = await readModelInfo(dest, { signal: options.signal });
        const sha256 = await sha256File(dest, options.signal);
        const existing = this.rows.withSha256(sha256);
        if (existing && existsSync(existing.path) && existing.path !== dest) {
          // The same model was added before from elsewhere: keep that one, drop the copy.
          await rm(dest, { force: true });
          return toRecord(existing);
        }
        if (existing) {
          // Registered before, but its file is gone: this download takes its place (and its saved KV states stay valid).
          this.rows.setPathAndSource(existing.id, dest, uri);
          return toRecord({ ...existing, path: dest, source_uri: uri });
        }
        return this.insert(recordFrom(this.freeId(sha256), sha256, dest, uri, info, this.now()));
      } catch (error) {
        // A cancelled check leaves a complete download for next time; a bad file is useless.
        if (!(error instanceof LecternError) || error.code !== 'CANCELLED') await rm(dest, { force: true });
        throw error;
      }
    } finally {
      this.downloading.delete(dest);
    }
  }

  /** Inserts unless another add of the same bytes got there first; returns what is stored. */
  private insert(record: ModelRecord): ModelRecord {
    this.rows.insert(record);
    return toRecord(this.rows.withSha256(record.sha256)!);
  }

  /** The sha prefix, longer in the (astronomically rare) case another model holds it. */
  private freeId(sha256: string): string {
    for (let length = ID_LENGTH; length < sha256.length; length += 4) {
      const id = sha256.slice(0, length);
      if (!this.rows.withId(id)) return id;
    }
    return sha256;
  }
}

/** `hf:…`, `https://…` or `http://…`; anything else is a path. */
export function isModelUri(value: string): boolean {
  return /^hf:/i.test(value) || /^https?:\/\//i.test(value);
}

/** sha256 of a file, streamed: a model is gigabytes. */
export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash, { signal });
  } catch (error) {
    if (signal?.aborted) throw new LecternError('CANCELLED', 'Adding the model was cancelled.');
    throw new LecternError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return hash.digest('hex');
}

function freeIdFor(sha256: string): string {
  return sha256.slice(0, ID_LENGTH);
}

function recordFrom(id: string, sha256: string, file: string, sourceUri: string | null, info: GgufModelInfo, now: Date): ModelRecord {
  return {
    id,
    sha256,
    name: info.name ?? path.basename(file).replace(/\.gguf$/i, ''),
    path: file,
    sourceUri,
    fileBytes: info.fileBytes,
    architecture: info.architecture,
    parameters: info.parameters,
    trainContextSize: info.trainContextSize,
    chatTemplate: info.chatTemplate,
    kind: info.kind,
    addedAt: now.toISOString(),
  };
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    name: row.name,
    path: row.path,
    sourceUri: row.source_uri,
    fileBytes: row.file_bytes,
    architecture: row.architecture,
    parameters: row.parameters,
    trainContextSize: row.train_context_size,
    chatTemplate: row.chat_template,
    kind: row.kind,
    addedAt: row.added_at,
  };
}

/** A server as a model record: no file (empty path, no bytes), its address as the source. */
function serverRecord(row: ServerModelRow): ModelRecord {
  return {
    id: row.id,
    sha256: createHash('sha256')
      .update(`server\n${row.base_url}\n${row.model ?? ''}`)
      .digest('hex'),
    name: row.name,
    path: '',
    sourceUri: row.base_url,
    fileBytes: 0,
    architecture: 'server',
    parameters: null,
    trainContextSize: 0,
    chatTemplate: null,
    kind: 'chat',
    addedAt: row.added_at,
    backend: 'server',
    server: { baseUrl: row.base_url, model: row.model, hasKey: row.has_key === 1, insecureConfirmed: row.insecure_confirmed === 1, timeoutMs: row.timeout_ms },
  };
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function notFound(idOrPath: string): LecternError {
  return new LecternError('MODEL_NOT_FOUND', `No model with the id or path "${idOrPath}" in this library.`);
}
