import type { CommandArgs } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import type { ProfileEntity, ProfileExport, Suggestion, UserProfile, UserSummary } from '../api/types.js';
import { decayedInterest } from './profile/decay.js';
import { EventEntityResolver } from './profile/EventEntityResolver.js';
import { dwellFactor, EVENT_WEIGHTS } from './profile/eventWeights.js';
import { TextEntityLinker } from './profile/TextEntityLinker.js';
import { ProfileAggregates } from './profile/ProfileAggregates.js';
import { suggestionKey } from './suggest/suggestionKey.js';
import { notFound } from '../store/DocumentRepository.js';
import type { ProfileRepositories } from '../store/profileRepositories.js';
import type { UserEntityRow as EntityRow } from '../store/UserEntityRepository.js';
import type { UserRow } from '../store/UserRepository.js';

/** The user every library starts with; it can be cleared but not deleted. */
export const DEFAULT_USER = 'default';
/** A suggestion shown again within this time is not logged again (the strip refreshes often). */
const SHOWN_AGAIN_AFTER_MS = 30 * 60 * 1000;
/** Familiarity below this is not "familiar" on the profile page. */
const FAMILIAR_AT = 0.2;

/** Local users, their bounded event logs and the aggregates (interest, familiarity) learnt from them. */
export class ProfileStore {
  readonly linker: TextEntityLinker;
  private readonly resolver: EventEntityResolver;
  private readonly aggregates: ProfileAggregates;

  constructor(
    private readonly store: ProfileRepositories,
    private readonly now: () => number = Date.now,
  ) {
    this.linker = new TextEntityLinker(store.entityKeys);
    this.resolver = new EventEntityResolver(store.mentions, store.feedback, this.linker, store.concepts);
    this.aggregates = new ProfileAggregates(store.userEntities);
  }

  listUsers(): UserSummary[] {
    const rows = this.store.users.list();
    return rows.map((r) => this.summary(r));
  }

  /** Names are unique regardless of case. Throws USER_EXISTS. */
  createUser(name: string): UserSummary {
    const trimmed = name.trim();
    if (!trimmed || /[\p{Cc}]/u.test(trimmed)) throw new LecternError('INVALID_ARGUMENT', 'A user name needs at least one visible character and no control characters.');
    const existing = this.find(trimmed);
    if (existing) throw new LecternError('USER_EXISTS', `There is already a user named "${existing.name}". Pick another name, or use that profile.`);
    this.store.users.insert(trimmed, new Date(this.now()).toISOString());
    return this.summary(this.user(trimmed));
  }

  /**
   * Deletes a user with their events, aggregates, feedback and shown suggestions, and
   * nothing else. The default user is cleared instead (it stays, empty, for whoever uses
   * Lectern without choosing a profile); the last user can never be deleted.
   */
  deleteUser(name: string): { deleted: string; events: number; entities: number } {
    const user = this.user(name);
    return this.store.transact(() => {
      const events = this.store.events.count(user.id);
      const entities = this.store.userEntities.count(user.id);
      if (user.name.toLowerCase() === DEFAULT_USER) {
        this.store.users.clearData(user.id);
      } else {
        if (this.store.users.count() <= 1) throw new LecternError('INVALID_ARGUMENT', `"${user.name}" is the only user, and Lectern needs one. Create another user first.`);
        // Every table of the user's rows references users (id) ON DELETE CASCADE.
        this.store.users.delete(user.id);
      }
      return { deleted: user.name, events, entities };
    });
  }

  /** Top interests (decayed to now) and the entities the user knows best; blocked ones never appear. */
  profile(name: string, limit = 20): UserProfile {
    const user = this.user(name);
    const now = this.now();
    const rows = this.entityRows(user.id).filter((r) => !r.blocked);
    const interests = rows
      .map((r) => ({ row: r, score: decayedInterest(r.interest, r.interestAt, now) }))
      .filter((x) => x.score > 0.001)
      .sort((a, b) => b.score - a.score || a.row.entityId - b.row.entityId)
      .slice(0, limit)
      .map((x) => profileEntity(x.row, x.score));
    const familiar = rows
      .filter((r) => r.familiarity >= FAMILIAR_AT)
      .sort((a, b) => b.familiarity - a.familiarity || a.entityId - b.entityId)
      .slice(0, limit)
      .map((r) => profileEntity(r, r.familiarity));
    const summary = this.summary(user);
    return { user: user.name, learningPaused: summary.learningPaused, retentionDays: summary.retentionDays, events: summary.events, interests, familiar };
  }

  /** Everything kept about the user, as JSON they can take away. */
  exportProfile(name: string): ProfileExport {
    const user = this.user(name);
    const now = this.now();
    const events = this.store.events.list(user.id);
    const feedback = this.store.feedback.feedback(user.id);
    return {
      format: 'lectern-profile',
      version: 1,
      exportedAt: new Date(now).toISOString(),
      user: this.summary(user),
      entities: this.entityRows(user.id).map((r) => {
        const interest = decayedInterest(r.interest, r.interestAt, now);
        return {
          ...profileEntity(r, interest),
          interest: round(interest),
          familiarity: round(r.familiarity),
          asked: r.asked,
          lastSeen: new Date(r.lastSeen).toISOString(),
          blocked: r.blocked === 1,
        };
      }),
      events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      feedback: feedback.map((f) => ({ ...f, at: new Date(f.at).toISOString() })),
    };
  }

  /** Removes an entity from the profile (interest, familiarity, per-document counts) and never learns it again. */
  forget(name: string, entityId: number): void {
    const user = this.user(name);
    if (!this.store.entityKeys.exists(entityId)) {
      throw new LecternError('INVALID_ARGUMENT', `There is no entity ${entityId} in this library. Pick one from the profile's list.`);
    }
    const now = this.now();
    this.store.transact(() => this.store.userEntities.block(user.id, entityId, now));
  }

  /** While paused, nothing is recorded and the profile stays as it is. */
  setLearning(name: string, paused: boolean): void {
    const user = this.user(name);
    this.store.users.setLearningPaused(user.id, paused);
  }

  /** Keeps events for `days`; older ones are deleted at once (the aggregates stay). */
  setRetention(name: string, days: number): void {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new LecternError('INVALID_ARGUMENT', `Keep events for 1 to 3650 days, not ${days}.`);
    const user = this.user(name);
    this.store.transact(() => {
      this.store.users.setRetentionDays(user.id, days);
      this.store.events.prune(user.id, days, this.now());
    });
  }

  /**
   * Appends an event and learns from it, in one transaction. While learning is paused
   * nothing is written. A question (or an accepted or dismissed suggestion given by its
   * text) is logged with its suggestion key, so it is recognised when suggested later.
   */
  record(event: CommandArgs<'events:record'>): { recorded: boolean; entities: number } {
    const user = this.user(event.user);
    if (event.documentId && !this.store.mentions.documentExists(event.documentId)) {
      throw notFound(event.documentId);
    }
    if ((event.type === 'accept' || event.type === 'dismiss' || event.type === 'shown') && !event.suggestionKey && !event.text?.trim()) {
      throw new LecternError('INVALID_ARGUMENT', `A '${event.type}' event needs the suggestion's key (or its text).`);
    }
    if (user.paused) return { recorded: false, entities: 0 };
    const now = this.now();
    const documentId = event.documentId ?? (event.passageId ? this.resolver.documentOfPassage(event.passageId) : null);
    const text = event.text?.trim() || null;
    const keyed = event.type === 'question' || event.type === 'accept' || event.type === 'dismiss' || event.type === 'shown';
    const key = event.suggestionKey ?? (keyed && text ? suggestionKey(documentId, text) : null);
    return this.store.transact(() => {
      this.store.events.append(
        user.id,
        { type: event.type, at: now, documentId, page: event.page ?? null, text, dwellMs: event.dwellMs ?? null, suggestionKey: key },
        user.retentionDays,
      );
      const links = this.resolver.resolve(user.id, { ...event, documentId: documentId ?? undefined }, key);
      if (event.type === 'accept' || event.type === 'dismiss') {
        this.store.feedback.setFeedback(user.id, key, event.type === 'accept' ? 'accepted' : 'dismissed', now);
      }
      if (event.type === 'shown' && text)
        this.rememberShown(
          user.id,
          key!,
          documentId,
          text,
          links.map((l) => l.entityId),
          now,
        );
      const strength = event.type === 'read' ? dwellFactor(event.dwellMs) : 1;
      const entities = this.aggregates.apply(user.id, links, EVENT_WEIGHTS[event.type], strength, documentId, now);
      return { recorded: true, entities };
    });
  }

  /**
   * Logs suggestions as shown (one 'shown' event each, unless shown in the last half hour)
   * and remembers what each is about, so accepting or dismissing it by key later is learnt
   * on its entities. Nothing is written while learning is paused.
   */
  recordShown(name: string, suggestions: readonly Suggestion[]): number {
    const user = this.user(name);
    if (user.paused || suggestions.length === 0) return 0;
    const now = this.now();
    return this.store.transact(() => {
      let logged = 0;
      for (const s of suggestions) {
        const last = this.store.feedback.lastShown(user.id, s.key);
        if (!last || now - last.lastAt >= SHOWN_AGAIN_AFTER_MS) {
          this.store.events.append(
            user.id,
            { type: 'shown', at: now, documentId: s.documentId, page: null, text: s.text, dwellMs: null, suggestionKey: s.key },
            user.retentionDays,
          );
          logged++;
        }
        this.rememberShown(user.id, s.key, s.documentId, s.text, s.entityIds, last && now - last.lastAt < SHOWN_AGAIN_AFTER_MS ? last.lastAt : now);
      }
      return logged;
    });
  }

  /** The user's row id; throws USER_NOT_FOUND with the names there are. */
  userId(name: string): number {
    return this.user(name).id;
  }

  private rememberShown(userId: number, key: string, documentId: string | null, text: string, entityIds: readonly number[], at: number): void {
    this.store.feedback.rememberShown(userId, key, documentId, text, entityIds, at);
  }

  private find(name: string): UserRow | undefined {
    return this.store.users.find(name.trim());
  }

  private user(name: string): UserRow {
    const row = this.find(name);
    if (row) return row;
    const names = this.store.users.names();
    throw new LecternError('USER_NOT_FOUND', `There is no user named "${name.trim()}". Users in this library: ${names.join(', ')}. Pick one of them, or create the user first.`);
  }

  private summary(row: UserRow): UserSummary {
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      learningPaused: row.paused === 1,
      retentionDays: row.retentionDays,
      events: this.store.events.count(row.id),
    };
  }

  private entityRows(userId: number): EntityRow[] {
    return this.store.userEntities.list(userId);
  }
}

function profileEntity(row: EntityRow, score: number): ProfileEntity {
  return { entityId: row.entityId, entity: row.entity, kind: row.kind, score: round(score) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
