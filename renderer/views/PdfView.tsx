/**
 * The PDF page view: pdf.js's PDFViewer (lazy page rendering, text layer, find controller),
 * following the reader store (page, zoom, find, citation highlight) and reporting scrolling back.
 */
import { useEffect, useRef, useState } from 'react';
import { openPdf, loadPdfViewer, pdfjsLib } from '../pdf/pdfjs.js';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useAskStore } from '../stores/askStore.js';
import { useOcrLayerStore } from '../stores/ocrLayerStore.js';
import { useReaderStore, type Highlight } from '../stores/readerStore.js';
import { useReadingStore } from '../stores/readingStore.js';
import { errorMessage } from '../stores/requestId.js';
import { useUiStore } from '../stores/uiStore.js';
import { documentFileUrl } from '../transport/webSession.js';
import { annotationsByPage, drawAnnotations } from './drawAnnotations.js';
import { drawHighlight, scrollToHighlight } from './drawHighlight.js';
import { pageForViewer } from './pageForViewer.js';
import { SelectionToolbar } from './SelectionToolbar.js';
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
  /** Set by the viewer once it exists: reports the page and the place on it after a scroll. */
  const scrolledRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    let cancelled = false;
    let viewer: Viewer | null = null;
    let eventBus: EventBus | null = null;
    let task: ReturnType<typeof openPdf> | null = null;
    scrolledRef.current = null;
    const unsubscribers: Array<() => void> = [];
    const store = useReaderStore;
    useOcrLayerStore.getState().reset();
    const notes = useAnnotationStore;
    void notes.getState().load(documentId);
    // Drawn per page from this map; rebuilt only when the annotations change.
    const annotationsNow = () => annotationsByPage(notes.getState().documentId === documentId ? notes.getState().annotations : []);
    let byPage = annotationsNow();
    const openNote = (a: { id: string }) => {
      useUiStore.getState().showReaderSide('notes');
      notes.getState().edit(a.id);
    };

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

      /** The page this view last reported: the store echoing it back must not scroll the view to that page's top. */
      let reported: number | null = null;
      const report = (page: number) => {
        if (store.getState().page === page) return;
        reported = page;
        store.getState().notePage(page);
      };
      /**
       * The page in view, as the page box shows it: pdf.js names the most visible page, but while a
       * highlighted line is on screen the reader is reading that line, on its page.
       */
      const pageInView = (): number => {
        const highlight = store.getState().highlight;
        const box = container.current?.getBoundingClientRect();
        if (highlight?.documentId === documentId && box) {
          const marks = viewerDiv.current?.querySelectorAll<HTMLElement>('.citation-highlight') ?? [];
          for (const mark of marks) {
            const r = mark.getBoundingClientRect();
            const pageNumber = Number(mark.closest<HTMLElement>('.page')?.dataset.pageNumber);
            if (r.bottom > box.top && r.top < box.bottom && pageNumber >= 1) return pageNumber;
          }
        }
        return v.currentPageNumber;
      };
      const restorePlace = () => {
        const place = useReadingStore.getState().takeRestore(documentId);
        if (!place || !container.current) return;
        const pageNumber = pageForViewer(place.page, v.pagesCount) ?? 1;
        v.currentPageNumber = pageNumber;
        const div = (v.getPageView(pageNumber - 1) as { div?: HTMLDivElement } | undefined)?.div;
        if (div && place.position > 0) container.current.scrollTop = div.offsetTop + place.position * div.offsetHeight;
      };
      const applyZoom = () => {
        const { fit, scale } = store.getState();
        if (fit) v.currentScaleValue = fit;
        else if (Math.abs(scale - v.currentScale) > 0.001) v.currentScale = scale;
      };

      eventBus.on('pagesinit', () => {
        const { page, highlight } = store.getState();
        applyZoom();
        v.currentPageNumber = pageForViewer(page, v.pagesCount) ?? 1;
        if (highlight?.documentId === documentId && container.current) scrollToHighlight(v, highlight, container.current);
        else restorePlace();
      });
      eventBus.on('pagechanging', () => report(pageInView()));
      eventBus.on('scalechanging', (e: { scale: number }) => store.getState().noteScale(e.scale));
      eventBus.on('pagerendered', (e: { pageNumber: number }) => {
        drawHighlight(v, documentId, store.getState().highlight, e.pageNumber);
        drawAnnotations(v, byPage, openNote, e.pageNumber);
      });
      // pdf.js makes every page's text layer a Tab stop: with a few pages drawn, the question box was a dozen Tabs past the
      // document. The pages' scroller is the one stop; the text is still selected with the mouse or from there.
      eventBus.on('textlayerrendered', (e: { pageNumber: number }) => {
        const view = v.getPageView(e.pageNumber - 1) as { div?: HTMLDivElement } | undefined;
        view?.div?.querySelector('.textLayer')?.setAttribute('tabindex', '-1');
      });
      eventBus.on('updatefindmatchescount', (e: { matchesCount: { current: number; total: number } }) => store.getState().setFindMatches(e.matchesCount));
      eventBus.on('updatefindcontrolstate', (e: { matchesCount?: { current: number; total: number } }) => {
        if (e.matchesCount) store.getState().setFindMatches(e.matchesCount);
      });

      // The annotations may have come while pdf.js's viewer was loading.
      byPage = annotationsNow();
      unsubscribers.push(
        notes.subscribe((s, prev) => {
          if (s.annotations === prev.annotations) return;
          byPage = annotationsByPage(s.documentId === documentId ? s.annotations : []);
          drawAnnotations(v, byPage, openNote);
        }),
        store.subscribe((s, prev) => {
          // The store may already hold the page of a document about to replace this one, or the viewer may not have its pages yet ('pagesinit' applies the page then).
          const page = s.documentId === documentId ? pageForViewer(s.page, v.pagesCount) : null;
          if (s.page !== prev.page && page !== null && page !== reported && page !== v.currentPageNumber) v.currentPageNumber = page;
          if (s.page !== prev.page) reported = null;
          if ((s.fit !== prev.fit || s.scale !== prev.scale) && v.pagesCount > 0) applyZoom();
          if (s.findQuery !== prev.findQuery) {
            if (s.findQuery) find('');
            else eventBus?.dispatch('findbarclose', { source: null });
          }
          if (s.findStep.tick !== prev.findStep.tick && s.findQuery) find('again', s.findStep.previous);
          if (s.highlight !== prev.highlight) {
            drawHighlight(v, documentId, s.highlight);
            if (s.highlight?.documentId === documentId && container.current) {
              scrollToHighlight(v, s.highlight, container.current);
              report(s.highlight.page);
            }
          }
        }),
        useReadingStore.subscribe((s, prev) => {
          if (s.restore !== prev.restore && s.restore?.documentId === documentId && v.pagesCount > 0) restorePlace();
        }),
      );
      // A fit mode follows the view: a collapsed panel or a resized window changes its width.
      // Once the resizing stops: refitting on every frame of a drag re-renders every page each time.
      let refit: ReturnType<typeof setTimeout> | null = null;
      const resize = new ResizeObserver(() => {
        if (refit) clearTimeout(refit);
        refit = setTimeout(() => {
          const fit = store.getState().fit;
          if (fit && v.pagesCount > 0) v.currentScaleValue = fit;
        }, 120);
      });
      resize.observe(container.current);
      unsubscribers.push(() => {
        resize.disconnect();
        if (refit) clearTimeout(refit);
      });
      scrolledRef.current = () => {
        if (v.pagesCount === 0 || !container.current) return;
        const page = pageInView();
        report(page);
        const div = (v.getPageView(page - 1) as { div?: HTMLDivElement } | undefined)?.div;
        if (div && div.offsetHeight > 0) useReadingStore.getState().notePosition(documentId, page, (container.current.scrollTop - div.offsetTop) / div.offsetHeight);
      };

      task = openPdf(documentFileUrl(documentId));
      const pdf = await task.promise;
      if (cancelled) return;
      // A scan's pages take the words OCR read as their text: pdf.js's text layer and find then work on them as on born-digital pages.
      withOcrText(pdf, (page) => useOcrLayerStore.getState().wordsFor(documentId, page));
      viewer.setDocument(pdf);
      linkService.setDocument(pdf, null);
      store.getState().setPageCount(pdf.numPages);
      setLoading(false);
      // Printed labels ("xii", "47") only when they say more than the page numbers do.
      const labels = await pdf.getPageLabels().catch(() => null);
      if (cancelled) return;
      const telling = labels && labels.length === pdf.numPages && labels.some((l, i) => l !== String(i + 1)) ? labels : null;
      store.getState().setPageLabels(telling);
      if (telling) v.setPageLabels(telling);
    })().catch((e: unknown) => {
      if (!cancelled) {
        setLoading(false);
        setError(`Could not show this PDF: ${errorMessage(e)}`);
      }
    });

    return () => {
      cancelled = true;
      scrolledRef.current = null;
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
      <div
        className="pdf-container"
        ref={container}
        onMouseUp={onMouseUp}
        onScroll={() => {
          if (selection) setSelection(null);
          scrolledRef.current?.();
        }}
        tabIndex={0}
        aria-label="Pages"
        id="document-view"
      >
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
      <SelectionToolbar documentId={documentId} />
    </div>
  );
}

export type { Highlight };
