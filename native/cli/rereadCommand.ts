import { cancelledPartial } from '../api/commands.js';
import type { Engine } from '../engine.js';

export const REREAD_USAGE = `  lectern reread                         read again the documents an older Lectern imported, with this version's
                                         text extraction (ids, conversations and profiles stay; the app does this
                                         by itself when it opens a library)`;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** `lectern reread`: {"documents","skipped","citations","cancelled"}, with progress on a terminal. Ctrl-C stops after the document under way. */
export async function runReread(engine: Engine, io: Io, json: boolean): Promise<number> {
  const stop = engine.on('library:rereadProgress', ({ done, total }) => {
    if (!json && io.stdout.isTTY && total > 0) io.stderr.write(`\rReading again: ${done}/${total} documents`);
  });
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    // Stopped, it rejects CANCELLED with what it did so far: reported the same way, with the exit code of an interrupt.
    const result = await engine.invoke('library:reread', {}, { signal: controller.signal }).catch((error: unknown) => {
      const partial = cancelledPartial(error, 'library:reread');
      if (!partial) throw error;
      return partial;
    });
    if (!json && io.stdout.isTTY) io.stderr.write('\n');
    if (json) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const lines = [
        result.documents === 0 && result.skipped.length === 0
          ? 'Every document was read by this version already.'
          : `Read ${result.documents} document${result.documents === 1 ? '' : 's'} again.`,
        ...(result.citations.relocated + result.citations.unlinked > 0
          ? [`Citations found again: ${result.citations.relocated}; no longer in the text (kept with their quote): ${result.citations.unlinked}.`]
          : []),
        ...result.skipped.map((s) => `Left as it was: ${s.message}`),
        ...(result.cancelled ? ['Stopped before the end; run `lectern reread` again to go on.'] : []),
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    return result.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    stop();
  }
}
