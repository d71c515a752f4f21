// Training-database timetable: a few years of past terms, this and next term's courses, venues, rooms, facilitators (some
// peer trainers who were students), runs with sessions that skip closures and bank holidays, and enrolments with waiting
// lists — all fictional.
// Built clash-free by construction (one run per room per weekly slot, facilitators never double-booked), inserted directly.
import type { Faker } from '@faker-js/faker';
import type { Insertable, Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { collegeToday } from '../../contract/dates';
import type { Database } from '../db/schema';
import type { SchedulingTables } from './tables';
import { addMinutes, sessionTimes } from './times';
import { demoFirstName, demoPhone, demoSurname } from '../demo/people';

const COURSES: { title: string; category: string; sessions: number; minutes: number; capacity: number; peer?: boolean; description: string }[] = [
  { title: 'Understanding Anxiety', category: 'Understanding mental health', sessions: 6, minutes: 120, capacity: 14, description: 'What anxiety is, how it shows up, and ways people manage it day to day.' },
  { title: 'Living Well with Depression', category: 'Understanding mental health', sessions: 6, minutes: 120, capacity: 12, description: 'Sharing what helps, from people who have been there.' },
  { title: 'Introduction to Recovery', category: 'Recovery and wellbeing', sessions: 4, minutes: 120, capacity: 16, description: 'What recovery can mean, hope, control and opportunity.' },
  { title: 'Building Resilience', category: 'Recovery and wellbeing', sessions: 5, minutes: 120, capacity: 14, description: 'Noticing strengths and bouncing back from setbacks.' },
  { title: 'Sleep Well', category: 'Living well', sessions: 3, minutes: 90, capacity: 16, description: 'Practical ways to improve sleep.' },
  { title: 'Mindfulness for Beginners', category: 'Living well', sessions: 6, minutes: 90, capacity: 12, description: 'Gentle, practical mindfulness in a relaxed group.' },
  { title: 'Creative Writing for Wellbeing', category: 'Creative', sessions: 8, minutes: 120, capacity: 10, description: 'Writing for pleasure and reflection; no experience needed.' },
  { title: 'Art and Wellbeing', category: 'Creative', sessions: 8, minutes: 120, capacity: 10, description: 'Drawing and painting as a way to relax and express.' },
  { title: 'Understanding Psychosis', category: 'Understanding mental health', sessions: 4, minutes: 120, capacity: 12, description: 'Experiences, language and recovery stories.' },
  { title: 'Hearing Voices: Sharing Experiences', category: 'Understanding mental health', sessions: 4, minutes: 120, capacity: 10, description: 'A safe space to talk about hearing voices.' },
  { title: 'Managing Stress', category: 'Living well', sessions: 4, minutes: 120, capacity: 16, description: 'Spotting stress early and what to do about it.' },
  { title: 'Confidence and Self-Esteem', category: 'Recovery and wellbeing', sessions: 6, minutes: 120, capacity: 14, description: 'Small steps to feeling better about yourself.' },
  { title: 'Back to Work and Study', category: 'Life skills', sessions: 6, minutes: 120, capacity: 12, description: 'Thinking about work, volunteering or study, at your own pace.' },
  { title: 'Money and Mental Health', category: 'Life skills', sessions: 3, minutes: 120, capacity: 14, description: 'Benefits, budgeting and where to get advice.' },
  { title: 'Wellness Recovery Action Planning (WRAP)', category: 'Recovery and wellbeing', sessions: 8, minutes: 150, capacity: 12, description: 'Writing your own plan for staying well.' },
  { title: 'Understanding Bipolar', category: 'Understanding mental health', sessions: 4, minutes: 120, capacity: 12, description: 'Mood, patterns and what helps.' },
  { title: 'Healthy Eating on a Budget', category: 'Living well', sessions: 3, minutes: 120, capacity: 12, description: 'Simple, cheap and nourishing food.' },
  { title: 'Walking for Wellbeing', category: 'Living well', sessions: 6, minutes: 90, capacity: 16, description: 'Gentle group walks along the seafront.' },
  { title: 'Peer Support: Sharing Your Story Safely', category: 'Peer training', sessions: 6, minutes: 150, capacity: 10, peer: true, description: 'Using lived experience to support others, safely.' },
  { title: 'Co-facilitation Skills', category: 'Peer training', sessions: 8, minutes: 150, capacity: 10, peer: true, description: 'The pathway from student to peer trainer: planning and running a session.' },
  { title: 'Carers: Looking After Yourself', category: 'Carers and families', sessions: 4, minutes: 120, capacity: 14, description: 'For people supporting someone with mental-health difficulties.' },
  { title: 'Understanding Trauma', category: 'Understanding mental health', sessions: 5, minutes: 120, capacity: 12, description: 'How trauma affects us and routes to recovery.' },
];

const VENUES = [
  { name: 'Recovery College Hub', address: '12 Clarence Street, Southend-on-Sea', notes: 'Step-free throughout; accessible toilet; hearing loop in the Training Room.' },
  { name: 'Leigh Community Centre', address: 'Elm Road, Leigh-on-Sea', notes: 'Ramp at the side entrance; first-floor rooms by lift.' },
  { name: 'Shoeburyness Library', address: 'Shoeburyness High Street', notes: 'Ground floor only; quiet room available for breaks.' },
  { name: 'Westcliff Friends Meeting House', address: 'Westcliff-on-Sea', notes: 'Two steps at the front door, portable ramp on request.' },
  { name: 'Rayleigh Wellbeing Centre', address: 'High Street, Rayleigh', notes: 'Step-free; parking for blue-badge holders.' },
];
const ROOM_NAMES = ['Training Room', 'Garden Room', 'Studio', 'Meeting Room 1', 'Meeting Room 2', 'Quiet Room'];
const SLOTS = ['10:00', '13:30', '18:00'] as const;

interface TermPlan {
  name: string;
  startsOn: string;
  endsOn: string;
  halfTerm: [string, string];
}

/** The college's three terms a year (Spring, Summer, Autumn), each with a half-term week. Dates roughly follow Essex schools. */
function termsOfYear(y: number): TermPlan[] {
  const monday = (iso: string) => {
    const d = DateTime.fromISO(iso);
    return d.minus({ days: d.weekday - 1 });
  };
  const mk = (name: string, start: string, weeks: number, halfTermWeek: number): TermPlan => {
    const s = monday(start);
    const e = s.plus({ weeks, days: -3 });
    const h = s.plus({ weeks: halfTermWeek });
    return { name, startsOn: s.toISODate() as string, endsOn: e.toISODate() as string, halfTerm: [h.toISODate() as string, h.plus({ days: 4 }).toISODate() as string] };
  };
  return [mk(`Spring ${y}`, `${y}-01-06`, 12, 6), mk(`Summer ${y}`, `${y}-04-20`, 13, 5), mk(`Autumn ${y}`, `${y}-09-07`, 15, 7)];
}

/** `yearsBack` years of past terms (three a year), this term (or the next one, in a holiday) and the one after. */
function chooseTerms(today: string, yearsBack: number): TermPlan[] {
  const y = Number(today.slice(0, 4));
  const all = Array.from({ length: yearsBack + 3 }, (_, k) => termsOfYear(y - yearsBack - 1 + k)).flat();
  const currentOrNext = all.findIndex((t) => t.endsOn >= today);
  return all.slice(currentOrNext - 3 * yearsBack, currentOrNext + 2);
}

export async function fillSchedulingDemo(
  db: Kysely<Database>,
  faker: Faker,
  scale: number,
  now: Date,
  options: { yearsBack?: number; progress?: (fraction: number) => Promise<void> } = {},
): Promise<void> {
  const stamp = now.toISOString();
  const today = collegeToday(now);
  const terms = chooseTerms(today, Math.max(1, options.yearsBack ?? 1));
  const nextTerm = terms.length - 1;
  const runsPerTerm = Math.max(12, Math.min(500, Math.round(scale / 40)));
  const roomCount = Math.max(3, Math.ceil(runsPerTerm / 10));
  const facilitatorCount = Math.max(8, roomCount * 4);

  await db.transaction().execute(async (trx) => {
    // Catalogue: one course retired to show how history is kept.
    const courseIds: { id: number; c: (typeof COURSES)[number] }[] = [];
    for (const [i, c] of COURSES.entries()) {
      const { id } = await trx
        .insertInto('courses')
        .values({
          title: c.title,
          description: c.description,
          category: c.category,
          sessions_count: c.sessions,
          default_session_minutes: c.minutes,
          default_capacity: c.capacity,
          co_produced: 1,
          peer_training: c.peer ? 1 : 0,
          retired_at: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (i !== COURSES.length - 1) courseIds.push({ id, c });
    }
    await trx.updateTable('courses').set({ retired_at: stamp }).where('title', '=', COURSES[COURSES.length - 1].title).execute();

    // Terms and closures (half-terms per term, Christmas for the whole college).
    const termIds: number[] = [];
    for (const t of terms) {
      const { id } = await trx.insertInto('terms').values({ name: t.name, starts_on: t.startsOn, ends_on: t.endsOn, created_at: stamp }).returning('id').executeTakeFirstOrThrow();
      termIds.push(id);
      await trx.insertInto('closures').values({ term_id: id, starts_on: t.halfTerm[0], ends_on: t.halfTerm[1], description: 'Half-term' }).execute();
    }
    for (const y of new Set(terms.map((t) => Number(t.startsOn.slice(0, 4))))) {
      await trx.insertInto('closures').values({ term_id: null, starts_on: `${y}-12-22`, ends_on: `${y + 1}-01-02`, description: 'Christmas and New Year' }).execute();
    }
    const closed = new Set<string>();
    for (const c of await trx.selectFrom('closures').selectAll().execute()) {
      for (let d = DateTime.fromISO(c.starts_on); (d.toISODate() as string) <= c.ends_on; d = d.plus({ days: 1 })) closed.add(d.toISODate() as string);
    }
    for (const b of await trx.selectFrom('bank_holidays').select('date').execute()) closed.add(b.date);

    // Venues and rooms.
    const rooms: { id: number; venueId: number; capacity: number }[] = [];
    const venueIds: number[] = [];
    for (let r = 0; r < roomCount; r++) {
      const v = Math.floor(r / 3);
      if (venueIds[v] === undefined) {
        const base = VENUES[v % VENUES.length];
        const name = v < VENUES.length ? base.name : `${base.name} (annexe ${Math.floor(v / VENUES.length)})`;
        venueIds[v] = (await trx.insertInto('venues').values({ name, address: base.address, accessibility_notes: base.notes }).returning('id').executeTakeFirstOrThrow()).id;
      }
      const capacity = faker.helpers.arrayElement([12, 16, 20, 24]);
      const { id } = await trx
        .insertInto('rooms')
        .values({ venue_id: venueIds[v], name: ROOM_NAMES[r % 3 + (v % 2) * 3], capacity, accessibility_notes: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      rooms.push({ id, venueId: venueIds[v], capacity });
    }

    // Facilitators: ~45% staff, ~40% peer trainers (half of them former students, linked), ~15% volunteers.
    const students = await trx.selectFrom('students').select(['id', 'first_name', 'surname', 'email']).orderBy('id').execute();
    const facilitators: { id: number; kind: 'staff' | 'peer_trainer' | 'volunteer' }[] = [];
    for (let i = 0; i < facilitatorCount; i++) {
      const kind = i % 20 < 9 ? 'staff' : i % 20 < 17 ? 'peer_trainer' : 'volunteer';
      const linked = kind === 'peer_trainer' && i % 2 === 0 && students.length > 0 ? students[(i * 37) % students.length] : null;
      const first = linked?.first_name ?? demoFirstName(faker);
      const last = linked?.surname ?? demoSurname(faker);
      if (linked && facilitators.length && (await trx.selectFrom('facilitators').select('id').where('student_id', '=', linked.id).executeTakeFirst())) continue;
      const { id } = await trx
        .insertInto('facilitators')
        .values({
          first_name: first,
          surname: last,
          kind,
          email: `${first}.${last}.${i}@example.org`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
          phone: demoPhone(faker),
          student_id: linked?.id ?? null,
          notes: kind === 'staff' ? null : faker.helpers.arrayElement([null, 'Prefers daytime sessions', 'Can drive to Shoeburyness']),
          created_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      facilitators.push({ id, kind });
    }
    const peers = facilitators.filter((f) => f.kind === 'peer_trainer');
    const others = facilitators.filter((f) => f.kind !== 'peer_trainer');

    // Runs: each in its own (room, weekday, slot) so rooms never clash; facilitators are tracked per weekly slot.
    const sessionRows: Insertable<SchedulingTables['sessions']>[] = [];
    const enrolRows: Insertable<SchedulingTables['enrolments']>[] = [];
    for (const [ti, t] of terms.entries()) {
      const busy = new Map<string, Set<number>>();
      const slots = faker.helpers.shuffle(rooms.flatMap((room) => [1, 2, 3, 4, 5].flatMap((weekday) => SLOTS.map((time) => ({ room, weekday, time })))));
      // Next term is still filling its timetable; earlier years were a little smaller (the college has grown).
      const grown = 1 - 0.25 * Math.max(0, (nextTerm - 1 - ti) / Math.max(1, nextTerm - 1));
      const runsHere = ti === nextTerm ? Math.ceil(runsPerTerm * 0.6) : Math.round(runsPerTerm * grown);
      for (let r = 0; r < runsHere && r < slots.length; r++) {
        const { room, weekday, time } = slots[r];
        const { id: courseId, c } = courseIds[(r * 5 + ti) % courseIds.length];
        const slotKey = `${weekday} ${time}`;
        const taken = busy.get(slotKey) ?? new Set<number>();
        busy.set(slotKey, taken);
        const free = (list: typeof facilitators) => faker.helpers.shuffle(list.filter((f) => !taken.has(f.id)));
        // About one run in eight falls short of the co-delivery standard (no peer trainer free), as in real life.
        const team = [free(others)[0], r % 8 === 5 ? undefined : free(peers)[0]].filter((f): f is (typeof facilitators)[number] => !!f);
        for (const f of team) taken.add(f.id);
        const capacity = Math.min(c.capacity, room.capacity);
        const { id: runId } = await trx
          .insertInto('course_runs')
          .values({ course_id: courseId, term_id: termIds[ti], venue_id: room.venueId, room_id: room.id, capacity, notes: null, created_at: stamp, updated_at: stamp })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (team.length) {
          await trx
            .insertInto('course_run_facilitators')
            .values(team.map((f, k) => ({ course_run_id: runId, facilitator_id: f.id, role: k === 0 ? ('lead' as const) : ('co' as const) })))
            .execute();
        }

        // Weekly sessions from a week or two into the term, skipping closed days, stopping at the term's end.
        const endTime = addMinutes(time, time === '18:00' ? Math.min(c.minutes, 120) : c.minutes) as string;
        // Start weeks spread across the term, so every week (this one included) has sessions running.
        const termWeeks = Math.floor(DateTime.fromISO(t.endsOn).diff(DateTime.fromISO(t.startsOn), 'weeks').weeks) + 1;
        // In the term under way, every third run is timed to be half-way through today, so there are always runs
        // with registers already taken and sessions still to come (this week's Today, the follow-up list).
        const weeksIn = Math.floor(DateTime.fromISO(today).diff(DateTime.fromISO(t.startsOn), 'weeks').weeks);
        const underWay = t.startsOn <= today && today <= t.endsOn && r % 3 === 0;
        const startWeek = underWay ? Math.max(0, Math.min(weeksIn - Math.floor(c.sessions / 2), termWeeks - c.sessions)) : r % Math.max(1, termWeeks - c.sessions);
        let day = DateTime.fromISO(t.startsOn).plus({ weeks: startWeek, days: weekday - 1 });
        let made = 0;
        for (; made < c.sessions && (day.toISODate() as string) <= t.endsOn; day = day.plus({ weeks: 1 })) {
          const date = day.toISODate() as string;
          if (closed.has(date)) continue;
          const times = sessionTimes(date, time, endTime);
          const cancelled = date < today && faker.number.float() < 0.03;
          sessionRows.push({
            course_run_id: runId,
            room_id: room.id,
            date,
            start_time: time,
            end_time: endTime,
            starts_at: times.startsAt,
            ends_at: times.endsAt,
            status: cancelled ? 'cancelled' : 'scheduled',
            cancel_reason: cancelled ? faker.helpers.arrayElement(['Facilitator unwell', 'Venue unavailable', 'Snow']) : null,
            created_at: stamp,
            updated_at: stamp,
          });
          made++;
        }

        // Enrolments: past and current runs mostly full, next term's filling up; some waiting lists and withdrawals.
        if (students.length === 0) continue;
        const fill = ti === nextTerm ? faker.number.float({ min: 0.2, max: 0.7 }) : faker.number.float({ min: 0.6, max: 1.25 });
        // People join over the years: each term draws on a few more of the students (in the order they were made),
        // so every term has newcomers as well as people coming back.
        const pool = students.slice(0, Math.max(1, Math.ceil(students.length * (0.5 + (0.5 * (ti + 1)) / terms.length))));
        const wanted = Math.min(pool.length, Math.round(capacity * fill));
        const picked = faker.helpers.arrayElements(pool, wanted);
        const enrolledOn = DateTime.fromISO(t.startsOn).minus({ weeks: 3 });
        for (const [k, s] of picked.entries()) {
          const onList = k >= capacity;
          const withdrawn = !onList && picked.length <= capacity && ti < nextTerm && faker.number.float() < 0.08 && (enrolledOn.plus({ weeks: 4 }).toISODate() as string) <= today;
          const on = enrolledOn.plus({ days: k }).toISODate() as string;
          enrolRows.push({
            course_run_id: runId,
            student_id: s.id,
            status: onList ? 'waiting' : withdrawn ? 'withdrawn' : 'enrolled',
            enrolled_on: onList ? null : on,
            waiting_since: onList ? `${on}T10:${String(k % 60).padStart(2, '0')}:00.000Z` : null,
            promoted_at: null,
            withdrawn_on: withdrawn ? (enrolledOn.plus({ weeks: 4 }).toISODate() as string) : null,
            withdraw_reason: withdrawn ? faker.helpers.arrayElement(['Started work', 'Unwell', 'Caring responsibilities', 'Moved away', 'Not the right time']) : null,
            created_at: stamp,
            updated_at: stamp,
          });
        }
      }
      await options.progress?.((0.7 * (ti + 1)) / terms.length);
    }
    for (let i = 0; i < sessionRows.length; i += 500) await trx.insertInto('sessions').values(sessionRows.slice(i, i + 500)).execute();
    await options.progress?.(0.85);
    for (let i = 0; i < enrolRows.length; i += 500) await trx.insertInto('enrolments').values(enrolRows.slice(i, i + 500)).execute();
  });
}

/** The hook the training-database generator runs (after students exist). */
export const schedulingDemoFiller = (ctx: { db: Kysely<Database>; faker: Faker; scale: number; now: Date; yearsBack: number; progress(f: number): Promise<void> }): Promise<void> =>
  fillSchedulingDemo(ctx.db, ctx.faker, ctx.scale, ctx.now, { yearsBack: ctx.yearsBack, progress: (f) => ctx.progress(f) });
