import path from 'node:path';
import mammoth from 'mammoth';
import { LecternError } from '../../api/errors.js';
import type { StructuredDocument } from '../../model/documentModel.js';
import type { PassageLimits } from '../buildStructure.js';
import { composeChapters, splitAtTopHeadings } from './composeChapters.js';
import { htmlToBlocks, type ChapterBlocks } from './htmlToBlocks.js';
import { child, parseXml, refuseUnsafeMarkup, textOf } from './parseXml.js';
import { readZipArchive, type ZipLimits } from './readZipArchive.js';

export interface DocxDocument {
  structured: StructuredDocument;
  author: string | null;
  /** What the import left out on purpose (tracked changes, comments), said plainly for the document's details. */
  notes: string[];
  /** The chapters' blocks, for the reader (see renderChapterHtml). */
  chapters: ChapterBlocks[];
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads a Word document (.docx) through mammoth: heading styles and numbered clause paragraphs
 * become sections, tables rows, lists keep their bullets and numbers. The archive is checked against
 * the zip limits before mammoth unpacks it. Tracked changes are read as if accepted (insertions
 * kept, deletions dropped) and comments are left out; both are stated in `notes`.
 */
export async function readDocx(bytes: Uint8Array, fileName: string, options: { limits?: PassageLimits; zipLimits?: ZipLimits } = {}): Promise<DocxDocument> {
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      'This is an old Word document (.doc, Word 97–2003) named .docx. Open it in Word or LibreOffice and save it as .docx (Word Document) or PDF, then import that.',
    );
  }
  const zip = await readZipArchive(bytes, 'Word', options.zipLimits);
  const body = await zip.readText('word/document.xml');
  if (body === null) {
    throw new LecternError(
      'DAMAGED_ARCHIVE',
      'This .docx has no document body (word/document.xml), so it is not a Word document or it is damaged. Open it in Word and save it again, then import that.',
    );
  }
  refuseUnsafeMarkup(body, 'word/document.xml');
  const notes: string[] = [];
  const changes = (body.match(/<w:(ins|del|moveFrom|moveTo)\b/g) ?? []).length;
  if (changes > 0) {
    notes.push(
      `Tracked changes were not shown: ${changes} change${changes === 1 ? ' was' : 's were'} read as if accepted (insertions kept, deletions left out). Review them in Word if the difference matters.`,
    );
  }
  const commentsXml = await zip.readText('word/comments.xml');
  const comments = commentsXml ? (commentsXml.match(/<w:comment\b/g) ?? []).length : 0;
  if (comments > 0) notes.push(`${comments} comment${comments === 1 ? ' was' : 's were'} left out: only the document's own text was imported.`);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // Images are not kept (their alt text is); an empty source spares reading and encoding them.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new LecternError('DAMAGED_ARCHIVE', `This .docx could not be read (${(error as Error).message}). Open it in Word and save it again, then import that.`, { cause: error });
  }
  const document = htmlToBlocks(html, { part: 'word/document.xml', continueNumbering: true });
  const core = await zip.readText('docProps/core.xml');
  const properties = core ? child(parseXml(core, 'docProps/core.xml'), 'coreProperties') : undefined;
  const firstHeading = document.blocks.find((b) => b.heading)?.lines.join(' ');
  const title = textOf(child(properties, 'title')) || firstHeading || path.basename(fileName, path.extname(fileName));
  const author = textOf(child(properties, 'creator')) || null;
  const chapters = splitAtTopHeadings(document);
  const structured = composeChapters({ title, chapters, numberedClauses: true, limits: options.limits });
  return { structured, author, notes, chapters };
}
