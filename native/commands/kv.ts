import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Saved reading states (KV caches) on disk. */
export function kvCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'kv'>> {
  return {
    async 'kv:usage'() {
      return ctx.kvStates.usage();
    },
    async 'kv:clear'() {
      return { freedBytes: ctx.kvStates.clear() };
    },
    async 'kv:setBudget'(args) {
      ctx.kvStates.setBudget(args.bytes);
      return ctx.kvStates.usage();
    },
  };
}
