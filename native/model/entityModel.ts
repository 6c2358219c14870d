/** What entity extraction reads and what it produces for one document. */
import type { EntityKind } from '../api/types.js';

/**
 * A document as extraction reads it. Ingest passes its `StructuredDocument` as is;
 * back-fill reads the same shape back from the database.
 */
export interface EntitySourceDocument {
  title: string;
  /** In document order; `parent` is an index into this list. */
  sections: ReadonlyArray<{ title: string; page: number; parent: number | null }>;
  /** In reading order; `section` is an index into `sections`. */
  passages: ReadonlyArray<{ text: string; page: number; section: number | null }>;
}

/** One entity of one document. Passages are referred to by their index in the document. */
export interface ExtractedEntity {
  kind: EntityKind;
  /** Normalized name (see `entityKey`); unique per kind across the library. */
  key: string;
  /** The most frequent way the document writes it (for terms: the form it defines). */
  name: string;
  /** Other names the document gives it: aliases of a defined term, a party's short names. */
  aliases: string[];
  /** Keys of those aliases that differ from `key`, for linking free text to the entity. */
  aliasKeys: string[];
  /** The defining sentence of a term (or the phrase a parenthesis names); null for other kinds. */
  definition: string | null;
  definitionPassage: number | null;
  /** Passage index → occurrences there; every entity has at least one. */
  mentions: Map<number, number>;
  totalMentions: number;
  /** Weight within the document: log(1 + mentions) × the kind's weight. */
  salience: number;
}

export interface DocumentEntities {
  /** The extractor that produced them; documents read by an older one are back-filled. */
  version: number;
  entities: ExtractedEntity[];
}

/**
 * How much a mention of each kind says about what a document is about. Terms and parties
 * are what a contract is built from; dates and sums are many and rarely the subject.
 */
export const KIND_WEIGHT: Readonly<Record<EntityKind, number>> = {
  term: 1,
  party: 1.2,
  topic: 0.9,
  organization: 0.8,
  person: 0.8,
  place: 0.6,
  money: 0.6,
  date: 0.4,
};

export function salienceOf(kind: EntityKind, mentions: number): number {
  return Math.log1p(mentions) * KIND_WEIGHT[kind];
}
