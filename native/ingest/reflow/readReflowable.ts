import type { DocumentFormat } from '../../api/types.js';
import type { StructuredDocument } from '../../model/documentModel.js';
import type { PassageLimits } from '../buildStructure.js';
import type { ChapterBlocks } from './htmlToBlocks.js';
import { readDocx } from './readDocx.js';
import { readEpub } from './readEpub.js';
import { readHtml } from './readHtml.js';

export type ReflowableFormat = Extract<DocumentFormat, 'epub' | 'docx' | 'html'>;

export function isReflowable(format: DocumentFormat): format is ReflowableFormat {
  return format === 'epub' || format === 'docx' || format === 'html';
}

/** Reads an EPUB, DOCX or HTML file into a document whose pages are its chapters, with its author and import notes. */
export async function readReflowable(source: { path: string; bytes: Uint8Array; format: ReflowableFormat }, limits?: PassageLimits): Promise<StructuredDocument> {
  const read = await readAnyReflowable(source, limits);
  const notes = read.notes ?? [];
  return { ...read.structured, author: read.author, ...(notes.length > 0 ? { importNotes: notes } : {}) };
}

/** The blocks of each chapter (page) of a reflowable file, read as an import reads them: the reader's structure. */
export async function readReflowableChapters(source: { path: string; bytes: Uint8Array; format: ReflowableFormat }): Promise<ChapterBlocks[]> {
  return (await readAnyReflowable(source)).chapters;
}

async function readAnyReflowable(
  source: { path: string; bytes: Uint8Array; format: ReflowableFormat },
  limits?: PassageLimits,
): Promise<{ structured: StructuredDocument; author: string | null; notes?: string[]; chapters: ChapterBlocks[] }> {
  if (source.format === 'epub') return readEpub(source.bytes, source.path, { limits });
  if (source.format === 'docx') return readDocx(source.bytes, source.path, { limits });
  return readHtml(source.bytes, source.path, { limits });
}
