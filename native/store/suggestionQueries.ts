import type { Database } from 'better-sqlite3';
import { CompletionQueries } from './CompletionQueries.js';
import { EntityGraphQueries } from './EntityGraphQueries.js';
import { ProfileSignalQueries } from './ProfileSignalQueries.js';
import { SuggestionContextQueries } from './SuggestionContextQueries.js';

/** The read-only queries knowledge/SuggestionService and its parts (knowledge/suggest/*) run; it writes nothing. */
export interface SuggestionQueries {
  context: SuggestionContextQueries;
  signals: ProfileSignalQueries;
  graph: EntityGraphQueries;
  completion: CompletionQueries;
}

export function suggestionQueries(db: Database): SuggestionQueries {
  return { context: new SuggestionContextQueries(db), signals: new ProfileSignalQueries(db), graph: new EntityGraphQueries(db), completion: new CompletionQueries(db) };
}
