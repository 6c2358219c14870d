import { commandSchemas, type CommandArgs, type CommandName } from '../api/commands.js';
import { LecternError } from '../api/errors.js';

/**
 * A command's arguments checked against the same schema the socket and IPC use, so the
 * command line accepts no more than the app does (a 10,000-character query, a budget past
 * 2^53). `engine.invoke` checks again; checking here first refuses a bad argument before the
 * library opens, with the CLI's own hint.
 */
export function checkedArgs<C extends CommandName>(name: C, args: unknown): CommandArgs<C> {
  const parsed = commandSchemas[name].safeParse(args);
  if (!parsed.success) {
    // Messages that are sentences end in their own full stop: the list does not add a second.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message.replace(/\.$/, '')}`).join('; ');
    throw new LecternError('INVALID_ARGUMENT', `Invalid arguments for ${name}: ${problems}. See \`lectern --help\`.`);
  }
  return parsed.data as CommandArgs<C>;
}

/**
 * A whole number written in plain decimal digits, at least `min`: `1e3`, `0x10`, `+5`, ` 7`
 * and numbers past 2^53 are refused, however JavaScript's Number() would read them.
 */
export function wholeNumber(value: string, flag: string, min = 1): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min)
    throw new LecternError('INVALID_ARGUMENT', `${flag} must be a whole number of at least ${min} in plain digits, not "${value}". See \`lectern --help\`.`);
  return n;
}
