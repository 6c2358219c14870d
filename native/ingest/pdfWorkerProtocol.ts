import type { ErrorInfo } from '../api/errors.js';
import type { PassageLimits } from './buildStructure.js';
import type { StructuredDocument } from '../model/documentModel.js';
import type { LayoutPage, OutlineEntry } from './pageModel.js';

/** Messages from the pool to a PDF worker. `data` is shared, never copied per task. */
export type ToPdfWorker =
  | { type: 'pages'; taskId: number; key: string; data: SharedArrayBuffer; from: number; to: number }
  /** Open, then either structure the whole document here or, when it has `splitFrom` pages or more, only report `opened`. */
  | { type: 'read'; taskId: number; key: string; data: SharedArrayBuffer; file: string; maxPages: number; splitFrom: number; limits?: PassageLimits; qualityChecks?: boolean }
  | { type: 'cancel'; taskId: number }
  | { type: 'close'; key: string }
  /** Load PDFium now (compiling its WebAssembly takes a few hundred milliseconds), then report `done`. */
  | { type: 'warm'; taskId: number };

export interface OpenedPdf {
  numPages: number;
  title: string | null;
  outline: OutlineEntry[];
}

/** Messages from a PDF worker back to the pool. */
export type FromPdfWorker =
  /** PDFium is loaded and the task's work begins: its time budget counts from here. */
  | { type: 'started'; taskId: number }
  | { type: 'opened'; taskId: number; info: OpenedPdf }
  | { type: 'page'; taskId: number; page: LayoutPage }
  | { type: 'progress'; taskId: number; pagesDone: number; pagesTotal: number }
  | { type: 'structured'; taskId: number; document: StructuredDocument; wasmBytes?: number }
  | { type: 'done'; taskId: number; wasmBytes?: number }
  | { type: 'failed'; taskId: number; error: ErrorInfo; wasmBytes?: number };
