/** A document's or an import's status, in words. */
export function StatusBadge({ status }: { status: string }) {
  const label: Record<string, string> = { ingested: 'Ready', 'needs-ocr': 'Needs OCR', failed: 'Failed', duplicate: 'Already in library', cancelled: 'Cancelled' };
  return <span className={`badge badge-${status}`}>{label[status] ?? status}</span>;
}
