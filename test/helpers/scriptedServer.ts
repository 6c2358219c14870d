/**
 * A small HTTP server on 127.0.0.1 that answers as a script says: for inference-server tests that
 * need what a real llama-server cannot be made to do on cue (a cited answer, a dropped connection,
 * silence).
 */
import http from 'node:http';
import type net from 'node:net';

export type Script = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** An HTTP server on 127.0.0.1 whose every request `script` answers. */
export async function scriptedServer(script: Script): Promise<{ url: string; close: () => Promise<void>; requests: Array<{ url: string; body: string; auth?: string }> }> {
  const requests: Array<{ url: string; body: string; auth?: string }> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body, auth: req.headers.authorization });
      script(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The OpenAI-compatible answers of a scripted server: one model, and chat replies in the given pieces. */
export function openAiScript(pieces: string[], options: { dropAfter?: number } = {}): Script {
  return (req, res) => {
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted', object: 'model' }] }));
      return;
    }
    if (req.url === '/v1/chat/completions') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      pieces.forEach((content, i) => {
        if (options.dropAfter !== undefined && i >= options.dropAfter) return;
        send({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
      });
      if (options.dropAfter !== undefined) {
        // The server goes away mid-reply: the connection is cut, no final chunk.
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 900, completion_tokens: pieces.length } });
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(404).end();
  };
}
