import type { ErrorInfo } from '../../api/errors.js';
import type { LayoutPage } from '../pageModel.js';

/** Where a worker finds its models: local folders only, never an address. */
export interface OcrModels {
  /** Folder holding `<lang>.traineddata.gz` (or plain `.traineddata`) for every language asked. */
  langDir: string;
  /** Folder holding `osd.traineddata.gz`, for orientation detection. */
  osdDir: string;
}

/** Messages from the OCR pool to an OCR worker. `data` is the PDF's bytes, shared, never copied per page. */
export type ToOcrWorker =
  | {
      type: 'page';
      taskId: number;
      key: string;
      data: SharedArrayBuffer;
      number: number;
      /** Recognise the page's image; otherwise only read its text layer. */
      ocr: boolean;
      /** Tesseract language codes joined by '+': 'eng', 'eng+fra'. */
      lang: string;
      models: OcrModels;
      dpi?: number;
      maxPixels?: number;
    }
  | { type: 'close'; key: string };

/** One page read: its layout (from the text layer, or from recognised words) and, when recognised, tesseract's mean word confidence (0–1). */
export interface OcrPageResult {
  layout: LayoutPage;
  confidence: number | null;
  /** Degrees the page's image was turned to read it upright (0 when upright). */
  turned?: number;
}

export type FromOcrWorker = { type: 'page'; taskId: number; result: OcrPageResult } | { type: 'failed'; taskId: number; error: ErrorInfo };
