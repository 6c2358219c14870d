import type { Database, Statement } from 'better-sqlite3';
import type { CommandArgs } from '../api/commands.js';
import { LecternError } from '../api/errors.js';
import type { EntityKind, ProfileEntity, ProfileExport, Suggestion, UserEventType, UserProfile, UserSummary } from '../api/types.js';
import { decayedInterest } from './profile/decay.js';
import { EventEntityResolver } from './profile/EventEntityResolver.js';
import { EventLog } from './profile/EventLog.js';
import { dwellFactor, EVENT_WEIGHTS } from './profile/eventWeights.js';
import { TextEntityLinker } from './profile/TextEntityLinker.js';
import { ProfileAggregates } from './profile/ProfileAggregates.js';
import { suggestionKey } from './suggest/suggestionKey.js';
import { notFound } from '../store/DocumentRepository.js';

/** The user every library starts with; it can be cleared but not deleted. */
export const DEFAULT_USER = 'default';
/** A suggestion shown again within this time is not logged again (the strip refreshes often). */
const SHOWN_AGAIN_AFTER_MS = 30 * 60 * 1000;
/** Familiarity below this is not "familiar" on the profile page. */
const FAMILIAR_AT = 0.2;

interface UserRow {
  id: number;
  name: string;
  createdAt: string;
  paused: number;
  retentionDays: number;
}

interface EntityRow {
  entityId: number;
  entity: string;
  kind: EntityKind;
  interest: number;
  interestAt: number;
  familiarity: number;
  asked: number;
  lastSeen: number;
  blocked: number;
}

/** Local users, their bounded event logs and the aggregates (interest, familiarity) learnt from them. */
export class ProfileStore {
  readonly linker: TextEntityLinker;
  private readonly resolver: EventEntityResolver;
  private readonly aggregates: ProfileAggregates;
  private readonly log: EventLog;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    options: { maxEventsPerUser?: number } = {},
  ) {
    this.linker = new TextEntityLinker(db);
    this.resolver = new EventEntityResolver(db, this.linker);
    this.aggregates = new ProfileAggregates(db);
    this.log = new EventLog(db, options.maxEventsPerUser);
  }

  listUsers(): UserSummary[] {
    const rows = this.sql(`${USER_SELECT} ORDER BY id`).all() as UserRow[];
    return rows.map((r) => this.summary(r));
  }

  /** Names are unique regardless of case. Throws USER_EXISTS. */
  createUser(name: string): UserSummary {
    const trimmed = name.trim();
    if (!trimmed || /[\p{Cc}]/u.test(trimmed)) throw new LecternError('INVALID_ARGUMENT', 'A user name needs at least one visible character and no control characters.');
    const existing = this.find(trimmed);
    if (existing) throw new LecternError('USER_EXISTS', `There is already a user named "${existing.name}". Pick another name, or use that profile.`);
    this.sql('INSERT INTO users (name, created_at) VALUES (?, ?)').run(trimmed, new Date(this.now()).toISOString());
    return this.summary(this.user(trimmed));
  }

  /**
   * Deletes a user with their events, aggregates, feedback and shown suggestions, and
   * nothing else. The default user is cleared instead (it stays, empty, for whoever uses
   * Lectern without choosing a profile); the last user can never be deleted.
   */
  deleteUser(name: string): { deleted: string; events: number; entities: number } {
    const user = this.user(name);
    return this.db.transaction(() => {
      const events = this.count('SELECT count(*) AS n FROM events WHERE user_id = ?', user.id);
      const entities = this.count('SELECT count(*) AS n FROM user_entities WHERE user_id = ?', user.id);
      if (user.name.toLowerCase() === DEFAULT_USER) {
        for (const table of ['events', 'user_entities', 'user_entity_documents', 'suggestion_feedback', 'shown_suggestions']) {
          this.sql(`DELETE FROM ${table} WHERE user_id = ?`).run(user.id);
        }
      } else {
        if (this.count('SELECT count(*) AS n FROM users') <= 1)
          throw new LecternError('INVALID_ARGUMENT', `"${user.name}" is the only user, and Lectern needs one. Create another user first.`);
        // Every table of the user's rows references users (id) ON DELETE CASCADE.
        this.sql('DELETE FROM users WHERE id = ?').run(user.id);
      }
      return { deleted: user.name, events, entities };
    })();
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
    const events = this.sql(
      `
      SELECT type, at, document_id AS documentId, page, text, dwell_ms AS dwellMs, suggestion_key AS suggestionKey
      FROM events WHERE user_id = ? ORDER BY at, id`,
    ).all(user.id) as Array<{
      type: UserEventType;
      at: number;
      documentId: string | null;
      page: number | null;
      text: string | null;
      dwellMs: number | null;
      suggestionKey: string | null;
    }>;
    const feedback = this.sql(`SELECT suggestion_key AS suggestionKey, state, at FROM suggestion_feedback WHERE user_id = ? ORDER BY at`).all(user.id) as Array<{
      suggestionKey: string;
      state: 'accepted' | 'dismissed';
      at: number;
    }>;
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
    if (!this.sql('SELECT 1 FROM entities WHERE id = ?').get(entityId)) {
      throw new LecternError('INVALID_ARGUMENT', `There is no entity ${entityId} in this library. Pick one from the profile's list.`);
    }
    const now = this.now();
    this.db.transaction(() => {
      this.sql(
        `
        INSERT INTO user_entities (user_id, entity_id, interest, interest_at, familiarity, asked, last_seen, blocked) VALUES (@user, @entity, 0, @now, 0, 0, @now, 1)
        ON CONFLICT (user_id, entity_id) DO UPDATE SET interest = 0, interest_at = @now, familiarity = 0, asked = 0, blocked = 1`,
      ).run({ user: user.id, entity: entityId, now });
      this.sql('DELETE FROM user_entity_documents WHERE user_id = ? AND entity_id = ?').run(user.id, entityId);
    })();
  }

  /** While paused, nothing is recorded and the profile stays as it is. */
  setLearning(name: string, paused: boolean): void {
    const user = this.user(name);
    this.sql('UPDATE users SET learning_paused = ? WHERE id = ?').run(paused ? 1 : 0, user.id);
  }

  /** Keeps events for `days`; older ones are deleted at once (the aggregates stay). */
  setRetention(name: string, days: number): void {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new LecternError('INVALID_ARGUMENT', `Keep events for 1 to 3650 days, not ${days}.`);
    const user = this.user(name);
    this.db.transaction(() => {
      this.sql('UPDATE users SET retention_days = ? WHERE id = ?').run(days, user.id);
      this.log.prune(user.id, days, this.now());
    })();
  }

  /**
   * Appends an event and learns from it, in one transaction. While learning is paused
   * nothing is written. A question (or an accepted or dismissed suggestion given by its
   * text) is logged with its suggestion key, so it is recognised when suggested later.
   */
  record(event: CommandArgs<'events:record'>): { recorded: boolean; entities: number } {
    const user = this.user(event.user);
    if (event.documentId && !this.sql('SELECT 1 FROM documents WHERE id = ?').get(event.documentId)) {
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
    return this.db.transaction(() => {
      this.log.append(user.id, { type: event.type, at: now, documentId, page: event.page ?? null, text, dwellMs: event.dwellMs ?? null, suggestionKey: key }, user.retentionDays);
      const links = this.resolver.resolve(user.id, { ...event, documentId: documentId ?? undefined }, key);
      if (event.type === 'accept' || event.type === 'dismiss') {
        this.sql(
          `
          INSERT INTO suggestion_feedback (user_id, suggestion_key, state, at) VALUES (?, ?, ?, ?)
          ON CONFLICT (user_id, suggestion_key) DO UPDATE SET state = excluded.state, at = excluded.at`,
        ).run(user.id, key, event.type === 'accept' ? 'accepted' : 'dismissed', now);
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
    })();
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
    const lastShown = this.sql('SELECT last_at AS lastAt FROM shown_suggestions WHERE user_id = ? AND suggestion_key = ?');
    return this.db.transaction(() => {
      let logged = 0;
      for (const s of suggestions) {
        const last = lastShown.get(user.id, s.key) as { lastAt: number } | undefined;
        if (!last || now - last.lastAt >= SHOWN_AGAIN_AFTER_MS) {
          this.log.append(user.id, { type: 'shown', at: now, documentId: s.documentId, page: null, text: s.text, dwellMs: null, suggestionKey: s.key }, user.retentionDays);
          logged++;
        }
        this.rememberShown(user.id, s.key, s.documentId, s.text, s.entityIds, last && now - last.lastAt < SHOWN_AGAIN_AFTER_MS ? last.lastAt : now);
      }
      return logged;
    })();
  }

  /** The user's row id; throws USER_NOT_FOUND with the names there are. */
  userId(name: string): number {
    return this.user(name).id;
  }

  private rememberShown(userId: number, key: string, documentId: string | null, text: string, entityIds: readonly number[], at: number): void {
    this.sql(
      `
      INSERT INTO shown_suggestions (user_id, suggestion_key, document_id, text, entity_ids, times, last_at) VALUES (?, ?, ?, ?, ?, 1, ?)
      ON CONFLICT (user_id, suggestion_key) DO UPDATE SET text = excluded.text, entity_ids = excluded.entity_ids, times = times + 1, last_at = excluded.last_at`,
    ).run(userId, key, documentId, text, JSON.stringify(entityIds), at);
  }

  private find(name: string): UserRow | undefined {
    return this.sql(`${USER_SELECT} WHERE name = ?`).get(name.trim()) as UserRow | undefined;
  }

  private user(name: string): UserRow {
    const row = this.find(name);
    if (row) return row;
    const names = (this.sql('SELECT name FROM users ORDER BY id').all() as Array<{ name: string }>).map((r) => r.name);
    throw new LecternError('USER_NOT_FOUND', `There is no user named "${name.trim()}". Users in this library: ${names.join(', ')}. Pick one of them, or create the user first.`);
  }

  private summary(row: UserRow): UserSummary {
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      learningPaused: row.paused === 1,
      retentionDays: row.retentionDays,
      events: this.count('SELECT count(*) AS n FROM events WHERE user_id = ?', row.id),
    };
  }

  private entityRows(userId: number): EntityRow[] {
    return this.sql(
      `
      SELECT u.entity_id AS entityId, e.name AS entity, e.kind, u.interest, u.interest_at AS interestAt, u.familiarity, u.asked, u.last_seen AS lastSeen, u.blocked
      FROM user_entities u JOIN entities e ON e.id = u.entity_id WHERE u.user_id = ? ORDER BY u.entity_id`,
    ).all(userId) as EntityRow[];
  }

  /** A prepared statement, prepared once per text. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private count(sql: string, ...params: unknown[]): number {
    return (this.sql(sql).get(...params) as { n: number }).n;
  }
}

const USER_SELECT = 'SELECT id, name, created_at AS createdAt, learning_paused AS paused, retention_days AS retentionDays FROM users';

function profileEntity(row: EntityRow, score: number): ProfileEntity {
  return { entityId: row.entityId, entity: row.entity, kind: row.kind, score: round(score) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
