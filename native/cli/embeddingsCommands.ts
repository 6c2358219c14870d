import { LecternError } from '../api/errors.js';
import type { EmbeddingProgress, EmbeddingStatus } from '../api/types.js';
import type { Engine } from '../engine.js';
import { checkedArgs } from './cliArguments.js';

export const EMBEDDINGS_USAGE = `  lectern embeddings                     the library's embedding model and how many passages have
                                         a vector (search fuses them with word search)
  lectern embeddings use <id|path> [--context-scale 1|2|4|8]
                                         search by meaning too, with this GGUF embedding model
  lectern embeddings use none            search by words alone again (the vectors are kept)
  lectern embeddings build               embed the passages that have no vector yet, now`;

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  json: boolean;
}

/** `lectern embeddings [use <model>|none | build]`. */
export async function runEmbeddingsCommand(engine: Engine, rest: string[], flags: { contextScale?: string }, io: Output): Promise<number> {
  const [action, ...args] = rest;
  if (action === undefined) {
    if (flags.contextScale !== undefined) throw usage('--context-scale goes with `lectern embeddings use`.');
    return print(await engine.invoke('embeddings:status', {}), io);
  }
  if (action === 'use' && args.length === 1) {
    const idOrPath = args[0] === 'none' ? null : args[0]!;
    const contextScale = flags.contextScale === undefined ? undefined : Number(flags.contextScale);
    const status = await engine.invoke('embeddings:use', checkedArgs('embeddings:use', { idOrPath, ...(contextScale === undefined ? {} : { contextScale }) }));
    return print(status, io);
  }
  if (action === 'build' && args.length === 0) {
    const result = await engine.invoke(
      'embeddings:build',
      {},
      {
        onProgress: (p: EmbeddingProgress) => {
          if (!io.json) io.err(`  embedded ${p.done}/${p.total} passages`);
        },
      },
    );
    if (io.json) io.out(JSON.stringify(result));
    else {
      if (result.dropped > 0) io.out(`! ${result.dropped} vectors of another length were dropped: the model file changed`);
      io.out(`✓ ${result.embedded} of ${result.total} passages embedded with ${result.modelId}`);
    }
    return 0;
  }
  throw usage('Use `lectern embeddings`, `lectern embeddings use <id|path|none>` or `lectern embeddings build`.');
}

function print(status: EmbeddingStatus, io: Output): number {
  if (io.json) {
    io.out(JSON.stringify(status));
    return 0;
  }
  if (!status.model) {
    io.out('No embedding model: search ranks passages by their words alone. Add one with `lectern embeddings use <path.gguf>`.');
    return 0;
  }
  const context = status.contextSize === null ? `context ×${status.contextScale}` : `${status.contextSize} tokens of context (×${status.contextScale})`;
  io.out(`${status.model.name} (${status.model.id}), ${context}${status.dimension === null ? '' : `, ${status.dimension}-dimensional vectors`}`);
  io.out(`${status.embedded} of ${status.passages} passages embedded${status.running ? ' — embedding now' : ''}`);
  if (status.lastError) io.out(`! the last run stopped: ${status.lastError}`);
  return 0;
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', message);
}
