import assert from 'node:assert/strict';
import { cancelledPartial, type CancelledPartials } from '../../native/api/commands.js';
import { LecternError } from '../../native/api/errors.js';

/**
 * Asserts that `running` rejects as a cancelled command does (a LecternError of code CANCELLED)
 * and returns the work it carries as `partial`, typed as `command`'s (undefined when none).
 */
export async function rejectsCancelled<C extends keyof CancelledPartials>(running: Promise<unknown>, command: C): Promise<CancelledPartials[C] | undefined> {
  const outcome = await running.then(
    (result) => ({ resolved: result }),
    (error: unknown) => ({ rejected: error }),
  );
  if ('resolved' in outcome) assert.fail(`${command} resolved instead of rejecting CANCELLED: ${JSON.stringify(outcome.resolved).slice(0, 300)}`);
  assert.ok(outcome.rejected instanceof LecternError, `${command} rejected with ${String(outcome.rejected)}, not a LecternError`);
  assert.equal(outcome.rejected.code, 'CANCELLED', outcome.rejected.message);
  return cancelledPartial(outcome.rejected, command);
}
