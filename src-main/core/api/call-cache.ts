// What every call checks, kept in memory between calls: the signed-in person's account and the college's settings.
// Dropped the moment a row of `staff` or `settings` changes on this connection (by any code: TEMP triggers, see
// db/sqlite-cache.ts) or the file is changed by another connection, so a deactivated account or a shorter idle lock
// takes effect on the very next call, exactly as when both were re-read every time. Read on the read connection.
// On the college's server another desk can change either at any moment, unseen by this desk's connection: there both
// are read afresh on every call (two indexed look-ups).
import type { Settings, SignedInStaff } from '../../contract/staff';
import type { OpenedDatabase } from '../db/open';
import type { OpenedServer } from '../db/postgres';
import { watchTables } from '../db/sqlite-cache';
import { readSettings } from '../settings/settings';
import { toSignedIn } from '../staff/staff';

export class CallCache {
  /** Staff id → their account as signed in, or null for an account that is gone or deactivated. */
  private readonly staff = new Map<number, SignedInStaff | null>();
  private settingsNow: Settings | null = null;
  /** Bumped on every drop: a read that began before a change must not store what it read. */
  private generation = 0;
  private readonly watch: { externalChange(): boolean };

  constructor(private readonly opened: OpenedDatabase | OpenedServer) {
    this.watch = opened.engine === 'sqlite' ? watchTables(opened.sqlite, ['staff', 'settings'], () => this.drop()) : { externalChange: () => true };
  }

  drop(): void {
    this.staff.clear();
    this.settingsNow = null;
    this.generation++;
  }

  /**
   * Reads go to the read connection (the last committed state), so they never wait for a write in progress. What is
   * read may be kept only if no write was under way when the read began (it could hold an uncommitted change to
   * these tables, already signalled) and nothing changed while it ran.
   */
  private mayKeep(): () => boolean {
    const generation = this.generation;
    if (this.opened.engine !== 'sqlite') return () => false;
    const writing = this.opened.sqlite.inTransaction;
    return () => !writing && generation === this.generation;
  }

  /** The account behind a session, or null if it no longer exists or has been deactivated. */
  async signedIn(staffId: number): Promise<SignedInStaff | null> {
    if (this.watch.externalChange()) this.drop();
    let value = this.staff.get(staffId);
    if (value === undefined) {
      const keep = this.mayKeep();
      const row = await this.opened.reader.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirst();
      value = row && row.active === 1 ? toSignedIn(row) : null;
      if (keep()) this.staff.set(staffId, value);
    }
    return value ? { ...value } : null;
  }

  async settings(): Promise<Settings> {
    if (this.watch.externalChange()) this.drop();
    if (!this.settingsNow) {
      const keep = this.mayKeep();
      const s = await readSettings(this.opened.reader);
      if (!keep()) return s;
      this.settingsNow = s;
    }
    return { ...this.settingsNow };
  }
}
