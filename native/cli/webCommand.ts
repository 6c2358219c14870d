import { fileURLToPath } from 'node:url';
import { LecternError } from '../api/errors.js';
import { LibrarySlot, type OpenEngine } from '../LibrarySlot.js';
import { startWebServer } from '../server/WebServer.js';

/** Vite's output beside the compiled engine: dist/renderer (this file is dist/native/cli/webCommand.js). */
const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));

interface WebIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `lectern web`: serves the app and the API until SIGINT or SIGTERM. The address with its
 * token is the only line on stdout, so a script can read it; the sentence for people goes to stderr.
 */
export async function runWeb(openEngine: OpenEngine, libraryDir: string, portFlag: string | undefined, io: WebIo): Promise<number> {
  const port = parsePort(portFlag);
  const slot = new LibrarySlot(openEngine, libraryDir);
  slot.onSwitch((next) => io.stderr.write(`Lectern now serves ${next.libraryDir}.\n`));
  const server = await startWebServer({
    engine: slot,
    rendererDir: RENDERER_DIR,
    port,
    onError: (error) => io.stderr.write(`lectern web: ${(error as Error)?.stack ?? String(error)}\n`),
  }).catch(async (error: NodeJS.ErrnoException) => {
    await slot.close();
    if (error.code === 'EADDRINUSE') throw new LecternError('INVALID_ARGUMENT', `Port ${portFlag} is in use. Pick another with --port, or --port 0 for any free one.`);
    throw error;
  });
  io.stdout.write(`${server.url}\n`);
  io.stderr.write(`Lectern is serving ${slot.current.libraryDir} at the address above (this computer only). Open it in a browser; press Ctrl+C to stop.\n`);
  void slot.current.backfillInBackground((message) => io.stderr.write(`${message}\n`));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stderr.write('Stopping Lectern…\n');
  await server.close();
  await slot.close();
  return 0;
}

function parsePort(flag: string | undefined): number {
  if (flag === undefined) return 0;
  const port = /^\d{1,5}$/.test(flag) ? Number(flag) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LecternError('INVALID_ARGUMENT', `--port must be a whole number from 0 to 65535 (0: any free port), not "${flag}". See \`lectern --help\`.`);
  }
  return port;
}
