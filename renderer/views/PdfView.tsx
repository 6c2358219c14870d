/**
 * The PDF page view: pdf.js's PDFViewer (lazy page rendering, text layer, find controller),
 * following the reader store (page, zoom, find, citation highlight) and reporting scrolling back.
 */
import { useEffect, useRef, useState } from 'react';
import { openPdf, loadPdfViewer, pdfjsLib } from '../pdf/pdfjs.js';
import { useAskStore } from '../stores/askStore.js';
import { useOcrLayerStore } from '../stores/ocrLayerStore.js';
import { useReaderStore, type Highlight } from '../stores/readerStore.js';
import { errorMessage } from '../stores/requestId.js';
import { documentFileUrl } from '../transport/webSession.js';
import { drawHighlight, scrollToHighlight } from './drawHighlight.js';
import { pageForViewer } from './pageForViewer.js';
import { withOcrText } from './withOcrText.js';

type Viewer = InstanceType<Awaited<ReturnType<typeof loadPdfViewer>>['PDFViewer']>;
type EventBus = InstanceType<Awaited<ReturnType<typeof loadPdfViewer>>['EventBus']>;

export function PdfView({ documentId }: { documentId: string }) {
  const wrapper = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const viewerDiv = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [selection, setSelection] = useState<{ text: string; left: number; top: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let viewer: Viewer | null = null;
    let eventBus: EventBus | null = null;
    let task: ReturnType<typeof openPdf> | null = null;
    const unsubscribers: Array<() => void> = [];
    const store = useReaderStore;
    useOcrLayerStore.getState().reset();

    const find = (type: '' | 'again', previous = false) => {
      const query = store.getState().findQuery;
      eventBus?.dispatch('find', { source: null, type, query, caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: previous, matchDiacritics: false });
    };

    void (async () => {
      const { EventBus, PDFLinkService, PDFFindController, PDFViewer } = await loadPdfViewer();
      if (cancelled || !container.current || !viewerDiv.current) return;
      eventBus = new EventBus();
      const linkService = new PDFLinkService({ eventBus });
      const findController = new PDFFindController({ eventBus, linkService });
      viewer = new PDFViewer({
        container: container.current,
        viewer: viewerDiv.current,
        eventBus,
        linkService,
        findController,
        textLayerMode: 1,
        annotationMode: pdfjsLib.AnnotationMode.ENABLE,
      });
      linkService.setViewer(viewer);
      const v = viewer;

      eventBus.on('pagesinit', () => {
        const { scale, page, highlight } = store.getState();
        v.currentScale = scale;
        v.currentPageNumber = pageForViewer(page, v.pagesCount) ?? 1;
        if (highlight?.documentId === documentId && container.current) scrollToHighlight(v, highlight, container.current);
      });
      eventBus.on('pagechanging', (e: { pageNumber: number }) => {
        if (store.getState().page !== e.pageNumber) store.getState().notePage(e.pageNumber);
      });
      eventBus.on('scalechanging', (e: { scale: number }) => store.getState().setScale(e.scale));
      eventBus.on('pagerendered', (e: { pageNumber: number }) => {
        drawHighlight(v, documentId, store.getState().highlight, e.pageNumber);
      });
      eventBus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) => store.getState().setFindMatches(e.matchesCount));
      eventBus.on('updatefindcontrolstate', (e: { matchesCount?: { current: number; total: number } }) => {
        if (e.matchesCount) store.getState().setFindMatches(e.matchesCount);
      });

      unsubscribers.push(
        store.subscribe((s, prev) => {
          // The store may already hold the page of a document about to replace this one, or the viewer may not have its pages yet ('pagesinit' applies the page then).
          const page = s.documentId === documentId ? pageForViewer(s.page, v.pagesCount) : null;
          if (s.page !== prev.page && page !== null && page !== v.currentPageNumber) v.currentPageNumber = page;
          if (s.scale !== prev.scale && Math.abs(s.scale - v.currentScale) > 0.001) v.currentScale = s.scale;
          if (s.findQuery !== prev.findQuery) {
            if (s.findQuery) find('');
            else eventBus?.dispatch('findbarclose', { source: null });
          }
          if (s.findStep.tick !== prev.findStep.tick && s.findQuery) find('again', s.findStep.previous);
          if (s.highlight !== prev.highlight) {
            drawHighlight(v, documentId, s.highlight);
            if (s.highlight?.documentId === documentId && container.current) scrollToHighlight(v, s.highlight, container.current);
          }
        }),
      );

      task = openPdf(documentFileUrl(documentId));
      const pdf = await task.promise;
      if (cancelled) return;
      // A scan's pages take the words OCR read as their text: pdf.js's text layer and find then work on them as on born-digital pages.
      withOcrText(pdf, (page) => useOcrLayerStore.getState().wordsFor(documentId, page));
      viewer.setDocument(pdf);
      linkService.setDocument(pdf, null);
      store.getState().setPageCount(pdf.numPages);
      setLoading(false);
    })().catch((e: unknown) => {
      if (!cancelled) {
        setLoading(false);
        setError(`Could not show this PDF: ${errorMessage(e)}`);
      }
    });

    return () => {
      cancelled = true;
      for (const off of unsubscribers) off();
      viewer?.cleanup();
      // Destroyed while pdf.js still fetches its pages, the document makes it log an error per page: let it finish first.
      const pagesReady = viewer?.pagesPromise ?? null;
      if (pagesReady) void pagesReady.finally(() => task?.destroy());
      else void task?.destroy();
    };
  }, [documentId]);

  const onMouseUp = () => {
    // After the browser has updated the selection.
    setTimeout(() => {
      const sel = window.getSelection();
      const text = sel?.toString().trim() ?? '';
      if (!sel || !text || !container.current?.contains(sel.anchorNode) || !wrapper.current) {
        setSelection(null);
        return;
      }
      const rect = sel.getRangeAt(0).getBoundingClientRect();
      const box = wrapper.current.getBoundingClientRect();
      setSelection({ text, left: Math.max(8, Math.min(rect.left - box.left, box.width - 140)), top: Math.min(rect.bottom - box.top + 6, box.height - 40) });
    }, 0);
  };

  return (
    <div className="pdf-wrapper" ref={wrapper}>
      {loading && !error && <p className="muted pdf-loading">Opening…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="pdf-container" ref={container} onMouseUp={onMouseUp} onScroll={() => selection && setSelection(null)} tabIndex={0} aria-label="Pages">
        <div className="pdfViewer" ref={viewerDiv} />
      </div>
      {selection && (
        <button
          type="button"
          className="ask-selection primary"
          style={{ left: selection.left, top: selection.top }}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            useAskStore.getState().askAbout(selection.text, documentId);
            setSelection(null);
            document.getElementById('question')?.focus();
          }}
        >
          Ask about this
        </button>
      )}
    </div>
  );
}

export type { Highlight };
