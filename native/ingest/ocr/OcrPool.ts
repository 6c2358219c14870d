import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { LecternError } from '../../api/errors.js';
import type { FromOcrWorker, OcrPageResult, ToOcrWorker } from './ocrWorkerProtocol.js';

export interface OcrPoolOptions {
  /** Worker threads, each with its own PDFium and tesseract; default: available parallelism, at most 4. */
  size?: number;
  /** One page may take this long before it fails with TOO_COMPLEX and its worker is replaced. Default 180 s. */
  pageBudgetMs?: number;
}

type PageRequest = Omit<Extract<ToOcrWorker, { type: 'page' }>, 'type' | 'taskId'>;

interface Task {
  id: number;
  request: PageRequest;
  resolve: (result: OcrPageResult) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  keys: Set<string>;
}

/**
 * OCR worker threads (ocrWorker), started when the first page comes and kept for the next.
 * Pages queue in order and each free worker takes the next, so a document's pages are read on
 * every core at once. A cancelled page's worker is ended at once (a recognition cannot be
 * interrupted any other way) and replaced on demand; so is a crashed or hung one.
 */
export class OcrPool {
  readonly size: number;
  private readonly pageBudgetMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextTaskId = 1;
  private disposed = false;

  constructor(options: OcrPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(os.availableParallelism(), 4));
    this.pageBudgetMs = options.pageBudgetMs ?? 180_000;
  }

  /** Reads one page: its text layer, or (with `ocr`) its image. Rejects with CANCELLED when `signal` aborts. */
  page(request: PageRequest, signal?: AbortSignal): Promise<OcrPageResult> {
    if (this.disposed) return Promise.reject(new LecternError('CANCELLED', 'OCR stopped: the library is closing.'));
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextTaskId++, request, resolve, reject, signal };
      task.onAbort = () => this.abort(task);
      signal?.addEventListener('abort', task.onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Lets the workers drop their copy of a document. */
  close(key: string): void {
    for (const slot of this.slots) {
      if (!slot.keys.delete(key)) continue;
      slot.worker.postMessage({ type: 'close', key } satisfies ToOcrWorker);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new LecternError('CANCELLED', 'OCR stopped: the library is closing.'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.task) this.settle(slot.task, new LecternError('CANCELLED', 'OCR stopped: the library is closing.'));
        if (slot.timer) clearTimeout(slot.timer);
        return slot.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.keys.add(task.request.key);
      slot.timer = setTimeout(() => this.fail(slot, new LecternError('TOO_COMPLEX', `Page ${task.request.number} took too long to read and was given up.`)), this.pageBudgetMs);
      slot.worker.postMessage({ type: 'page', taskId: task.id, ...task.request } satisfies ToOcrWorker);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./ocrWorker.js', import.meta.url));
    const slot: Slot = { worker, task: null, timer: null, keys: new Set() };
    worker.on('message', (message: FromOcrWorker) => {
      const task = slot.task;
      if (!task || task.id !== message.taskId) return;
      this.finish(slot);
      if (message.type === 'page') this.settle(task, null, message.result);
      else this.settle(task, LecternError.fromInfo(message.error));
      this.pump();
    });
    worker.on('error', (error) => this.fail(slot, new LecternError('INTERNAL', `The OCR worker failed: ${error.message}`)));
    worker.on('exit', () => this.fail(slot, new LecternError('INTERNAL', 'The OCR worker stopped unexpectedly (out of memory?).')));
    this.slots.push(slot);
    return slot;
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, cancelled());
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (slot) this.fail(slot, cancelled());
  }

  /** Ends a slot's worker, failing its task with `error`; a new worker starts when one is needed. */
  private fail(slot: Slot, error: LecternError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const task = slot.task;
    this.finish(slot);
    void slot.worker.terminate();
    if (task) this.settle(task, error);
    if (!this.disposed) this.pump();
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  private settle(task: Task, error: Error | null, result?: OcrPageResult): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    if (error) task.reject(error);
    else task.resolve(result!);
  }
}

function cancelled(): LecternError {
  return new LecternError('CANCELLED', 'OCR cancelled.');
}
