import assert from 'node:assert/strict';
import type { CancelledPartials, CommandName } from '../../native/api/commands.js';
import { LecternError } from '../../native/api/errors.js';

/** What a cancelled `C` may carry: its CancelledPartials entry, or nothing for a command that keeps no partial work. */
export type PartialOf<C extends CommandName> = (C extends keyof CancelledPartials ? CancelledPartials[C] : never) | undefined;

/**
 * Asserts that `running` rejects as a cancelled command does (a LecternError of code CANCELLED)
 * and returns the work it carries as `partial` (undefined when none).
 */
export async function rejectsCancelled<C extends CommandName>(running: Promise<unknown>, command: C): Promise<PartialOf<C>> {
  const outcome = await running.then(
    (result) => ({ resolved: result }),
    (error: unknown) => ({ rejected: error }),
  );
  if ('resolved' in outcome) assert.fail(`${command} resolved instead of rejecting CANCELLED: ${JSON.stringify(outcome.resolved).slice(0, 300)}`);
  assert.ok(outcome.rejected instanceof LecternError, `${command} rejected with ${String(outcome.rejected)}, not a LecternError`);
  assert.equal(outcome.rejected.code, 'CANCELLED', outcome.rejected.message);
  return outcome.rejected.partial as PartialOf<C>;
}
