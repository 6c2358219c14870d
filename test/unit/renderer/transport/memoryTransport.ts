/**
 * An in-memory Transport for renderer store tests: commands answered by handlers the test
 * gives, every call recorded (with the signal it was given), events emitted by the test. No
 * engine, no socket. A handler gets the call's signal, to end as a cancelled command does.
 */
import type { CommandArgs, CommandName, CommandResults, EngineEvents } from '../../../../native/api/commands.js';
import { LecternError } from '../../../../native/api/errors.js';
import type { Transport } from '../../../../renderer/transport/Transport.js';

export type Handlers = { [C in CommandName]?: (args: CommandArgs<C>, call: { signal?: AbortSignal }) => CommandResults[C] | Promise<CommandResults[C]> };

export interface MemoryTransport extends Transport {
  calls: Array<{ name: CommandName; args: unknown; signal?: AbortSignal }>;
  emit<E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]): void;
}

export function memoryTransport(handlers: Handlers): MemoryTransport {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const calls: MemoryTransport['calls'] = [];
  return {
    calls,
    async invoke(name, args, options = {}) {
      calls.push(options.signal ? { name, args, signal: options.signal } : { name, args });
      // As the real transports do: a request aborted before it is sent never reaches the engine.
      if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled before it started.');
      const handler = handlers[name] as ((a: unknown, call: { signal?: AbortSignal }) => unknown) | undefined;
      if (!handler) throw new LecternError('INTERNAL', `The test gave no handler for ${name}.`);
      return (await handler(args, { signal: options.signal })) as never;
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

/**
 * Waits until `signal` aborts, then rejects as the engine rejects a cancelled command: CANCELLED,
 * with `partial` when given. Rejects at once for a call made without a signal (it could never be stopped).
 */
export function untilAborted(signal: AbortSignal | undefined, partial?: unknown): Promise<never> {
  if (!signal) return Promise.reject(new Error('This call was made without a signal, so nothing can stop it.'));
  return new Promise<never>((_, reject) => {
    const cancel = () => reject(new LecternError('CANCELLED', 'Cancelled.', { partial }));
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  });
}
