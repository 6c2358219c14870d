/**
 * The one transport the stores share. Chosen on first use, so tests (and a future
 * in-memory engine for UI tests) can install their own with `setTransport` first.
 */
import type { Transport } from './Transport.js';
import { selectTransport } from './selectTransport.js';

let current: Transport | null = null;

export function transport(): Transport {
  current ??= selectTransport();
  return current;
}

export function setTransport(next: Transport): void {
  current = next;
}
