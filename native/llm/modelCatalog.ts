/**
 * The catalog of recommended models shipped in resources/models.json, offered on the app's
 * first run. Read from disk and validated; nothing here touches the network.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LecternError } from '../api/errors.js';
import type { CatalogModel } from '../api/commands.js';

/** resources/models.json beside the compiled engine (dist/native/llm → repository root). */
export const DEFAULT_CATALOG_FILE = fileURLToPath(new URL('../../../resources/models.json', import.meta.url));

const catalogModelSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-"'),
  name: z.string().min(1),
  uri: z.string().regex(/^hf:[^/\s]+\/[^/\s]+\/\S+\.gguf$/i, 'hf:<owner>/<repo>/<file>.gguf'),
  sizeBytes: z.number().int().positive(),
  parameters: z.string().min(1),
  trainContextSize: z.number().int().positive(),
  license: z.string().min(1),
  kind: z.enum(['chat', 'embedding']),
  description: z.string().min(1),
}) satisfies z.ZodType<CatalogModel>;

const catalogSchema = z.object({
  note: z.string().optional(),
  models: z
    .array(catalogModelSchema)
    .min(1)
    .refine((models) => new Set(models.map((m) => m.id)).size === models.length, 'model ids must be unique'),
});

/** The catalog's models, in the order to offer them (the first is the default). Throws INTERNAL when the file is malformed. */
export function loadModelCatalog(file: string = DEFAULT_CATALOG_FILE): CatalogModel[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LecternError('INTERNAL', `The model catalog ${file} cannot be read: ${(error as Error).message}. Reinstall Lectern.`, { cause: error });
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'catalog'}: ${i.message}`).join('; ');
    throw new LecternError('INTERNAL', `The model catalog ${file} is malformed (${issues}). Reinstall Lectern.`);
  }
  return parsed.data.models;
}
