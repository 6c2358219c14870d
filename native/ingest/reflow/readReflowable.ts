import type { DocumentFormat } from '../../api/types.js';
import type { StructuredDocument } from '../../model/documentModel.js';
import type { PassageLimits } from '../buildStructure.js';
import { readDocx } from './readDocx.js';
import { readEpub } from './readEpub.js';
import { readHtml } from './readHtml.js';

export type ReflowableFormat = Extract<DocumentFormat, 'epub' | 'docx' | 'html'>;

export function isReflowable(format: DocumentFormat): format is ReflowableFormat {
  return format === 'epub' || format === 'docx' || format === 'html';
}

/** Reads an EPUB, DOCX or HTML file into a document whose pages are its chapters, with its author and import notes. */
export async function readReflowable(source: { path: string; bytes: Uint8Array; format: ReflowableFormat }, limits?: PassageLimits): Promise<StructuredDocument> {
  const read: { structured: StructuredDocument; author: string | null; notes?: string[] } =
    source.format === 'epub'
      ? await readEpub(source.bytes, source.path, { limits })
      : source.format === 'docx'
        ? await readDocx(source.bytes, source.path, { limits })
        : readHtml(source.bytes, source.path, { limits });
  const notes = read.notes ?? [];
  return { ...read.structured, author: read.author, ...(notes.length > 0 ? { importNotes: notes } : {}) };
}
