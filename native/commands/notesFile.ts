import { z } from 'zod';
import { ANNOTATION_COLORS, ANNOTATION_KINDS, NOTES_FORMAT_VERSION, type Annotation, type NotesFile } from '../api/annotationTypes.js';
import { LecternError } from '../api/errors.js';
import type { DocumentSummary } from '../api/types.js';

const span = z
  .object({ page: z.number().int().min(1), charStart: z.number().int().min(0), charEnd: z.number().int().min(0) })
  .refine((s) => s.charEnd > s.charStart, 'an empty range');
const rect = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), page: z.number().int().min(1) });
const citation = z.object({
  marker: z.string(),
  passageId: z.number().int().nullable(),
  documentId: z.string().nullable(),
  page: z.number().int().nullable(),
  quote: z.string(),
  charStart: z.number().int().nullable(),
  charEnd: z.number().int().nullable(),
  supported: z.boolean(),
  spans: z.array(span),
  rects: z.array(rect),
  role: z.enum(['answer', 'related']).optional(),
});
const annotation = z.object({
  id: z.string(),
  documentId: z.string(),
  user: z.string(),
  kind: z.enum(ANNOTATION_KINDS),
  color: z.enum(ANNOTATION_COLORS).nullable(),
  anchor: z.object({ page: z.number().int().min(1), spans: z.array(span), quote: z.string() }),
  note: z.string(),
  answer: z
    .object({
      question: z.string(),
      text: z.string(),
      mode: z.enum(['full-context', 'retrieval', 'extractive']).nullable(),
      modelId: z.string().nullable(),
      citations: z.array(citation),
    })
    .nullable(),
  rects: z.array(rect),
  orphaned: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const notesFile = z.object({
  lectern: z.literal('notes'),
  version: z.number().int().min(1),
  document: z.object({ id: z.string().min(1), title: z.string(), contentHash: z.string().nullable(), pageCount: z.number().int().min(0) }),
  exportedAt: z.string(),
  annotations: z.array(annotation),
});

/** A document's notes as a file: what 'annotations:export' writes as JSON. */
export function notesFileOf(document: DocumentSummary, contentHash: string | null, annotations: Annotation[]): NotesFile {
  return {
    lectern: 'notes',
    version: NOTES_FORMAT_VERSION,
    document: { id: document.id, title: document.title, contentHash, pageCount: document.pages },
    exportedAt: new Date().toISOString(),
    annotations,
  };
}

/**
 * Reads a notes file, refusing with a coded error what cannot be imported whole: not JSON or
 * not a notes file (NOTES_FILE_INVALID), or written by a newer Lectern (NOTES_FILE_NEWER,
 * checked before the shape, which a newer version may have changed).
 */
export function readNotesFile(content: string): NotesFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new LecternError(
      'NOTES_FILE_INVALID',
      `This is not a Lectern notes file: it is not valid JSON (${(error as Error).message}). Choose a .json file exported from Lectern's notes.`,
      {
        cause: error,
      },
    );
  }
  const head = parsed as { lectern?: unknown; version?: unknown } | null;
  if (head === null || typeof head !== 'object' || head.lectern !== 'notes') {
    throw new LecternError('NOTES_FILE_INVALID', 'This JSON file is not a Lectern notes file (it has no "lectern": "notes"). Choose a .json file exported from Lectern\'s notes.');
  }
  if (typeof head.version === 'number' && head.version > NOTES_FORMAT_VERSION) {
    throw new LecternError(
      'NOTES_FILE_NEWER',
      `These notes were exported by a newer Lectern (notes format ${head.version}; this version reads up to ${NOTES_FORMAT_VERSION}). Update Lectern to import them.`,
    );
  }
  const checked = notesFile.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new LecternError(
      'NOTES_FILE_INVALID',
      `This notes file is damaged or was edited by hand: ${issue.path.join('.') || 'the file'}: ${issue.message}${checked.error.issues.length > 1 ? ` (and ${checked.error.issues.length - 1} more problems)` : ''}. Nothing was imported; export the notes again.`,
    );
  }
  return checked.data as NotesFile;
}
