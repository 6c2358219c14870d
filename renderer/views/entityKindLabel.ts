import type { EntityKind } from '../../native/api/types.js';

/** How an entity's kind reads to a person. */
export const ENTITY_KIND_LABEL: Record<EntityKind, string> = {
  term: 'Defined term',
  party: 'Party',
  person: 'Person',
  organization: 'Organisation',
  place: 'Place',
  date: 'Date',
  money: 'Amount',
  topic: 'Topic',
};
