/**
 * Interest fades with a half-life: what someone read about last month matters less than
 * what they read about today. The stored value is the interest at `interest_at`; it is
 * decayed lazily, when read and before each update, so nothing has to run on a timer.
 */
export const INTEREST_HALF_LIFE_MS = 14 * 24 * 60 * 60 * 1000;

/** The interest `value` (as of `at`) decayed to `now`; never grows when the clock goes back. */
export function decayedInterest(value: number, at: number, now: number, halfLifeMs = INTEREST_HALF_LIFE_MS): number {
  const elapsed = Math.max(0, now - at);
  return value * Math.pow(0.5, elapsed / halfLifeMs);
}

/** Familiarity saturates in [0, 1]: each gain closes part of what is left to learn. */
export function addFamiliarity(familiarity: number, gain: number): number {
  const g = Math.min(1, Math.max(0, gain));
  return 1 - (1 - Math.min(1, Math.max(0, familiarity))) * (1 - g);
}
