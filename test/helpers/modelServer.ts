/**
 * A model host on 127.0.0.1 for download tests: serves files with ETag and Range support,
 * optionally slowly (so a test can cancel mid-way), and records every request it gets.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Send `chunkBytes` every `delayMs` instead of all at once. */
  slow?: { chunkBytes: number; delayMs: number };
  /** Answer with this status and a short text body instead. */
  status?: number;
  contentType?: string;
}

export interface SeenRequest {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
}

export interface ModelServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  files: Map<string, ServedFile>;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startModelServer(): Promise<ModelServer> {
  const files = new Map<string, ServedFile>();
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    const file = files.get(url.pathname);
    if (!file || file.status) {
      res.writeHead(file?.status ?? 404, { 'content-type': 'text/plain' }).end(file?.status ? 'Error' : 'Not Found');
      return;
    }
    const etag = `"${createHash('sha256').update(file.body).digest('hex').slice(0, 16)}"`;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= file.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-type': file.contentType ?? 'application/octet-stream',
        'content-length': file.body.length - start,
        'content-range': `bytes ${start}-${file.body.length - 1}/${file.body.length}`,
        etag,
      });
    } else {
      res.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream', 'content-length': file.body.length, etag, 'accept-ranges': 'bytes' });
    }
    const rest = file.body.subarray(start);
    if (!file.slow) {
      res.end(rest);
      return;
    }
    const { chunkBytes, delayMs } = file.slow;
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(rest.subarray(at, at + chunkBytes));
      at += chunkBytes;
      if (at >= rest.length) {
        clearInterval(timer);
        res.end();
      }
    }, delayMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    files,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
