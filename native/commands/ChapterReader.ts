import { LecternError } from '../api/errors.js';
import type { ReflowChapter, ReflowChapterEntry, SectionNode } from '../api/types.js';
import type { ChapterBlocks } from '../ingest/reflow/htmlToBlocks.js';
import { isReflowable, readReflowableChapters, type ReflowableFormat } from '../ingest/reflow/readReflowable.js';
import { renderChapterHtml } from '../ingest/reflow/renderChapterHtml.js';
import type { DocumentRepository } from '../store/DocumentRepository.js';
import { notFound } from '../store/DocumentRepository.js';
import type { DocumentSources } from '../store/DocumentSources.js';

/** Why the chapters' structure could not be read from the file, said to the reader. */
type SourceBlocks = { chapters: ChapterBlocks[] } | { notice: string };

/**
 * Serves the chapters of EPUB, DOCX and HTML documents to the reflowable reader ('library:chapter').
 * The text is always the stored chapter text, so citations land exactly; the structure (headings,
 * lists, tables, figures) is read again from the imported file, which DocumentSources hands out only
 * while it holds the imported bytes. Reading a book's file takes a moment, and a reader turns chapters
 * one after another, so the last few documents' chapter blocks are kept.
 */
export class ChapterReader {
  private static readonly KEPT = 3;
  /** `${documentId}:${sha256}` → the read under way or done; most recently used last. */
  private readonly kept = new Map<string, Promise<SourceBlocks>>();

  constructor(
    private readonly documents: DocumentRepository,
    private readonly sources: DocumentSources,
  ) {}

  async read(documentId: string, chapter: number): Promise<ReflowChapter> {
    const summary = this.documents.summary(documentId);
    const source = this.documents.source(documentId);
    if (!summary || !source) throw notFound(documentId);
    const format = summary.format;
    if (!isReflowable(format)) {
      throw new LecternError(
        'UNSUPPORTED_FORMAT',
        `"${summary.title}" is a ${format.toUpperCase()} document; only EPUB, DOCX and HTML documents are read by chapter. Open it in the reader.`,
      );
    }
    const page = this.documents.page(documentId, chapter);
    if (!page) {
      throw new LecternError('INVALID_ARGUMENT', `"${summary.title}" has ${summary.pages} chapter${summary.pages === 1 ? '' : 's'}; there is no chapter ${chapter}.`);
    }
    const blocks = await this.blocksOf(documentId, source.sha256, format);
    const chapterBlocks = 'chapters' in blocks ? (blocks.chapters[chapter - 1]?.blocks ?? null) : null;
    const { html, structured } = renderChapterHtml(page.text, chapterBlocks);
    const notice =
      'notice' in blocks
        ? blocks.notice
        : structured
          ? null
          : 'This chapter is shown as plain paragraphs: its file reads differently from when it was imported. Re-read the library to update it.';
    return { documentId, chapter, html, chapters: this.chapterList(documentId, summary.pages), structure: structured ? 'source' : 'text', notice };
  }

  private blocksOf(documentId: string, sha256: string, format: ReflowableFormat): Promise<SourceBlocks> {
    const key = `${documentId}:${sha256}`;
    let found = this.kept.get(key);
    if (found) this.kept.delete(key);
    else {
      const reading = this.readBlocks(documentId, format);
      found = reading;
      // A file that is missing or changed may be put back: only a successful read is kept.
      void reading.then((read) => {
        if ('notice' in read && this.kept.get(key) === reading) this.kept.delete(key);
      });
    }
    this.kept.set(key, found);
    while (this.kept.size > ChapterReader.KEPT) this.kept.delete(this.kept.keys().next().value!);
    return found;
  }

  private async readBlocks(documentId: string, format: ReflowableFormat): Promise<SourceBlocks> {
    let bytes: Uint8Array;
    let path: string;
    try {
      const opened = await this.sources.open(documentId);
      try {
        bytes = await opened.handle.readFile();
        path = opened.path;
      } finally {
        await opened.handle.close();
      }
    } catch (error) {
      // The stored text is still there to read: show it without the book's structure and say why.
      if (error instanceof LecternError) return { notice: `Shown as plain paragraphs, without the book's headings and tables: ${error.message}` };
      throw error;
    }
    try {
      return { chapters: await readReflowableChapters({ path, bytes, format }) };
    } catch (error) {
      if (error instanceof LecternError) return { notice: `Shown as plain paragraphs, without the book's headings and tables: ${error.message}` };
      throw error;
    }
  }

  /** Every chapter with its title (the table of contents' first entry on it, else its first line) and length. */
  private chapterList(documentId: string, pages: number): ReflowChapterEntry[] {
    const titles = new Map<number, string>();
    const walk = (nodes: readonly SectionNode[]) => {
      for (const node of nodes) {
        if (!titles.has(node.page)) titles.set(node.page, node.title);
        walk(node.children);
      }
    };
    walk(this.documents.detail(documentId).sections);
    const out: ReflowChapterEntry[] = [];
    for (let number = 1; number <= pages; number++) {
      const text = this.documents.page(documentId, number)?.text ?? '';
      const firstLine = text.split('\n', 1)[0]!.trim();
      const title = titles.get(number) ?? (firstLine ? shorten(firstLine, 80) : `Chapter ${number}`);
      out.push({ number, title, textLength: text.length });
    }
    return out;
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
