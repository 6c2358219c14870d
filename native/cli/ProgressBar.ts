import path from 'node:path';
import type { IngestProgress } from '../api/types.js';

/** One self-rewriting line on a terminal: files done, pages of the current file. */
export class ProgressBar {
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WritableStream & { columns?: number }) {}

  update(p: IngestProgress): void {
    const now = Date.now();
    if (now - this.lastDraw < 80 && p.stage !== 'done') return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 50));
    const fraction = p.pagesTotal > 0 ? p.pagesDone / p.pagesTotal : 0;
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const pages = p.pagesTotal > 0 ? `${p.pagesDone}/${p.pagesTotal} pages` : p.stage;
    const line = `${bar} ${p.filesDone}/${p.fileCount} files done · ${pages} · ${path.basename(p.path)}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 80) - 1)}`);
  }

  clear(): void {
    this.stream.write('\r\x1b[2K');
  }
}
