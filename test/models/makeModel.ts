/**
 * Command line: node dist/test/models/makeModel.js <out.gguf> --preset tiny|real [--context N] [--seed S]
 */
import { parseArgs } from 'node:util';
import { makeLlamaModel, REAL_SHAPE, TINY, type LlamaModelShape } from './makeLlamaModel.js';

const PRESETS: Record<string, LlamaModelShape> = { tiny: TINY, real: REAL_SHAPE };
const USAGE = 'usage: makeModel <out.gguf> --preset tiny|real [--context N] [--seed S]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      preset: { type: 'string', default: 'tiny' },
      context: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = positionals[0];
  const preset = PRESETS[values.preset];
  if (out === undefined || positionals.length > 1 || preset === undefined) {
    console.error(USAGE);
    return 2;
  }
  const shape: LlamaModelShape = {
    ...preset,
    ...(values.context !== undefined && { contextLength: integerFlag('--context', values.context, 1) }),
    ...(values.seed !== undefined && { seed: integerFlag('--seed', values.seed, 0) }),
  };
  const started = performance.now();
  const { bytes } = await makeLlamaModel(out, shape);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${out}: ${values.preset}, context ${shape.contextLength}, seed ${shape.seed}, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s`);
  return 0;
}

function integerFlag(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) throw new Error(`${flag} must be an integer ≥ ${minimum}, got "${text}"`);
  return value;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
