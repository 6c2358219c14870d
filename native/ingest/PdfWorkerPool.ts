import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { LecternError } from '../api/errors.js';
import type { PassageLimits } from './buildStructure.js';
import type { StructuredDocument } from '../model/documentModel.js';
import type { LayoutPage } from './pageModel.js';
import type { FromPdfWorker, OpenedPdf, ToPdfWorker } from './pdfWorkerProtocol.js';

export interface PdfWorkerPoolOptions {
  /** Worker threads; default: the machine's available parallelism, at most 4. */
  size?: number;
  /** A task that reports nothing for this long is treated as hung: its worker is replaced. Default 60 s. */
  stallMs?: number;
  /**
   * Time one task (a whole document, or one worker's share of a long one) may take before it
   * fails with TOO_COMPLEX and its worker is replaced. Default 120 s: a 5,000-page book reads
   * in well under that; a crafted file that makes every page expensive does not.
   */
  taskBudgetMs?: number;
  /** Limit of each worker's JavaScript heap; a worker past it ends and its task fails with TOO_COMPLEX. Default 1,024 MiB. */
  heapLimitMb?: number;
  /** A worker whose PDFium memory (which never shrinks) has grown past this is replaced once idle. Default 768 MiB. */
  recycleAtBytes?: number;
}

interface Task {
  id: number;
  key: string;
  message: ToPdfWorker;
  onPage?: (page: LayoutPage) => void;
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
  resolve: (value: OpenedPdf | StructuredDocument | null) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  keys: Set<string>;
  /** The stall watchdog, re-armed on every page. */
  timer: NodeJS.Timeout | null;
  /** The task's whole time budget. */
  budget: NodeJS.Timeout | null;
}

/**
 * A fixed set of pdf.js worker threads. Tasks queue in order; a free worker that
 * already has the task's document open is preferred, so ranges of one document
 * reuse a parsed copy. A crashed or hung worker fails only its own task and is replaced.
 */
export class PdfWorkerPool {
  readonly size: number;
  private readonly stallMs: number;
  private readonly taskBudgetMs: number;
  private readonly heapLimitMb: number;
  private readonly recycleAtBytes: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private disposed = false;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(os.availableParallelism(), 4));
    this.stallMs = options.stallMs ?? 60_000;
    this.taskBudgetMs = options.taskBudgetMs ?? 120_000;
    this.heapLimitMb = options.heapLimitMb ?? 1024;
    this.recycleAtBytes = options.recycleAtBytes ?? 768 * 1024 * 1024;
  }

  /** Extracts and lays out pages `from`..`to` (1-based, inclusive), reporting each as it is done. */
  async pages(key: string, data: SharedArrayBuffer, from: number, to: number, onPage: (page: LayoutPage) => void, signal?: AbortSignal): Promise<void> {
    await this.enqueue(key, (taskId) => ({ type: 'pages', taskId, key, data, from, to }), signal, onPage);
  }

  /**
   * Opens a document in one worker and, below `splitFrom` pages, reads and structures
   * it there too (resolving to the structured document); otherwise resolves to the
   * page count, title and outline so the caller can split the pages across workers.
   */
  read(
    key: string,
    data: SharedArrayBuffer,
    options: { file: string; maxPages: number; splitFrom: number; limits?: PassageLimits; qualityChecks?: boolean },
    onProgress: (pagesDone: number, pagesTotal: number) => void,
    signal?: AbortSignal,
  ): Promise<{ structured: StructuredDocument } | { opened: OpenedPdf }> {
    return this.enqueue(key, (taskId) => ({ type: 'read', taskId, key, data, ...options }), signal, undefined, onProgress).then((r) =>
      r && 'passages' in r ? { structured: r } : { opened: r as OpenedPdf },
    );
  }

  /**
   * Starts every worker and loads PDFium in each, so that the next import reads from its
   * first page at full speed instead of waiting for WebAssembly to compile. The app calls it
   * once a library is open; it resolves when all are ready.
   */
  async warm(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.enqueue('', (taskId) => ({ type: 'warm', taskId }))));
  }

  /** Worker threads running now (started on demand, or all at once by `warm`). */
  get running(): number {
    return this.slots.length;
  }

  /** Lets every worker drop its parsed copy of the document. */
  close(key: string): void {
    for (const slot of this.slots) {
      if (slot.keys.delete(key)) slot.worker.postMessage({ type: 'close', key } satisfies ToPdfWorker);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const task of this.queue.splice(0)) task.reject(new LecternError('CANCELLED', 'The PDF reader was shut down.'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        this.clearTimers(slot);
        slot.task?.reject(new LecternError('CANCELLED', 'The PDF reader was shut down.'));
        return stopWorker(slot.worker);
      }),
    );
  }

  private enqueue(
    key: string,
    make: (taskId: number) => ToPdfWorker,
    signal?: AbortSignal,
    onPage?: (page: LayoutPage) => void,
    onProgress?: (pagesDone: number, pagesTotal: number) => void,
  ): Promise<OpenedPdf | StructuredDocument | null> {
    if (this.disposed) return Promise.reject(new LecternError('CANCELLED', 'Lectern is closing, so this PDF was not read. Import it again after Lectern restarts.'));
    if (signal?.aborted) return Promise.reject(new LecternError('CANCELLED', 'Cancelled.'));
    return new Promise((resolve, reject) => {
      const id = this.nextTaskId++;
      const task: Task = { id, key, message: make(id), onPage, onProgress, resolve, reject };
      const onAbort = () => this.cancel(task);
      signal?.addEventListener('abort', onAbort, { once: true });
      task.resolve = (v) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      task.reject = (e) => {
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      this.queue.push(task);
      this.dispatch();
    });
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.slots.find((s) => s.task === task);
    if (slot) slot.worker.postMessage({ type: 'cancel', taskId: task.id } satisfies ToPdfWorker);
    task.reject(new LecternError('CANCELLED', 'Cancelled.'));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const free = this.freeSlots();
      if (free.length === 0) return;
      // Prefer handing the oldest task to a worker that already parsed its document.
      const task = this.queue[0]!;
      const slot = free.find((s) => s.keys.has(task.key)) ?? free.find((s) => s.keys.size === 0) ?? free[0]!;
      this.queue.shift();
      this.start(slot, task);
    }
  }

  private freeSlots(): Slot[] {
    while (this.slots.length < this.size && this.slots.every((s) => s.task !== null)) this.slots.push(this.spawn());
    return this.slots.filter((s) => s.task === null);
  }

  private spawn(): Slot {
    // The parent's node flags (e.g. --input-type) can be invalid for a worker; workers need none.
    const worker = new Worker(new URL('./pdfWorker.js', import.meta.url), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb } });
    const slot: Slot = { worker, task: null, keys: new Set(), timer: null, budget: null };
    worker.unref();
    worker.on('message', (message: FromPdfWorker) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onCrash(slot, error));
    worker.on('exit', (code) => {
      if (!this.disposed && this.slots.includes(slot)) this.onCrash(slot, new Error(`worker exited with code ${code}`));
    });
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    if (task.key) slot.keys.add(task.key);
    slot.worker.ref();
    this.armWatchdog(slot);
    slot.worker.postMessage(task.message);
  }

  /**
   * A task stuck inside PDFium never reads a cancel message: past its budget the worker is
   * replaced. The budget counts from the worker's 'started' (PDFium loaded), so a fresh
   * worker's WebAssembly compile, slow on a busy machine, is not charged to the document.
   */
  private armBudget(slot: Slot): void {
    if (slot.budget) return;
    slot.budget = setTimeout(() => {
      const stuck = slot.task;
      this.replace(slot);
      stuck?.reject(
        new LecternError(
          'TOO_COMPLEX',
          `This PDF took more than ${Math.round(this.taskBudgetMs / 1000)} s to read, so reading it was stopped. It may be damaged, or built to be unusually expensive to read; other files go on.`,
        ),
      );
    }, this.taskBudgetMs);
    slot.budget.unref();
  }

  private clearTimers(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.budget) clearTimeout(slot.budget);
    slot.timer = null;
    slot.budget = null;
  }

  private armWatchdog(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      const task = slot.task;
      this.replace(slot);
      task?.reject(
        new LecternError(
          'DAMAGED_PDF',
          `This PDF took more than ${Math.round(this.stallMs / 1000)} s on a single page, so reading it was stopped. The file may be damaged or unusually complex.`,
        ),
      );
    }, this.stallMs);
    slot.timer.unref();
  }

  private onMessage(slot: Slot, message: FromPdfWorker): void {
    const task = slot.task;
    if (!task || task.id !== message.taskId) return; // a late message from a cancelled task
    if (message.type === 'started') {
      this.armBudget(slot);
      return;
    }
    if (message.type === 'page' || message.type === 'progress') {
      this.armWatchdog(slot);
      if (message.type === 'page') task.onPage?.(message.page);
      else task.onProgress?.(message.pagesDone, message.pagesTotal);
      return;
    }
    // PDFium's memory never shrinks: a worker that grew large is replaced rather than kept.
    if ('wasmBytes' in message && (message.wasmBytes ?? 0) > this.recycleAtBytes) this.replace(slot);
    else this.finish(slot);
    if (message.type === 'opened') task.resolve(message.info);
    else if (message.type === 'structured') task.resolve(message.document);
    else if (message.type === 'done') task.resolve(null);
    else task.reject(new LecternError(message.error.code, message.error.message));
  }

  private finish(slot: Slot): void {
    this.clearTimers(slot);
    slot.task = null;
    slot.worker.unref();
    this.dispatch();
  }

  private onCrash(slot: Slot, error: Error): void {
    const task = slot.task;
    this.replace(slot);
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      task?.reject(
        new LecternError(
          'TOO_COMPLEX',
          `Reading this PDF needed more than ${this.heapLimitMb} MiB of memory, so it was stopped. It may be damaged, or built to be unusually expensive to read; other files go on.`,
        ),
      );
      return;
    }
    task?.reject(new LecternError('DAMAGED_PDF', `Reading this PDF crashed its reader (${error.message}). The file may be damaged.`));
  }

  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.clearTimers(slot);
    slot.task = null;
    void slot.worker.terminate();
    this.dispatch();
  }
}

/** How long dispose waits for a busy worker to stop before leaving it to end with the process. */
const STOP_WAIT_MS = 5000;

/**
 * Terminates a worker and waits for it to exit. A worker busy inside pdf.js can take a while,
 * and its terminate() alone does not keep the event loop alive meanwhile (a caller awaiting it
 * could find the process idle with the promise still pending), so a timer holds the loop, and
 * bounds the wait.
 */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STOP_WAIT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    void worker.terminate().catch(() => {});
  });
}
