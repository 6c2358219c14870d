import { MIN_READ_DWELL_MS, type UserEventType } from '../../api/types.js';

/** What one event teaches about each entity it is linked to (before the per-entity link weight). */
export interface EventWeight {
  /** Added to the decayed interest; negative for a dismissal (interest never drops below 0). */
  interest: number;
  /** Share of the remaining unfamiliarity that one such event closes. */
  familiarity: number;
  /** Counts as having asked about the entity (questions and accepted suggestions). */
  asked: boolean;
}

/**
 * Deliberate acts (asking, searching, highlighting) say more than passing ones (opening a
 * document, a suggestion being shown); a dismissal says "not this". Reading teaches the
 * most familiarity, asking the most interest.
 */
export const EVENT_WEIGHTS: Record<UserEventType, EventWeight> = {
  open: { interest: 0.2, familiarity: 0, asked: false },
  read: { interest: 0.3, familiarity: 0.06, asked: false },
  search: { interest: 0.8, familiarity: 0, asked: false },
  question: { interest: 1, familiarity: 0.1, asked: true },
  highlight: { interest: 0.8, familiarity: 0.05, asked: false },
  click: { interest: 0.5, familiarity: 0.05, asked: false },
  accept: { interest: 1, familiarity: 0.1, asked: true },
  dismiss: { interest: -0.5, familiarity: 0, asked: false },
  shown: { interest: 0, familiarity: 0, asked: false },
};

export { MIN_READ_DWELL_MS };
/** A page read longer than this counts as this long (someone left the window open). */
export const MAX_READ_DWELL_MS = 120_000;

/** How much a page read counts: 0 for a glance, 1 for a minute, at most 2. */
export function dwellFactor(dwellMs: number | undefined): number {
  if (dwellMs === undefined) return 0.5;
  if (dwellMs < MIN_READ_DWELL_MS) return 0;
  return Math.min(dwellMs, MAX_READ_DWELL_MS) / 60_000;
}
