import type { Database } from 'better-sqlite3';
import type { CommandArgs } from '../api/commands.js';
import type { ProfileExport, UserProfile, UserSummary } from '../api/types.js';

/** Local users, their bounded event logs and the aggregates (interest, familiarity) learnt from them. */
export class ProfileStore {
  constructor(private readonly db: Database, private readonly now: () => number = Date.now) {}

  listUsers(): UserSummary[] {
    void this.db;
    void this.now;
    throw new Error('ProfileStore.listUsers: not implemented yet');
  }

  createUser(_name: string): UserSummary {
    throw new Error('not implemented yet');
  }

  deleteUser(_name: string): { deleted: string; events: number; entities: number } {
    throw new Error('not implemented yet');
  }

  profile(_user: string, _limit?: number): UserProfile {
    throw new Error('not implemented yet');
  }

  exportProfile(_user: string): ProfileExport {
    throw new Error('not implemented yet');
  }

  forget(_user: string, _entityId: number): void {
    throw new Error('not implemented yet');
  }

  setLearning(_user: string, _paused: boolean): void {
    throw new Error('not implemented yet');
  }

  setRetention(_user: string, _days: number): void {
    throw new Error('not implemented yet');
  }

  record(_event: CommandArgs<'events:record'>): { recorded: boolean; entities: number } {
    throw new Error('not implemented yet');
  }
}
