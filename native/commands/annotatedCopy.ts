import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFHexString, type PDFPage } from 'pdf-lib';
import type { Annotation, AnnotationColor } from '../api/annotationTypes.js';
import { LecternError } from '../api/errors.js';
import type { DocumentSummary, Rect } from '../api/types.js';
import type { EngineContext } from './EngineContext.js';
import { safeFileTitle } from './notesMarkdown.js';

/** Annotation colours as PDF DeviceRGB components (0–1), close to the reader's. */
const RGB: Record<AnnotationColor, [number, number, number]> = {
  yellow: [1, 0.89, 0.2],
  green: [0.55, 0.87, 0.45],
  blue: [0.45, 0.7, 1],
  pink: [1, 0.6, 0.75],
  purple: [0.75, 0.6, 1],
};
const NOTE_RGB: [number, number, number] = [1, 0.82, 0.3];
/** The sticky note's icon, in points. */
const ICON = 18;
/** Annotation flag Print (bit 3): printed with the page, as a reader prints highlights. */
const PRINT = 4;

/**
 * Writes a copy of a PDF with the user's annotations as standard PDF annotations: /Highlight
 * and /Underline over the marked text (QuadPoints from the stored rectangles), /Text (a
 * sticky note) for each note and saved answer. The original file is only read (through the
 * checked source, so it is the very file imported); the copy goes to `targetPath`, or to
 * `<library>/exports/<title> (annotated).pdf`. Returns where it was written.
 */
export async function writeAnnotatedCopy(ctx: EngineContext, document: DocumentSummary, annotations: readonly Annotation[], targetPath: string | undefined): Promise<string> {
  const target = targetPath ?? path.join(ctx.options.libraryDir, 'exports', `${safeFileTitle(document.title)} (annotated).pdf`);
  if (!path.isAbsolute(target)) throw new LecternError('INVALID_ARGUMENT', `Give the copy's path as an absolute path, not ${target}.`);
  const opened = await ctx.sources.open(document.id);
  let bytes: Buffer;
  try {
    if (samePath(opened.path, target)) {
      throw new LecternError('INVALID_ARGUMENT', `${target} is the document's own file, which Lectern never changes. Choose another path for the annotated copy.`);
    }
    bytes = await opened.handle.readFile();
  } finally {
    await opened.handle.close();
  }
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    throw new LecternError(
      'DAMAGED_PDF',
      `"${document.title}" could not be opened to write annotations into a copy (${(error as Error).message}). The notes can still be exported as Markdown.`,
      {
        cause: error,
      },
    );
  }
  const pages = pdf.getPages();
  for (const a of annotations) {
    if (a.orphaned || a.kind === 'bookmark') continue;
    const rects = a.rects.length > 0 ? a.rects : [];
    for (const [number, onPage] of byPage(rects)) {
      const page = pages[number - 1];
      if (!page) continue;
      if (a.kind === 'highlight' || a.kind === 'underline') addMarkup(pdf, page, a.kind === 'highlight' ? 'Highlight' : 'Underline', onPage, a);
    }
    const text = noteText(a);
    if (text) {
      const page = pages[(rects[0]?.page ?? a.anchor.page) - 1];
      if (page)
        addNote(
          pdf,
          page,
          rects.filter((r) => r.page === (rects[0]?.page ?? a.anchor.page)),
          text,
          a,
        );
    }
  }
  const written = await pdf.save({ updateFieldAppearances: false });
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  // Written beside the target, then renamed: a failed write never leaves half a PDF under the name.
  const partial = `${target}.${process.pid}.part`;
  await fs.promises.writeFile(partial, written);
  await fs.promises.rename(partial, target);
  return target;
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

function byPage(rects: ReadonlyArray<Rect & { page: number }>): Map<number, Rect[]> {
  const out = new Map<number, Rect[]>();
  for (const r of rects) out.set(r.page, [...(out.get(r.page) ?? []), r]);
  return out;
}

/** The stored rectangles are relative to the visible box's lower-left corner; PDF annotations are in the page's user space. */
function origin(page: PDFPage): { x: number; y: number } {
  const crop = page.getCropBox();
  const media = page.getMediaBox();
  return { x: Math.max(crop.x, media.x), y: Math.max(crop.y, media.y) };
}

function common(a: Annotation) {
  return {
    Type: 'Annot',
    T: PDFHexString.fromText(a.user),
    M: PDFHexString.fromText(pdfDate(a.updatedAt)),
    NM: PDFHexString.fromText(a.id),
    F: PRINT,
  };
}

function addMarkup(pdf: PDFDocument, page: PDFPage, subtype: 'Highlight' | 'Underline', rects: readonly Rect[], a: Annotation): void {
  const o = origin(page);
  const boxes = rects.map((r) => ({ x1: r.x + o.x, y1: r.y + o.y, x2: r.x + r.width + o.x, y2: r.y + r.height + o.y }));
  // QuadPoints per rectangle: upper-left, upper-right, lower-left, lower-right (the order readers expect).
  const quads = boxes.flatMap((b) => [b.x1, b.y2, b.x2, b.y2, b.x1, b.y1, b.x2, b.y1]);
  const dict = pdf.context.obj({
    ...common(a),
    Subtype: subtype,
    Rect: [Math.min(...boxes.map((b) => b.x1)), Math.min(...boxes.map((b) => b.y1)), Math.max(...boxes.map((b) => b.x2)), Math.max(...boxes.map((b) => b.y2))],
    QuadPoints: quads,
    C: RGB[a.color ?? 'yellow'],
    CA: subtype === 'Highlight' ? 0.6 : 1,
    ...(a.note ? { Contents: PDFHexString.fromText(a.note) } : {}),
  });
  page.node.addAnnot(pdf.context.register(dict));
}

/** A sticky note by the marked text's first line, or at the page's top-left for a page note. */
function addNote(pdf: PDFDocument, page: PDFPage, near: readonly Rect[], text: string, a: Annotation): void {
  const o = origin(page);
  const { height } = page.getCropBox();
  const first = near[0];
  const x = first ? Math.max(0, first.x - ICON - 2) + o.x : o.x + 4;
  const top = first ? first.y + first.height + o.y : o.y + height - 4;
  const dict = pdf.context.obj({
    ...common(a),
    Subtype: 'Text',
    Rect: [x, top - ICON, x + ICON, top],
    Contents: PDFHexString.fromText(text),
    Name: a.kind === 'answer' ? 'Help' : 'Comment',
    Open: false,
    C: NOTE_RGB,
  });
  page.node.addAnnot(pdf.context.register(dict));
}

/** What a sticky note says: a note's text; a saved answer's question and answer. A highlight's note rides on the highlight itself. */
function noteText(a: Annotation): string | null {
  if (a.kind === 'answer' && a.answer) return `${a.answer.question ? `Q: ${a.answer.question}\n\n` : ''}${a.answer.text}${a.note ? `\n\n${a.note}` : ''}`;
  if (a.kind === 'note') return a.note || a.anchor.quote || null;
  return null;
}

/** An ISO time as a PDF date (D:YYYYMMDDHHmmSSZ). */
function pdfDate(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
}
