import type { DocumentSources } from '../store/DocumentSources.js';
import type { EngineEvents } from '../api/commands.js';
import type { EngineOptions } from '../engine.js';
import type { PdfWorkerPool } from '../ingest/PdfWorkerPool.js';
import type { OcrPool } from '../ingest/ocr/OcrPool.js';
import type { RecognitionRepository } from '../store/RecognitionRepository.js';
import type { EntityStore } from '../knowledge/EntityStore.js';
import type { ProfileStore } from '../knowledge/ProfileStore.js';
import type { SuggestionService } from '../knowledge/SuggestionService.js';
import type { KvStateStore } from '../llm/KvStateStore.js';
import type { ChatBackends } from '../llm/ChatBackends.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import type { ModelRegistry } from '../llm/ModelRegistry.js';
import type { AskService } from '../qa/AskService.js';
import type { PassageSearch } from '../search/PassageSearch.js';
import type { ConversationRepository } from '../store/ConversationRepository.js';
import type { DocumentRepository } from '../store/DocumentRepository.js';
import type { SettingsRepository } from '../store/SettingsRepository.js';
import type { HybridSearch } from '../search/HybridSearch.js';
import type { EmbeddingService } from './EmbeddingService.js';

/** The services the engine wires: Engine exposes them (tests and scripts reach them there) and the handlers get them in EngineContext. */
export interface EngineServices {
  readonly settings: SettingsRepository;
  readonly documents: DocumentRepository;
  /** Documents' original files, opened only when they are the very files imported. */
  readonly sources: DocumentSources;
  readonly passageSearch: PassageSearch;
  readonly runtime: LlmRuntime;
  readonly kvStates: KvStateStore;
  /** Which chat model answers: the local runtime's or an inference server's. */
  readonly chat: ChatBackends;
  readonly conversations: ConversationRepository;
  readonly asking: AskService;
  readonly models: ModelRegistry;
  readonly entities: EntityStore;
  readonly profiles: ProfileStore;
  readonly suggestions: SuggestionService;
  /** The library's embedding model and its passage vectors. */
  readonly embeddings: EmbeddingService;
  /** Search by words, fused with search by meaning when the library has an embedding model. */
  readonly hybridSearch: HybridSearch;
}

/** What the command handlers (native/commands/*) see: the services, the engine's options, its events and its cancel. */
export interface EngineContext extends EngineServices {
  readonly options: EngineOptions;
  /** The PDF workers imports read with (the engine alone disposes of them). */
  readonly pool: PdfWorkerPool;
  /** OCR threads (started on the first scanned page) and the pages they recognised. */
  readonly ocrPool: OcrPool;
  readonly recognitions: RecognitionRepository;
  emit<E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]): void;
}

/** The setting under which 'app:setThreads' keeps the model's thread count. */
export const THREADS_SETTING = 'llm.threads';
