import { useReaderStore } from '../stores/readerStore.js';
import { AskPanel } from './AskPanel.js';
import { PdfView } from './PdfView.js';
import { ReaderToolbar } from './ReaderToolbar.js';
import { SectionsSidebar } from './SectionsSidebar.js';
import { TextView } from './TextView.js';

export function ReaderView() {
  const detail = useReaderStore((s) => s.detail);
  const error = useReaderStore((s) => s.error);
  const documentId = useReaderStore((s) => s.documentId);
  if (!documentId) return <p className="empty">Open a document from the library.</p>;
  return (
    <div className="reader">
      <SectionsSidebar />
      <section className="reader-main" aria-label={detail ? `Document: ${detail.title}` : 'Document'}>
        <ReaderToolbar />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {detail && detail.format === 'pdf' && <PdfView key={detail.id} documentId={detail.id} />}
        {detail && detail.format !== 'pdf' && <TextView />}
      </section>
      <AskPanel />
    </div>
  );
}
