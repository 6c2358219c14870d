/**
 * Files that must fail to load with an error (never a crash): what a user gets from an
 * interrupted download, a renamed file, or a model for an architecture llama.cpp lacks.
 */
import { truncate, writeFile } from 'node:fs/promises';
import { describeLlamaModel, makeLlamaModel, TINY, type LlamaModelShape } from './makeLlamaModel.js';
import { gguf, writeGguf } from './writeGguf.js';

/** A valid header whose tensor data stops halfway, like an interrupted download. */
export async function makeTruncatedModel(file: string, shape: LlamaModelShape = TINY): Promise<void> {
  const { bytes, dataOffset } = await makeLlamaModel(file, shape);
  await truncate(file, dataOffset + Math.floor((bytes - dataOffset) / 2));
}

/** Plain text under a .gguf name. */
export async function makeNotGgufFile(file: string): Promise<void> {
  await writeFile(file, 'This is a plain text file, not a GGUF model.\n'.repeat(100));
}

/** A complete, well-formed GGUF whose `general.architecture` llama.cpp does not know. */
export async function makeUnsupportedArchitectureModel(file: string, shape: LlamaModelShape = TINY): Promise<void> {
  const content = describeLlamaModel(shape);
  await writeGguf(file, {
    metadata: { ...content.metadata, 'general.architecture': gguf.str('notanarch') },
    tensors: content.tensors,
  });
}
