import type { Candidate } from './ContextCandidateReader.js';
import type { Projection } from './InterestProjector.js';
import type { DocumentSignal, EntitySignal } from './UserSignalReader.js';

/** What ranking knows about the user; all empty for someone new (or the non-personalized baseline). */
export interface RankingSignals {
  entities: Map<number, EntitySignal>;
  history: Map<number, DocumentSignal>;
  projections: Map<number, Projection>;
  /** Suggestion keys asked, accepted or dismissed. */
  answered: Map<string, string>;
  /** How many times each key was shown. */
  shown: Map<string, number>;
}

export interface RankedCandidate {
  candidate: Candidate;
  score: number;
  /** The user's own or projected interest in it (0 for someone new). */
  personal: number;
}

/** What a suggestion is worth with no personal signal at all, against 1 for a strong interest. */
const BASE = 0.25;
/** A related interest counts for less than the entity's own. */
const PROJECTED = 0.6;
/** A familiar entity keeps this much less of its score (at familiarity 1). */
const FAMILIAR_DISCOUNT = 0.6;
/** Shown this many times without being taken, a suggestion starts to give way to others. */
const SHOWN_FREELY = 3;
const FATIGUE = 0.9;
/** An interest this strong earns a place even when what is on screen outranks it. */
const STRONG_INTEREST = 0.5;
/** Where that place is: after the two best for the context. */
const PERSONAL_SLOT = 2;

/**
 * relevance to what is on screen × (base + the user's interest, own or projected) × novelty.
 * Dropped outright: questions already asked, accepted or dismissed, and entities already
 * asked about in this document. Novelty discounts what the user knows well and what has
 * been shown many times without being taken. At most one suggestion per entity, and no
 * kind (parties and defined terms counting as one) takes more than half the places while others are left. When a page or selection
 * outranks everything the user cares about, their strongest interest in this context still
 * gets the third place: reading page 1 of a new contract, someone who always asks about
 * termination is offered it.
 */
export function rankSuggestions(candidates: readonly Candidate[], signals: RankingSignals, limit: number): RankedCandidate[] {
  const scored: RankedCandidate[] = [];
  for (const c of candidates) {
    if (signals.answered.has(c.key)) continue;
    const id = c.entityIds[0];
    const own = id === undefined ? undefined : signals.entities.get(id);
    if (id !== undefined && (signals.history.get(id)?.askedHere ?? 0) > 0) continue;
    const interest = own?.interest ?? 0;
    const projected = id === undefined ? 0 : (signals.projections.get(id)?.score ?? 0);
    const personal = Math.min(1.5, interest + PROJECTED * projected);
    const fatigue = Math.pow(FATIGUE, Math.max(0, (signals.shown.get(c.key) ?? 0) - SHOWN_FREELY));
    const novelty = (1 - FAMILIAR_DISCOUNT * (own?.familiarity ?? 0)) * fatigue;
    scored.push({ candidate: c, score: c.relevance * (BASE + personal) * novelty, personal });
  }
  scored.sort((a, b) => b.score - a.score || a.candidate.key.localeCompare(b.candidate.key));
  return withPersonalSlot(diversify(scored, limit), scored, limit);
}

function withPersonalSlot(chosen: RankedCandidate[], scored: readonly RankedCandidate[], limit: number): RankedCandidate[] {
  let best: RankedCandidate | undefined;
  for (const r of scored) {
    if (r.personal >= STRONG_INTEREST && (!best || r.personal > best.personal || (r.personal === best.personal && r.score > best.score))) best = r;
  }
  if (!best) return chosen;
  const id = best.candidate.entityIds[0];
  const at = chosen.findIndex((r) => r === best || (id !== undefined && r.candidate.entityIds[0] === id));
  if (at >= 0 && at <= PERSONAL_SLOT) return chosen;
  const kept = at >= 0 ? chosen.filter((_, i) => i !== at) : chosen.length >= limit ? chosen.slice(0, limit - 1) : [...chosen];
  kept.splice(Math.min(PERSONAL_SLOT, kept.length), 0, at >= 0 ? chosen[at]! : best);
  return kept;
}
function diversify(scored: readonly RankedCandidate[], limit: number): RankedCandidate[] {
  const chosen: RankedCandidate[] = [];
  const entities = new Set<number>();
  const perKind = new Map<string, number>();
  const maxPerKind = Math.max(1, Math.ceil(limit / 2));
  for (const pass of [0, 1]) {
    for (const r of scored) {
      if (chosen.length >= limit) return chosen;
      if (chosen.includes(r)) continue;
      const id = r.candidate.entityIds[0];
      if (id !== undefined && entities.has(id)) continue;
      const family = familyOf(r.candidate.kind);
      if (pass === 0 && (perKind.get(family) ?? 0) >= maxPerKind) continue;
      chosen.push(r);
      if (id !== undefined) entities.add(id);
      perKind.set(family, (perKind.get(family) ?? 0) + 1);
    }
  }
  return chosen;
}

/** Parties and the terms that name things are one family for variety: "who is who" takes at most half the places. */
function familyOf(kind: string): string {
  return kind === 'party' || kind === 'term' ? 'names' : kind;
}
