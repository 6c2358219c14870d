import fs from 'node:fs';
import path from 'node:path';
import { cancelledPartial } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import type { NeedleGrid } from '../api/evalTypes.js';
import type { Engine } from '../engine.js';
import { formatNeedleGrid } from '../eval/formatNeedleGrid.js';
import { loadModelFromFlags } from './askCommands.js';
import { checkedArgs, wholeNumber } from './cliArguments.js';

export const EVAL_USAGE = `  lectern eval needles --doc <id> --model <id|path> [--context-scale N] [--lengths 1000,4000]
                     [--depths 0,50,100] [--seed S] [--out FILE]
                                         how far a model really reads: made-up facts placed at depths of
                                         the document cut to several lengths, recall as a depth × length
                                         grid (JSON in the library's eval folder, or --out); Ctrl-C stops
                                         and keeps the cells done`;

export interface EvalFlags {
  doc?: string[];
  model?: string;
  contextScale?: string;
  lengths?: string;
  depths?: string;
  seed?: string;
  out?: string;
  dataset?: string;
  limit?: string;
}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** `lectern eval <needles|retrieval|answers> …`; returns the exit code (130 when stopped by Ctrl-C). */
export async function runEvalCommand(open: () => Engine, args: string[], flags: EvalFlags, io: Io, json: boolean): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw usage(`lectern eval ${sub ?? ''} takes no positional arguments besides the kind of evaluation.`);
  switch (sub) {
    case 'needles':
      return await runNeedles(open, flags, io, json);
    default:
      throw usage(sub ? `Unknown evaluation "${sub}": needles, retrieval or answers.` : 'lectern eval needs what to evaluate: needles, retrieval or answers.');
  }
}

async function runNeedles(open: () => Engine, flags: EvalFlags, io: Io, json: boolean): Promise<number> {
  const documentId = flags.doc?.length === 1 ? flags.doc[0]! : undefined;
  if (!documentId) throw usage('lectern eval needles needs one document: --doc <id>.');
  if (!flags.model) throw usage('lectern eval needles needs the model to check: --model <id|path>.');
  // Checked before the library opens: a bad argument touches nothing.
  const args = checkedArgs('eval:needles', {
    documentId,
    ...(flags.lengths !== undefined ? { lengths: numberList(flags.lengths, '--lengths', 64) } : {}),
    ...(flags.depths !== undefined ? { depths: numberList(flags.depths, '--depths', 0) } : {}),
    ...(flags.seed !== undefined ? { seed: wholeNumber(flags.seed, '--seed', 0) } : {}),
  });
  const engine = open();
  if (!engine.documents.summary(documentId)) throw new LecternError('DOCUMENT_NOT_FOUND', `No document ${documentId} in this library. \`lectern list\` shows their ids.`);
  await loadModelFromFlags(engine, { model: flags.model, contextScale: flags.contextScale }, io, json);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  let grid: NeedleGrid;
  try {
    grid = await engine
      .invoke('eval:needles', args, {
        signal: controller.signal,
        onProgress: ({ done, total, cell }) =>
          io.stderr.write(`[${done}/${total}] ${cell.length} tokens, depth ${cell.depth}% (placed at ${cell.placedDepth}%): ${cell.found ? 'found' : 'missed'} in ${cell.ms} ms\n`),
      })
      .catch((error: unknown) => {
        const partial = cancelledPartial(error, 'eval:needles');
        if (!partial) throw error;
        return partial;
      });
  } finally {
    process.off('SIGINT', interrupt);
  }
  const file = path.resolve(flags.out ?? path.join(engine.libraryDir, 'eval', `needles-${documentId}-${grid.startedAt.replace(/[:.]/g, '-')}.json`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(grid, null, 2)}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ ...grid, file })}\n`);
  else io.stdout.write(`${formatNeedleGrid(grid)}\nWritten to ${file}\n`);
  return grid.complete ? 0 : 130;
}

/** "0,50,100" → [0, 50, 100]: whole numbers of at least `min`, in plain digits. */
function numberList(value: string, flag: string, min: number): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw usage(`${flag} takes numbers separated by commas, like 0,50,100, not "${value}".`);
  return items.map((s) => wholeNumber(s, flag, min));
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}
