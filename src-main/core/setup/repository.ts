// Reading what the set-up checklist is worked out from: how many of each planning record there are (its settings rows
// are read through settings/repository.ts).
import type { Db } from '../api/handlers';

async function count(query: Promise<{ n: number | string | bigint } | undefined>): Promise<number> {
  return Number((await query)?.n ?? 0);
}

/** How many terms, closures, venues, rooms, courses, facilitators and staff the college has set up. */
export async function setupCounts(db: Db) {
  const terms = await count(db.selectFrom('terms').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  const closures = await count(db.selectFrom('closures').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  // A venue counts once it has a room still in use: sessions are booked into rooms.
  const venuesWithRooms = await count(
    db
      .selectFrom('venues')
      .where('venues.active', '=', 1)
      .where((eb) => eb.exists(eb.selectFrom('rooms').select('rooms.id').whereRef('rooms.venue_id', '=', 'venues.id').where('rooms.active', '=', 1)))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  );
  const rooms = await count(
    db
      .selectFrom('rooms')
      .innerJoin('venues', 'venues.id', 'rooms.venue_id')
      .where('rooms.active', '=', 1)
      .where('venues.active', '=', 1)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  );
  const venuesOnly = await count(db.selectFrom('venues').where('active', '=', 1).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  const courses = await count(db.selectFrom('courses').where('retired_at', 'is', null).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  const facilitators = await count(db.selectFrom('facilitators').where('active', '=', 1).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  const peerTrainers = await count(
    db.selectFrom('facilitators').where('active', '=', 1).where('kind', '=', 'peer_trainer').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  );
  const staff = await count(db.selectFrom('staff').where('active', '=', 1).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
  return { terms, closures, venuesWithRooms, rooms, venuesOnly, courses, facilitators, peerTrainers, staff };
}

/** Has a member of staff added a rate or limit themselves (the ready-made ones have no author)? */
export async function anyRateAddedByStaff(db: Db): Promise<boolean> {
  let added = false;
  for (const table of ['mileage_rates', 'involvement_rates', 'benefit_limits'] as const) {
    added ||= (await db.selectFrom(table).select('id').where('created_by', 'is not', null).limit(1).executeTakeFirst()) !== undefined;
  }
  return added;
}
