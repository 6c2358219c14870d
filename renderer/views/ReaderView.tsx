import type { SectionNode } from '../../native/api/types.js';
import { useAskStore } from '../stores/askStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { AskPanel } from './AskPanel.js';
import { currentSection } from './currentSection.js';
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
  // A suggestion about the whole library can be asked before any document is open.
  if (!documentId) {
    return (
      <div className="reader reader-empty">
        <p className="empty">Open a document from the library.</p>
        <AskPanel />
      </div>
    );
  }
  return (
    <div className="reader">
      <ReaderSidebar />
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
      <AskPanel />
    </div>
  );
}

/** Suggestions for the page and section in view, or for the text selected to ask about. */
function ReaderSuggestions({ documentId, sections }: { documentId: string; sections: SectionNode[] }) {
  const page = useReaderStore((s) => s.page);
  const selection = useAskStore((s) => s.selection);
  const sectionId = currentSection(sections, page) ?? undefined;
  return <SuggestionsStrip context={{ documentId, page, sectionId, selection: selection ? selection.slice(0, 4000) : undefined }} />;
}
