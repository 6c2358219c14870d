/**
 * An in-memory Transport for renderer store tests: commands answered by handlers the test
 * gives, every call recorded, events emitted by the test. No engine, no socket.
 */
import type { CommandArgs, CommandName, CommandResults, EngineEvents } from '../../../../native/api/commands.js';
import { LecternError } from '../../../../native/api/errors.js';
import type { Transport } from '../../../../renderer/transport/Transport.js';

export type Handlers = { [C in CommandName]?: (args: CommandArgs<C>) => CommandResults[C] | Promise<CommandResults[C]> };

export interface MemoryTransport extends Transport {
  calls: Array<{ name: CommandName; args: unknown }>;
  emit<E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]): void;
}

export function memoryTransport(handlers: Handlers): MemoryTransport {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const calls: MemoryTransport['calls'] = [];
  return {
    calls,
    async invoke(name, args) {
      calls.push({ name, args });
      const handler = handlers[name] as ((a: unknown) => unknown) | undefined;
      if (!handler) throw new LecternError('INTERNAL', `The test gave no handler for ${name}.`);
      return (await handler(args)) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) (listener as (p: typeof payload) => void)(payload);
    },
  };
}
