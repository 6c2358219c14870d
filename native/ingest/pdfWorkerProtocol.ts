import type { ErrorInfo } from '../api/errors.js';
import type { LayoutPage, OutlineEntry } from './pageModel.js';

/** Messages from the pool to a PDF worker. `data` is shared, never copied per task. */
export type ToPdfWorker =
  | { type: 'open'; taskId: number; key: string; data: SharedArrayBuffer }
  | { type: 'pages'; taskId: number; key: string; data: SharedArrayBuffer; from: number; to: number }
  | { type: 'cancel'; taskId: number }
  | { type: 'close'; key: string };

export interface OpenedPdf {
  numPages: number;
  title: string | null;
  outline: OutlineEntry[];
}

/** Messages from a PDF worker back to the pool. */
export type FromPdfWorker =
  | { type: 'opened'; taskId: number; info: OpenedPdf }
  | { type: 'page'; taskId: number; page: LayoutPage }
  | { type: 'done'; taskId: number }
  | { type: 'failed'; taskId: number; error: ErrorInfo };
