import type { Database } from 'better-sqlite3';
import { ConceptEntityWriter } from './ConceptEntityWriter.js';
import { EntityKeyReader } from './EntityKeyReader.js';
import { EventLog, MAX_EVENTS_PER_USER } from './EventLog.js';
import { MentionReader } from './MentionReader.js';
import { SuggestionFeedbackRepository } from './SuggestionFeedbackRepository.js';
import { transactionOn, type Transact } from './transactionOn.js';
import { UserEntityRepository } from './UserEntityRepository.js';
import { UserRepository } from './UserRepository.js';

/** Everything knowledge/ProfileStore reads and writes, and the transaction that keeps an event and what it teaches together. */
export interface ProfileRepositories {
  users: UserRepository;
  events: EventLog;
  userEntities: UserEntityRepository;
  feedback: SuggestionFeedbackRepository;
  mentions: MentionReader;
  entityKeys: EntityKeyReader;
  /** Topic entities of clause concepts a question names, created when no document has them yet. */
  concepts: ConceptEntityWriter;
  transact: Transact;
}

/** `maxEventsPerUser`: the event log's cap (default MAX_EVENTS_PER_USER; tests lower it). */
export function profileRepositories(db: Database, options: { maxEventsPerUser?: number } = {}): ProfileRepositories {
  return {
    users: new UserRepository(db),
    events: new EventLog(db, options.maxEventsPerUser ?? MAX_EVENTS_PER_USER),
    userEntities: new UserEntityRepository(db),
    feedback: new SuggestionFeedbackRepository(db),
    mentions: new MentionReader(db),
    entityKeys: new EntityKeyReader(db),
    concepts: new ConceptEntityWriter(db),
    transact: transactionOn(db),
  };
}
