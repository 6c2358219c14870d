/** Domain types of the knowledge store: entities, users, their profiles and suggested questions. */

/**
 * `term`: a defined term of a contract ("Licensee"); `party`: a party to it; `person`,
 * `organization`, `place`, `date`, `money`: named entities; `topic`: a key phrase of a section title.
 */
export type EntityKind = 'term' | 'party' | 'person' | 'organization' | 'place' | 'date' | 'money' | 'topic';

export const ENTITY_KINDS: readonly EntityKind[] = ['term', 'party', 'person', 'organization', 'place', 'date', 'money', 'topic'];

/** Where a passage sits: the unit entities are linked to. */
export interface EntityUse {
  passageId: number;
  page: number;
  count: number;
}

/** A term a document defines, with its definition and where it is used. */
export interface DefinedTerm {
  entityId: number;
  /** As the document writes it, e.g. `Licensee`. */
  term: string;
  /** Other names the document gives the same term ("Company", "ACME"). */
  aliases: string[];
  /** The sentence that defines it; null when only its use was found. */
  definition: string | null;
  definedAt: { passageId: number; page: number } | null;
  /** Passages that use it, in document order (at most 200). */
  uses: EntityUse[];
  /** Uses in the whole document. */
  mentions: number;
}

/** An entity of one document (or one page of it), most salient first. */
export interface DocumentEntity {
  entityId: number;
  kind: EntityKind;
  name: string;
  mentions: number;
  /** How characteristic it is of this document (mentions against how many documents mention it). */
  salience: number;
}

/** What a person did, as the engine records it. */
export type UserEventType = 'open' | 'read' | 'search' | 'question' | 'click' | 'highlight' | 'shown' | 'accept' | 'dismiss';

export const USER_EVENT_TYPES: readonly UserEventType[] = ['open', 'read', 'search', 'question', 'click', 'highlight', 'shown', 'accept', 'dismiss'];

export interface UserSummary {
  id: number;
  name: string;
  createdAt: string;
  /** While paused, events are not recorded and the profile does not change. */
  learningPaused: boolean;
  /** Events older than this are deleted; the aggregates stay. */
  retentionDays: number;
  /** Events in the log now. */
  events: number;
}

export interface ProfileEntity {
  entityId: number;
  entity: string;
  kind: EntityKind;
  score: number;
}

/** What Lectern has learnt about one person: top interests (decayed to now) and what they already know. */
export interface UserProfile {
  user: string;
  learningPaused: boolean;
  retentionDays: number;
  events: number;
  interests: ProfileEntity[];
  familiar: ProfileEntity[];
}

/** Everything kept about one user, as JSON they can take away. */
export interface ProfileExport {
  format: 'lectern-profile';
  version: 1;
  exportedAt: string;
  user: UserSummary;
  entities: Array<ProfileEntity & { interest: number; familiarity: number; asked: number; lastSeen: string; blocked: boolean }>;
  events: Array<{ type: UserEventType; at: string; documentId: string | null; page: number | null; text: string | null; dwellMs: number | null; suggestionKey: string | null }>;
  feedback: Array<{ suggestionKey: string; state: 'accepted' | 'dismissed'; at: string }>;
}

/** A suggested question for what is on screen, with why it is suggested. */
export interface Suggestion {
  /** Stable for the same question in the same document: accept and dismiss refer to it. */
  key: string;
  text: string;
  /** One line a person reads, e.g. "You asked about indemnification in 3 other contracts". */
  reason: string;
  /** Names of the entities it is about. */
  entities: string[];
  entityIds: number[];
  score: number;
  /** The document it is about; null for the whole library. */
  documentId: string | null;
  /** `model`: phrased by the loaded chat model under a grammar; `template`: phrased without one. */
  phrasing: 'model' | 'template';
  /**
   * The passage that answers it, found by the search qa uses in the suggestion's scope and
   * holding its subject: accepting the suggestion can answer from it and cite it at once.
   * Absent where the engine has no search to check with.
   */
  passageId?: number;
  /** The page that passage starts on. */
  page?: number;
  /** Half-open character range of the passage's text that holds the subject. */
  quote?: [number, number];
}

/** A completion for the search box, from the library's entities ranked by the user's profile. */
export interface Completion {
  text: string;
  kind: EntityKind;
  entityId: number;
  /** Why it ranks here, e.g. "You read about it" ; null when only the library suggests it. */
  reason: string | null;
}

/** A page shown for less than this was only flicked past: the app does not report it, and the engine learns nothing from it. */
export const MIN_READ_DWELL_MS = 2_000;
