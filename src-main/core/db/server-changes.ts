// What other desks changed on the college's server, heard as it happens (issue 12): every write call's transaction
// sends a NOTIFY on one channel, delivered by PostgreSQL only when (and if) it commits; each desk's core LISTENs on its
// own connection and keeps a short numbered list of the areas others changed. A window asks `changes.since` every few
// seconds and refreshes the screens of those areas, so a register marked at reception appears on the coordinator's
// screen without reloading. PostgreSQL-only; a desk's own file has one writer, itself, and nothing to hear.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { ChangesSince } from '../../contract/changes';

export const CHANGES_CHANNEL = 'rcd_changes';

/** The list a window reads from: enough for a window that missed a few polls; older gaps mean "refresh everything". */
const KEEP = 500;
const RECONNECT_MS = 2_000;


export class ServerChanges {
  /** This core among the desks: its own changes are not announced back to it. */
  readonly desk = randomUUID();
  // From 1: a window that has asked once always asks with 1 or more, and 0 means "first time".
  private seq = 1;
  private readonly heard: { seq: number; area: string }[] = [];
  private client: pg.PoolClient | null = null;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** Starts listening (resolves once LISTEN is in place); a lost connection is replaced, and windows refresh everything. */
  async start(): Promise<void> {
    const client = await this.pool.connect();
    if (this.stopped) {
      client.release();
      return;
    }
    const onNotification = (m: pg.Notification) => this.hear(m.payload);
    const onError = (e: Error) => this.lost(client, e);
    client.on('notification', onNotification);
    client.on('error', onError);
    // Ours until given back: then these listeners go too, so an error on the connection afterwards (the server
    // closing it, the pool ending it) is the pool's business, never a second release here.
    this.detach = () => {
      client.off('notification', onNotification);
      client.off('error', onError);
    };
    this.client = client;
    try {
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      if (this.client === client) {
        this.detach();
        this.client = null;
        client.release(true);
      }
      throw e;
    }
  }

  /** Tries again shortly, and again after that, until listening again or stopped. */
  private reconnect(): void {
    if (this.stopped) return;
    this.retry = setTimeout(
      () =>
        void this.start().catch((e) => {
          console.error('[changes] listening for other desks’ changes again failed; trying again shortly:', (e as Error).message);
          this.reconnect();
        }),
      RECONNECT_MS,
    );
    this.retry.unref?.();
  }

  /** Removes this object's listeners from the connection it holds. */
  private detach: () => void = () => undefined;

  private lost(client: pg.PoolClient, e: Error): void {
    if (this.client !== client) return; // already given back
    console.error('[changes] the connection listening for other desks’ changes was lost:', e.message);
    this.detach();
    this.client = null;
    client.release(true);
    // Whatever was said while nobody listened is unknown: every window refreshes everything.
    this.heard.push({ seq: ++this.seq, area: '' });
    this.trim();
    this.reconnect();
  }

  private hear(payload: string | undefined): void {
    let message: { desk?: string; area?: string };
    try {
      message = JSON.parse(payload ?? '{}') as typeof message;
    } catch {
      return;
    }
    if (message.desk === this.desk || typeof message.area !== 'string') return;
    this.heard.push({ seq: ++this.seq, area: message.area });
    this.trim();
  }

  private trim(): void {
    if (this.heard.length > KEEP) this.heard.splice(0, this.heard.length - KEEP);
  }

  /** Announces, inside a write call's transaction, that it changed `area`; delivered to the other desks on commit. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any transaction
  async announce(trx: Kysely<any>, area: string): Promise<void> {
    await sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ desk: this.desk, area })})`.execute(trx);
  }

  /** What other desks changed after `after` (0 at first: nothing yet, just the number to start from). */
  since(after: number): ChangesSince {
    if (after <= 0) return { seq: this.seq, areas: [] };
    // A number from before this core started (the app was restarted under an open window): refresh everything.
    if (after > this.seq) return { seq: this.seq, areas: [''] };
    const oldest = this.heard[0]?.seq ?? this.seq + 1;
    if (after < oldest - 1) return { seq: this.seq, areas: [''] };
    const areas = new Set(this.heard.filter((h) => h.seq > after).map((h) => h.area));
    return { seq: this.seq, areas: areas.has('') ? [''] : [...areas] };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    if (!client) return;
    try {
      await client.query(`UNLISTEN ${CHANGES_CHANNEL}`);
    } catch {
      // closing anyway
    }
    if (this.client !== client) return; // lost meanwhile, and given back then
    this.detach();
    this.client = null;
    client.release();
  }
}
