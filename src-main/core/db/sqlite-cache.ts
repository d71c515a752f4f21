// SQLite-only, per connection: prepared statements kept for reuse under Kysely, and a signal when chosen tables change.
// Kysely prepares every query afresh; SQL text repeats (the builder's output for a given call shape), so the statement for
// each text is kept, in a bounded least-recently-used list because IN-lists of varying length each make a new text.
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { SqliteHandle } from './sqlite';

/** How many distinct statements one connection keeps prepared. */
export const STATEMENT_CACHE_SIZE = 500;

/** The connection as Kysely's SqliteDialect sees it, with `prepare` answered from the cache when it can be. */
export function withStatementCache(sqlite: SqliteHandle, size = STATEMENT_CACHE_SIZE): SqliteDatabase & { cachedStatements(): number } {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        // Move to the most recently used end.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
    close(): void {
      cache.clear();
      sqlite.close();
    },
    cachedStatements: () => cache.size,
  };
}

/**
 * Calls `changed(table)` whenever a row of one of `tables` is inserted, updated or deleted on this connection — by any
 * code, inside any transaction (TEMP triggers: they belong to this connection only and vanish with it; nothing is
 * written to the file). Changes made by another connection show in `PRAGMA data_version`, read by `externalChange`.
 */
export function watchTables(sqlite: SqliteHandle, tables: readonly string[], changed: (table: string) => void): { externalChange(): boolean } {
  sqlite.function('rcd_table_changed', { deterministic: false }, (table: unknown) => {
    changed(String(table));
    return null;
  });
  for (const t of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS rcd_watch_${t}_${event.toLowerCase()} AFTER ${event} ON main.${t} BEGIN SELECT rcd_table_changed('${t}'); END`);
    }
  }
  const version = sqlite.prepare('PRAGMA data_version').pluck();
  let seen = version.get();
  return {
    externalChange() {
      const now = version.get();
      if (now === seen) return false;
      seen = now;
      return true;
    },
  };
}
