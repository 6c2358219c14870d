import { useReaderStore } from '../stores/readerStore.js';
import { lowConfidenceLabel } from './ocrTextLayout.js';

/** A small note over a scan whose recognised text may be wrong on some pages, so a person checks those pages against the image. */
export function OcrConfidenceBadge() {
  const pages = useReaderStore((s) => s.detail?.lowConfidencePages);
  const label = pages ? lowConfidenceLabel(pages) : null;
  if (!label) return null;
  return (
    <p className="ocr-badge muted" role="status" title="OCR read these pages with low confidence: their text, search hits and answers may be wrong. Check them against the scan.">
      {label}
    </p>
  );
}
