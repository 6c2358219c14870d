import type { CommandName } from '../api/commands.js';
import { annotationCommands } from './annotations.js';
import { appCommands } from './app.js';
import type { CommandHandler, CommandHandlers } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';
import { embeddingsCommands } from './embeddings.js';
import { evalCommands } from './eval.js';
import { knowledgeCommands } from './knowledge.js';
import { kvCommands } from './kv.js';
import { libraryCommands } from './library.js';
import { modelsCommands } from './models.js';
import { ocrCommands } from './ocr.js';
import { profileCommands } from './profile.js';
import { qaCommands } from './qa.js';
import { readingCommands } from './reading.js';
import { searchCommands } from './search.js';

/**
 * Every command's handler, merged from the domains' maps. The type requires exactly one
 * handler per command of the contract (native/api/commands.ts): a new command without a
 * handler, or a handler for no command, fails to compile.
 */
export function commandHandlers(ctx: EngineContext): CommandHandlers<CommandName> {
  return {
    ...libraryCommands(ctx),
    ...searchCommands(ctx),
    ...qaCommands(ctx),
    ...kvCommands(ctx),
    ...modelsCommands(ctx),
    ...knowledgeCommands(ctx),
    ...profileCommands(ctx),
    ...appCommands(ctx),
    ...embeddingsCommands(ctx),
    ...ocrCommands(ctx),
    ...annotationCommands(ctx),
    ...readingCommands(ctx),
    ...evalCommands(ctx),
  };
}

/** One command's handler from the merged map (own keys only: "constructor" is not a command). */
export function handlerFor<C extends CommandName>(handlers: CommandHandlers<CommandName>, name: C): CommandHandler<C> | undefined {
  return Object.hasOwn(handlers, name) ? (handlers[name] as CommandHandler<C>) : undefined;
}
