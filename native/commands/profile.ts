import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

type ProfileCommand = DomainCommand<'users'> | DomainCommand<'profile'> | DomainCommand<'events'> | DomainCommand<'suggest'>;

/** Users, what Lectern learns of them, and the suggestions it makes from that. */
export function profileCommands(ctx: EngineContext): CommandHandlers<ProfileCommand> {
  return {
    async 'users:list'() {
      return { users: ctx.profiles.listUsers() };
    },
    async 'users:create'(args) {
      return { user: ctx.profiles.createUser(args.name) };
    },
    async 'users:delete'(args) {
      return ctx.profiles.deleteUser(args.user);
    },
    async 'profile:get'(args) {
      return ctx.profiles.profile(args.user, args.limit);
    },
    async 'profile:export'(args) {
      return ctx.profiles.exportProfile(args.user);
    },
    async 'profile:forget'(args) {
      ctx.profiles.forget(args.user, args.entityId);
      ctx.emit('profile:changed', { user: args.user });
      return ctx.profiles.profile(args.user);
    },
    async 'profile:setLearning'(args) {
      ctx.profiles.setLearning(args.user, args.paused);
      ctx.emit('profile:changed', { user: args.user });
      return ctx.profiles.profile(args.user);
    },
    async 'profile:setRetention'(args) {
      ctx.profiles.setRetention(args.user, args.days);
      return ctx.profiles.profile(args.user);
    },
    async 'events:record'(args) {
      const result = ctx.profiles.record(args);
      if (result.recorded && result.entities > 0) ctx.emit('profile:changed', { user: args.user });
      return result;
    },
    async 'suggest:get'(args) {
      return { suggestions: await ctx.suggestions.suggest(args), modelLoaded: ctx.runtime.loaded !== null };
    },
    async 'suggest:autocomplete'(args) {
      return { completions: ctx.suggestions.autocomplete(args) };
    },
  };
}
