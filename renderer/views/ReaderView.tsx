import { useEffect } from 'react';
import type { SectionNode } from '../../native/api/types.js';
import { useAskStore } from '../stores/askStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { AskPanel } from './AskPanel.js';
import { currentSection } from './currentSection.js';
import { focusDocument } from './focusDocument.js';
import { OcrConfidenceBadge } from './OcrConfidenceBadge.js';
import { PdfView } from './PdfView.js';
import { ReaderSidebar } from './ReaderSidebar.js';
import { ReaderToolbar } from './ReaderToolbar.js';
import { ReflowView } from './ReflowView.js';
import { SuggestionsStrip } from './SuggestionsStrip.js';
import { TextView } from './TextView.js';

const NO_SECTIONS: SectionNode[] = [];

export function ReaderView() {
  const detail = useReaderStore((s) => s.detail);
  const error = useReaderStore((s) => s.error);
  const documentId = useReaderStore((s) => s.documentId);
  const panels = useUiStore((s) => s.panels);
  useFocusOnOpen(detail?.id ?? null);
  // A question about the whole library (a suggestion in the library) is asked before any document is open: the answer gets the room.
  if (!documentId) {
    return (
      <div className="reader reader-empty">
        <p className="muted reader-empty-note">No document is open: answers cite passages across your library, and a citation opens its page.</p>
        <AskPanel />
      </div>
    );
  }
  const layout = ['reader', panels.side ? 'side-open' : 'side-closed', panels.ask ? 'ask-open' : 'ask-closed'].join(' ');
  return (
    <div className={layout}>
      {panels.side && <ReaderSidebar />}
      <section className="reader-main" aria-label={detail ? `Document: ${detail.title}` : 'Document'}>
        <ReaderToolbar />
        {detail && <ReaderSuggestions documentId={detail.id} sections={detail.sections ?? NO_SECTIONS} />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {detail && detail.format === 'pdf' && <OcrConfidenceBadge />}
        {detail && detail.format === 'pdf' && <PdfView key={detail.id} documentId={detail.id} />}
        {detail && (detail.format === 'epub' || detail.format === 'docx' || detail.format === 'html') && <ReflowView key={detail.id} documentId={detail.id} />}
        {detail && (detail.format === 'txt' || detail.format === 'md') && <TextView />}
      </section>
      {panels.ask && <AskPanel />}
    </div>
  );
}

/** Focus goes into the document when one opens, unless the person is at work in the Ask panel (a citation followed from there keeps them there). */
function useFocusOnOpen(documentId: string | null): void {
  useEffect(() => {
    if (!documentId) return;
    let tries = 0;
    const timer = setInterval(() => {
      const active = document.activeElement;
      const busy =
        active instanceof HTMLElement && active !== document.body && (active.closest('.ask, .toolbar, .reader-side') !== null || active.matches('input, textarea, select'));
      if (busy || focusDocument() || ++tries > 40) clearInterval(timer);
    }, 50);
    return () => clearInterval(timer);
  }, [documentId]);
}

/** Suggestions for the page and section in view, or for the text selected to ask about. */
function ReaderSuggestions({ documentId, sections }: { documentId: string; sections: SectionNode[] }) {
  const page = useReaderStore((s) => s.page);
  const selection = useAskStore((s) => s.selection);
  const sectionId = currentSection(sections, page) ?? undefined;
  return <SuggestionsStrip collapsible context={{ documentId, page, sectionId, selection: selection ? selection.slice(0, 4000) : undefined }} />;
}
