import type { DownloadProgress } from '../api/types.js';
import { formatBytes } from '../formatBytes.js';

/** One self-rewriting terminal line for a download: bar, bytes, speed and time left. */
export class DownloadProgressBar {
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WritableStream & { columns?: number }) {}

  update(p: DownloadProgress): void {
    const now = Date.now();
    const done = p.totalBytes !== null && p.receivedBytes >= p.totalBytes;
    if (now - this.lastDraw < 100 && !done) return;
    this.lastDraw = now;
    const columns = this.stream.columns ?? 80;
    const speed = `${formatBytes(p.bytesPerSecond)}/s`;
    let line = `${formatBytes(p.receivedBytes)} · ${speed}`;
    if (p.totalBytes !== null && p.totalBytes > 0) {
      const fraction = Math.min(1, p.receivedBytes / p.totalBytes);
      const left = p.bytesPerSecond > 0 && !done ? ` · ${formatDuration((p.totalBytes - p.receivedBytes) / p.bytesPerSecond)} left` : '';
      const facts = `${(fraction * 100).toFixed(0).padStart(3)}% · ${formatBytes(p.receivedBytes)} of ${formatBytes(p.totalBytes)} · ${speed}${left}`;
      // The bar takes what room the facts leave, up to 30 columns.
      const width = Math.min(30, columns - 2 - facts.length);
      const filled = Math.round(fraction * Math.max(0, width));
      line = width >= 5 ? `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${facts}` : facts;
    }
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  }

  clear(): void {
    this.stream.write('\r\x1b[2K');
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
