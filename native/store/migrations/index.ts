import type { Migration } from './Migration.js';
import { createDocuments } from './0010-create-documents.js';
import { createPages } from './0020-create-pages.js';
import { createSections } from './0030-create-sections.js';
import { createPassages } from './0040-create-passages.js';
import { createPassageSearch } from './0050-create-passage-search.js';
import { createModels } from './0060-create-models.js';
import { createKvStates } from './0070-create-kv-states.js';
import { createConversations } from './0080-create-conversations.js';
import { createEntities } from './0090-create-entities.js';
import { createUsers } from './0100-create-users.js';
import { addTextFidelity } from './0110-add-text-fidelity.js';
import { relativeKvStatePaths } from './0120-relative-kv-state-paths.js';
import { createPassageVectors } from './0130-create-passage-vectors.js';
import { addPageRecognitions } from './0140-add-page-recognitions.js';
import { reflowableFormats } from './0150-reflowable-formats.js';
import { createModelServers } from './0180-create-model-servers.js';

export type { Migration } from './Migration.js';

/** Every migration, in order. Append only; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  createDocuments,
  createPages,
  createSections,
  createPassages,
  createPassageSearch,
  createModels,
  createKvStates,
  createConversations,
  createEntities,
  createUsers,
  addTextFidelity,
  relativeKvStatePaths,
  createPassageVectors,
  addPageRecognitions,
  reflowableFormats,
  createModelServers,
];
