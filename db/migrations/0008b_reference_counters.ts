// Migration 0008b (frozen once landed): counters for human references (RC-…, EXP-…, PB-…). A reference is taken by
// `update counters set next = next + 1 … returning` in the same transaction as the row it names, so a number is never
// handed out twice — not after a discard, and not with several writers. Seeded past every number already used.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next', 'integer', (c) => c.notNull().check(sql`next >= 1`))
    .execute();
  // The next number is past both the highest row id and the highest number in any reference already written.
  const seed = (name: string, table: string, prefixLength: number) => sql`
    insert into counters (name, next)
    select ${name}, 1 + max(coalesce(max(id), 0), coalesce(max(cast(substr(reference, ${prefixLength + 1}) as integer)), 0))
    from ${sql.table(table)}
  `;
  await seed('student', 'students', 'RC-'.length).execute(db);
  await seed('claim', 'claims', 'EXP-'.length).execute(db);
  await seed('payment_batch', 'payment_batches', 'PB-'.length).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('counters').execute();
}
