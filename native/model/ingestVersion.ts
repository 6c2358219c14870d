/**
 * The version of the text pipeline (extraction, layout, sentences, passages). Documents read
 * by an older version are re-read when their library opens. Raise it whenever a change would
 * give an existing document different page text, sections or passages.
 *
 * 1: pdf.js extraction, before the fidelity checks. 2: PDFium extraction, no-loss sentence
 * splitting, per-page text-layer quality and fidelity.
 */
export const INGEST_VERSION = 2;
