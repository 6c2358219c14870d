import type fs from 'node:fs';
import { imageAsPdf, imageKind } from '../ingest/imageAsPdf.js';

/**
 * A document imported from a PNG, JPEG or TIFF is a PDF to the reader, as it is to the engine: the
 * same one-page PDF import made of it (imageAsPdf, deterministic), from the open, checked file.
 * Null when the file is not an image (a PDF is served as it is).
 */
export async function imageSourceAsPdf(handle: fs.promises.FileHandle, size: number): Promise<Uint8Array | null> {
  const head = new Uint8Array(4);
  await handle.read(head, 0, head.length, 0);
  const kind = imageKind(head);
  if (!kind) return null;
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size;) {
    const { bytesRead } = await handle.read(bytes, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return imageAsPdf(bytes, kind);
}
