import type { Database } from 'better-sqlite3';
import type { CommandArgs } from '../api/commands.js';
import type { Completion, Suggestion } from '../api/types.js';
import type { LlmRuntime } from '../llm/LlmRuntime.js';
import type { ProfileStore } from './ProfileStore.js';

/** Suggested questions and search completions from what is on screen and the user's profile. */
export class SuggestionService {
  constructor(private readonly deps: { db: Database; profiles: ProfileStore; runtime: LlmRuntime }) {}

  async suggest(_args: CommandArgs<'suggest:get'>, _options: { signal?: AbortSignal } = {}): Promise<Suggestion[]> {
    void this.deps;
    throw new Error('SuggestionService.suggest: not implemented yet');
  }

  autocomplete(_args: CommandArgs<'suggest:autocomplete'>): Completion[] {
    throw new Error('SuggestionService.autocomplete: not implemented yet');
  }
}
