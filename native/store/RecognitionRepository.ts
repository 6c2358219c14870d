import type { Database } from 'better-sqlite3';

/** A page as OCR read it (see migration 0130): `layout` is opaque here, JSON the ingest's OCR makes and reads. */
export interface StoredRecognition {
  number: number;
  lang: string;
  confidence: number;
  layout: string;
}

/** A stored page's OCR state, for choosing which pages to read. */
export interface PageTextState {
  number: number;
  textLayer: 'ok' | 'none' | 'garbage';
  ocrConfidence: number | null;
}

/** Pages recognised by OCR, kept page by page as they are read so a stopped OCR resumes. */
export class RecognitionRepository {
  constructor(private readonly db: Database) {}

  /** The document's recognised pages in language `lang`, by page number. */
  saved(documentId: string, lang: string): Map<number, StoredRecognition> {
    const rows = this.db
      .prepare<[string, string], StoredRecognition>('SELECT number, lang, confidence, layout FROM page_recognitions WHERE document_id = ? AND lang = ?')
      .all(documentId, lang);
    return new Map(rows.map((r) => [r.number, r]));
  }

  /** Stores one page's recognition at once (its own transaction): what is read is never read again. */
  save(documentId: string, page: StoredRecognition): void {
    this.db
      .prepare('INSERT OR REPLACE INTO page_recognitions (document_id, number, lang, confidence, layout) VALUES (?, ?, ?, ?, ?)')
      .run(documentId, page.number, page.lang, page.confidence, page.layout);
  }

  /** Forgets recognitions of these pages (to read them again), or of all pages. */
  forget(documentId: string, pages?: readonly number[]): void {
    if (!pages) this.db.prepare('DELETE FROM page_recognitions WHERE document_id = ?').run(documentId);
    else for (const n of pages) this.db.prepare('DELETE FROM page_recognitions WHERE document_id = ? AND number = ?').run(documentId, n);
  }

  /** Each stored page's text-layer verdict and OCR confidence, in page order. */
  pageStates(documentId: string): PageTextState[] {
    return this.db
      .prepare<[string], { number: number; text_layer: PageTextState['textLayer']; ocr_confidence: number | null }>(
        'SELECT number, text_layer, ocr_confidence FROM pages WHERE document_id = ? ORDER BY number',
      )
      .all(documentId)
      .map((r) => ({ number: r.number, textLayer: r.text_layer, ocrConfidence: r.ocr_confidence }));
  }

  /** One page's state, or null when the document has no such page: what the reader asks for each page it draws. */
  pageState(documentId: string, page: number): PageTextState | null {
    const r = this.db
      .prepare<[string, number], { number: number; text_layer: PageTextState['textLayer']; ocr_confidence: number | null }>(
        'SELECT number, text_layer, ocr_confidence FROM pages WHERE document_id = ? AND number = ?',
      )
      .get(documentId, page);
    return r ? { number: r.number, textLayer: r.text_layer, ocrConfidence: r.ocr_confidence } : null;
  }

  setLanguage(documentId: string, lang: string | null): void {
    this.db.prepare('UPDATE documents SET ocr_lang = ? WHERE id = ?').run(lang, documentId);
  }

  language(documentId: string): string | null {
    return this.db.prepare<[string], { ocr_lang: string | null }>('SELECT ocr_lang FROM documents WHERE id = ?').get(documentId)?.ocr_lang ?? null;
  }
}
