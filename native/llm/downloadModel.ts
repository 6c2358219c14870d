/**
 * Downloads one GGUF file: resumable (HTTP Range into `<file>.part`), cancellable (the `.part`
 * stays for the next try), with progress and speed, checked for the GGUF signature, and moved
 * into place with one rename. The only code in Lectern that opens a network connection, and
 * only when a person asks for a download.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LecternError } from '../api/errors.js';
import type { DownloadProgress } from '../api/types.js';
import { readFileMagic } from './readModelInfo.js';

export const HUGGING_FACE = 'https://huggingface.co';

export interface DownloadOptions {
  /** Folder the file is written to; created when missing. */
  destDir: string;
  signal?: AbortSignal;
  /** At most every `progressIntervalMs` (default 100), and once at the end. */
  onProgress?: (progress: DownloadProgress) => void;
  progressIntervalMs?: number;
  /** Where `hf:` URIs point; default https://huggingface.co. */
  hfEndpoint?: string;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** Bytes that were already on disk from an earlier, interrupted download. */
  resumedFrom: number;
}

/** What a resumable `.part` was downloaded from, so a resume never splices two different files. */
interface PartState {
  url: string;
  validator: string | null;
  totalBytes: number | null;
}

/**
 * `hf:owner/repo/path/file.gguf` → `<hfEndpoint>/owner/repo/resolve/main/path/file.gguf`;
 * `https://…` as is; `http://` only to this machine (127.0.0.1, ::1, localhost).
 */
export function resolveModelUri(uri: string, hfEndpoint: string = HUGGING_FACE): { url: URL; fileName: string } {
  if (/^hf:/i.test(uri)) {
    const parts = uri
      .slice(3)
      .replace(/^\/+/, '')
      .split('/')
      .filter((p) => p !== '');
    if (parts.length < 3 || !/\.gguf$/i.test(parts[parts.length - 1]!)) {
      throw new LecternError(
        'INVALID_ARGUMENT',
        `"${uri}" is not a Hugging Face model address. Write it as hf:<owner>/<repo>/<file>.gguf, for example hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf.`,
      );
    }
    const [owner, repo, ...file] = parts;
    const url = new URL(`${hfEndpoint.replace(/\/+$/, '')}/${[owner!, repo!, 'resolve', 'main', ...file].map(encodeURIComponent).join('/')}`);
    return { url, fileName: safeFileName(file[file.length - 1]!) };
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new LecternError(
      'INVALID_ARGUMENT',
      `"${uri}" is neither a file nor a model address. Give a path to a .gguf file, an https:// address, or hf:<owner>/<repo>/<file>.gguf.`,
    );
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new LecternError('INVALID_ARGUMENT', `Lectern downloads models only over https (got ${url.protocol}//${url.host}). Use an https:// address.`);
  }
  const last = decodeURIComponent(
    url.pathname
      .split('/')
      .filter((p) => p !== '')
      .pop() ?? 'model',
  );
  return { url, fileName: safeFileName(last) };
}

function safeFileName(name: string): string {
  const cleaned =
    name
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 200) || 'model';
  return /\.gguf$/i.test(cleaned) ? cleaned : `${cleaned}.gguf`;
}

/**
 * Downloads `uri` into `destDir`. An existing `<file>.part` from the same address is resumed
 * with a Range request (and If-Range, so a file that changed on the server starts over).
 * Throws LecternError: CANCELLED (the `.part` is kept), DOWNLOAD_FAILED (HTTP or network error,
 * or a body that is not GGUF), INVALID_ARGUMENT (an address Lectern will not fetch).
 */
export async function downloadModel(uri: string, options: DownloadOptions): Promise<DownloadResult> {
  const { url, fileName } = resolveModelUri(uri, options.hfEndpoint);
  await mkdir(options.destDir, { recursive: true });
  const dest = path.join(options.destDir, fileName);
  const part = `${dest}.part`;
  const stateFile = `${part}.json`;
  const state = await readPartState(stateFile);
  let offset = state?.url === url.href ? await sizeOrZero(part) : 0;
  const resumedFrom = offset;

  const meter = new SpeedMeter(uri, offset, options);
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { 'user-agent': 'Lectern (offline document reader)' };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      if (state?.validator) headers['if-range'] = state.validator;
    }
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'follow', signal: options.signal });
    } catch (error) {
      throw failure(error, uri, options.signal, offset, null);
    }

    if (response.status === 416 && offset > 0 && attempt === 0) {
      // The .part may already hold the whole file; otherwise it is stale: start over.
      const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? NaN);
      await response.body?.cancel();
      if (total === offset) break;
      offset = 0;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpFailure(response, uri);
    }

    let totalBytes: number | null;
    if (response.status === 206) {
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== offset) {
        await response.body?.cancel();
        if (attempt > 0)
          throw new LecternError(
            'DOWNLOAD_FAILED',
            `Downloading ${uri} failed: the server answered a resume request with the wrong part of the file. Delete ${part} and try again.`,
          );
        offset = 0;
        continue;
      }
      totalBytes = range[2] === '*' ? null : Number(range[2]);
    } else {
      offset = 0; // 200: the server sent the whole file (no Range support, or the file changed).
      const length = response.headers.get('content-length');
      totalBytes = length === null ? null : Number(length);
    }
    const validator = strongValidator(response.headers);
    await writeFile(stateFile, JSON.stringify({ url: url.href, validator, totalBytes } satisfies PartState));
    meter.start(offset, totalBytes);

    if (!response.body) throw new LecternError('DOWNLOAD_FAILED', `Downloading ${uri} failed: the server sent no data. Try again later.`);
    try {
      await pipeline(
        Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            meter.add(chunk.length);
            callback(null, chunk);
          },
        }),
        createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' }),
        { signal: options.signal },
      );
    } catch (error) {
      throw failure(error, uri, options.signal, meter.received, totalBytes);
    }
    meter.finish();
    if (totalBytes !== null && meter.received !== totalBytes) {
      throw new LecternError(
        'DOWNLOAD_FAILED',
        `Downloading ${uri} stopped after ${meter.received.toLocaleString('en-US')} of ${totalBytes.toLocaleString('en-US')} bytes. Run the download again to resume it.`,
      );
    }
    break;
  }

  const magic = await readFileMagic(part);
  if (magic !== 'GGUF') {
    await rm(part, { force: true });
    await rm(stateFile, { force: true });
    throw new LecternError(
      'DOWNLOAD_FAILED',
      `${uri} did not deliver a GGUF model (the file starts with ${JSON.stringify(magic)}). Check the address: it must point at a .gguf file, not a web page.`,
    );
  }
  await rename(part, dest);
  await rm(stateFile, { force: true });
  return { path: dest, bytes: (await stat(dest)).size, resumedFrom };
}

/** Measures speed over the last few seconds, so a stall shows as a falling rate. */
class SpeedMeter {
  received = 0;
  private totalBytes: number | null = null;
  private samples: Array<[time: number, bytes: number]> = [];
  private lastEmit = 0;
  private readonly interval: number;

  constructor(
    private readonly uri: string,
    start: number,
    private readonly options: DownloadOptions,
  ) {
    this.received = start;
    this.interval = options.progressIntervalMs ?? 100;
  }

  start(offset: number, totalBytes: number | null): void {
    this.received = offset;
    this.totalBytes = totalBytes;
    this.samples = [[performance.now(), offset]];
    this.emit(true);
  }

  add(bytes: number): void {
    this.received += bytes;
    this.emit(false);
  }

  finish(): void {
    this.emit(true);
  }

  private emit(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < this.interval) return;
    this.lastEmit = now;
    this.samples.push([now, this.received]);
    while (this.samples.length > 2 && now - this.samples[0]![0] > 3000) this.samples.shift();
    const [t0, b0] = this.samples[0]!;
    const bytesPerSecond = now - t0 > 0 ? Math.round(((this.received - b0) * 1000) / (now - t0)) : 0;
    this.options.onProgress?.({ uri: this.uri, receivedBytes: this.received, totalBytes: this.totalBytes, bytesPerSecond });
  }
}

function strongValidator(headers: Headers): string | null {
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) return etag;
  return headers.get('last-modified');
}

function httpFailure(response: Response, uri: string): LecternError {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const hint =
    response.status === 404
      ? 'Check the address: the owner, repository and file name must match the model page exactly.'
      : response.status === 401 || response.status === 403
        ? 'The model needs a sign-in or an accepted licence. Download it in a browser, then add the file by its path.'
        : response.status >= 500
          ? 'The server has a problem; try again later.'
          : 'Check the address and try again.';
  return new LecternError('DOWNLOAD_FAILED', `Downloading ${uri} failed: the server answered ${status}. ${hint}`);
}

function failure(error: unknown, uri: string, signal: AbortSignal | undefined, received: number, total: number | null): LecternError {
  if (signal?.aborted) {
    return new LecternError('CANCELLED', `The download of ${uri} was stopped after ${received.toLocaleString('en-US')} bytes. Run it again to resume where it stopped.`);
  }
  if (error instanceof LecternError) return error;
  const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  const where = received > 0 ? ` after ${received.toLocaleString('en-US')}${total !== null ? ` of ${total.toLocaleString('en-US')}` : ''} bytes` : '';
  return new LecternError('DOWNLOAD_FAILED', `Downloading ${uri} failed${where}: ${cause}. Check the network connection and run it again${received > 0 ? ' to resume' : ''}.`, {
    cause: error,
  });
}

async function readPartState(file: string): Promise<PartState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PartState;
  } catch {
    return null;
  }
}

async function sizeOrZero(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}
