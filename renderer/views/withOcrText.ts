/**
 * Gives the pages of a scan the words OCR read as their text content, on the open pdf.js
 * document itself: pdf.js's text layer (selection, "Ask about this"), find controller (count,
 * next, previous across every page) and find highlights then treat a scanned page as a
 * born-digital one, with no second layer or second search to keep in step with them.
 */
import type { OcrWord } from '../../native/api/types.js';
import { ocrTextContent } from './ocrTextLayout.js';

/** What is used of pdf.js's PDFPageProxy. */
interface PageLike {
  view: number[];
  streamTextContent(params?: object): ReadableStream<unknown>;
}

/** What is used of pdf.js's PDFDocumentProxy. */
interface DocumentLike<P> {
  getPage(pageNumber: number): Promise<P>;
}

/**
 * From now on, every page `pdf.getPage` gives streams the recognised words as its text when
 * `wordsFor` has some for it, else its own text layer. Pages are asked for lazily, once each
 * (pdf.js keeps one proxy per page): a born-digital page costs one empty answer.
 */
export function withOcrText<P extends PageLike>(pdf: DocumentLike<P>, wordsFor: (page: number) => Promise<readonly OcrWord[]>): void {
  const getPage = pdf.getPage.bind(pdf);
  const fed = new WeakSet<P>();
  pdf.getPage = async (pageNumber) => {
    const page = await getPage(pageNumber);
    if (!fed.has(page)) {
      fed.add(page);
      const ownText = page.streamTextContent.bind(page);
      page.streamTextContent = (params) =>
        textStream(
          () => wordsFor(pageNumber),
          page.view,
          () => ownText(params),
        );
    }
    return page;
  };
}

/** The recognised words as one chunk of text content, or the page's own stream when there are none. */
function textStream(words: () => Promise<readonly OcrWord[]>, view: number[], ownText: () => ReadableStream<unknown>): ReadableStream<unknown> {
  let own: ReadableStreamDefaultReader<unknown> | null = null;
  return new ReadableStream({
    async pull(controller) {
      if (!own) {
        const found = await words();
        if (found.length > 0) {
          controller.enqueue(ocrTextContent(found, view));
          controller.close();
          return;
        }
        own = ownText().getReader();
      }
      const { value, done } = await own.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return own?.cancel(reason);
    },
  });
}
