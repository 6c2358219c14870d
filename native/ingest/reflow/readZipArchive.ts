import yauzl from 'yauzl';
import { LecternError } from '../../api/errors.js';
import { formatBytes } from '../../formatBytes.js';

export interface ZipLimits {
  /** Default 10,000: more entries than any book or document has. */
  maxEntries: number;
  /** Default 512 MiB: the most all entries may unpack to together. */
  maxTotalBytes: number;
  /** Default 128 MiB: the most one entry may unpack to. */
  maxEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 512 * 1024 ** 2, maxEntryBytes: 128 * 1024 ** 2 };

/** The entries of a ZIP-based document (EPUB, DOCX), unpacked only when asked for. */
export interface ZipArchive {
  /** Entry names as stored (forward slashes), directories left out. */
  readonly names: ReadonlySet<string>;
  /** The unpacked bytes of an entry, or null when there is none by that name. */
  read(name: string): Promise<Buffer | null>;
  /** The entry as UTF-8 text (a byte-order mark dropped), or null. */
  readText(name: string): Promise<string | null>;
}

/**
 * Opens a ZIP archive held in memory. The central directory's entry count and declared sizes are
 * checked against the limits before anything is inflated, and every inflated stream is counted as
 * it comes, so an archive that lies about its sizes is stopped at the limit too (zip bombs).
 */
export async function readZipArchive(bytes: Uint8Array, kind: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
        error ? reject(error) : resolve(file),
      ),
    );
  } catch (error) {
    throw damaged(kind, error);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw tooLarge(kind, `it holds ${zip.entryCount.toLocaleString('en')} files, over the limit of ${limits.maxEntries.toLocaleString('en')}`);
  }
  const entries = new Map<string, yauzl.Entry>();
  let declared = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) {
          if (entry.uncompressedSize > limits.maxEntryBytes) {
            reject(tooLarge(kind, `${entry.fileName} would unpack to ${formatBytes(entry.uncompressedSize)}, over the limit of ${formatBytes(limits.maxEntryBytes)} for one part`));
            return;
          }
          declared += entry.uncompressedSize;
          if (declared > limits.maxTotalBytes) {
            reject(tooLarge(kind, `it would unpack to more than ${formatBytes(limits.maxTotalBytes)}`));
            return;
          }
          entries.set(entry.fileName, entry);
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error instanceof LecternError ? error : damaged(kind, error);
  }
  let inflated = 0;
  const read = async (name: string): Promise<Buffer | null> => {
    const entry = entries.get(name);
    if (!entry) return null;
    try {
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        inflated += chunk.length;
        // yauzl also refuses a stream longer than its declared size; this holds even if that check were off.
        if (size > limits.maxEntryBytes || inflated > limits.maxTotalBytes) {
          (stream as unknown as { destroy(): void }).destroy();
          throw tooLarge(kind, `${name} unpacks to more than it declares`);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks, size);
    } catch (error) {
      throw error instanceof LecternError ? error : damaged(kind, error);
    }
  };
  return {
    names: new Set(entries.keys()),
    read,
    async readText(name) {
      const data = await read(name);
      return data ? data.toString('utf8').replace(/^\uFEFF/, '') : null;
    },
  };
}

function damaged(kind: string, cause: unknown): LecternError {
  return new LecternError(
    'DAMAGED_ARCHIVE',
    `This ${kind} file is damaged: its ZIP container cannot be read (${(cause as Error).message}). It may be incomplete; get a complete copy and import it again.`,
    { cause },
  );
}

function tooLarge(kind: string, why: string): LecternError {
  return new LecternError(
    'ARCHIVE_TOO_LARGE',
    `This ${kind} file was not unpacked: ${why}. No real ${kind} is that large, so it is likely malformed or a "zip bomb"; if it is genuine, convert it to PDF and import that.`,
  );
}
