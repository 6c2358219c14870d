/**
 * Tells the engine what the person did (`events:record`) for the current user. Fire and forget:
 * learning is a side effect of reading, so a failure is a console warning and nothing else.
 */
import type { CommandArgs } from '../../native/api/commands.js';
import { transport } from '../transport/appTransport.js';
import { errorMessage } from './requestId.js';
import { currentUser } from './userStore.js';

export type AppEvent = Omit<CommandArgs<'events:record'>, 'user'>;

/** One warning per distinct failure, so an engine without the knowledge store does not flood the console. */
const warned = new Set<string>();

/** `user`: who did it; the current user unless the picker has moved on since. */
export function recordEvent(event: AppEvent, user: string = currentUser()): void {
  const args: CommandArgs<'events:record'> = { ...event, user };
  if (args.text !== undefined) args.text = args.text.trim().slice(0, 4000);
  if (args.text === '') return;
  transport()
    .invoke('events:record', args)
    .catch((error: unknown) => {
      const message = errorMessage(error);
      if (warned.has(message)) return;
      warned.add(message);
      console.warn(`Lectern could not record a ${event.type} event: ${message}`);
    });
}
