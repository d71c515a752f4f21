// Fictional outcomes for the training database: questionnaires, destinations and satisfaction forms for the demo
// students already enrolled on demo course runs. Deterministic (seeded), so every training database looks alike.
import type { Insertable, Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { collegeToday } from '../../contract/dates';
import { WELLBEING_SCALE_ITEMS, type DestinationKind, type WellbeingScale } from '../../contract/outcomes';
import type { Database } from '../db/schema';
import { readSettings } from '../settings/settings';
import { questionnaireColumns } from './outcomes';
import { seeded } from '../demo/random';

const COMMENTS = [
  'Friendly and welcoming, I felt listened to.',
  'Hearing from the peer trainer made a real difference.',
  'Would have liked a longer break.',
  'The room was a bit cold.',
  'I learned ways to cope I will keep using.',
  null,
  null,
];

export interface OutcomesDemoResult {
  questionnaires: number;
  destinations: number;
  satisfaction: number;
}

export async function fillOutcomesDemo(
  db: Kysely<Database>,
  now: Date,
  options: { seed?: number; staffId?: number; progress?: (fraction: number) => Promise<void> } = {},
): Promise<OutcomesDemoResult> {
  const random = seeded(options.seed ?? 20251120);
  const today = collegeToday(now);
  const staffId = options.staffId ?? (await db.selectFrom('staff').select('id').orderBy('id').executeTakeFirst())?.id;
  if (staffId === undefined) return { questionnaires: 0, destinations: 0, satisfaction: 0 };
  const { wellbeingScale } = await readSettings(db);
  const scale: WellbeingScale = wellbeingScale;
  const n = WELLBEING_SCALE_ITEMS[scale];
  const at = now.toISOString();

  const places = await db
    .selectFrom('enrolments as e')
    .innerJoin('sessions as s', (j) => j.onRef('s.course_run_id', '=', 'e.course_run_id').on('s.status', '=', 'scheduled'))
    .select(['e.student_id', 'e.course_run_id', 'e.enrolled_on'])
    .select((eb) => eb.fn.max('s.date').as('last'))
    .where('e.status', '=', 'enrolled')
    .where('e.enrolled_on', 'is not', null)
    .groupBy(['e.student_id', 'e.course_run_id', 'e.enrolled_on'])
    .orderBy('e.enrolled_on')
    .orderBy('e.student_id')
    .execute();

  const answers = (level: number): (number | null)[] =>
    Array.from({ length: n }, () => Math.min(5, Math.max(1, Math.round(level + (random() - 0.5) * 2))));
  const result: OutcomesDemoResult = { questionnaires: 0, destinations: 0, satisfaction: 0 };
  const baselineDone = new Set<number>();
  const level = new Map<number, number>();
  const rows: Insertable<Database['questionnaires']>[] = [];
  const add = (studentId: number, courseRunId: number | null, timepoint: 'baseline' | 'end' | '3m' | '6m', on: string, items: (number | null)[]) => {
    if (on > today) return;
    rows.push({
      student_id: studentId,
      course_run_id: courseRunId,
      scale,
      timepoint,
      completed_on: on,
      ...questionnaireColumns({ scale, items }),
      entered_by: staffId,
      entered_at: at,
      updated_at: at,
    });
  };

  for (const p of places) {
    const enrolledOn = p.enrolled_on!;
    if (!baselineDone.has(p.student_id)) {
      baselineDone.add(p.student_id);
      const start = 2.2 + random() * 1.3;
      level.set(p.student_id, start);
      const items = answers(start);
      if (random() < 0.03) items[Math.floor(random() * n)] = null; // a few left a question blank
      add(p.student_id, null, 'baseline', enrolledOn, items);
    }
    const last = p.last as string | null;
    if (!last || last > today || random() > 0.75) continue;
    const after = (level.get(p.student_id) ?? 3) + random() * 0.9 - 0.15;
    level.set(p.student_id, after);
    add(p.student_id, p.course_run_id, 'end', last, answers(after));
    const lastDay = DateTime.fromISO(last);
    if (random() < 0.35) add(p.student_id, p.course_run_id, '3m', lastDay.plus({ months: 3, days: Math.floor(random() * 10) }).toISODate()!, answers(after + 0.1));
    if (random() < 0.2) add(p.student_id, p.course_run_id, '6m', lastDay.plus({ months: 6, days: Math.floor(random() * 10) }).toISODate()!, answers(after + 0.15));
  }

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx.insertInto('questionnaires').values(rows.slice(i, i + 200)).execute();
      if (i % 4000 === 0) await options.progress?.((0.8 * i) / rows.length);
    }
    result.questionnaires = rows.length;

    const kinds: DestinationKind[] = ['paid_work_started', 'paid_work_kept', 'education_started', 'volunteering_started'];
    const destinations: Insertable<Database['destinations']>[] = [];
    for (const p of places) {
      const last = p.last as string | null;
      if (!last || last > today || random() > 0.08) continue;
      const kind = kinds[Math.floor(random() * kinds.length)];
      const on = DateTime.fromISO(last).plus({ days: Math.floor(random() * 60) }).toISODate()!;
      if (on > today) continue;
      destinations.push({
        student_id: p.student_id,
        kind,
        with_college: kind === 'volunteering_started' && random() < 0.5 ? 1 : 0,
        on_date: on,
        notes: null,
        entered_by: staffId,
        entered_at: at,
      });
    }
    for (let i = 0; i < destinations.length; i += 200) await trx.insertInto('destinations').values(destinations.slice(i, i + 200)).execute();
    result.destinations = destinations.length;

    const forms: Insertable<Database['satisfaction_responses']>[] = [];
    for (const p of places) {
      const last = p.last as string | null;
      if (!last || last > today || random() > 0.55) continue;
      const rating = random() < 0.05 ? null : Math.min(5, Math.max(1, Math.round(4.2 + (random() - 0.6) * 2)));
      forms.push({
        course_run_id: p.course_run_id,
        received_on: last,
        rating,
        would_recommend: random() < 0.08 ? null : random() < 0.88 ? 1 : 0,
        comment: COMMENTS[Math.floor(random() * COMMENTS.length)],
        entered_by: staffId,
        entered_at: at,
      });
    }
    for (let i = 0; i < forms.length; i += 200) await trx.insertInto('satisfaction_responses').values(forms.slice(i, i + 200)).execute();
    result.satisfaction = forms.length;
  });
  return result;
}

/** The training database's outcomes filler (runs after the timetable's), plus data-sharing consents for the extract. */
export const outcomesDemoFiller = async (ctx: { db: Kysely<Database>; now: Date; staff: { admin: number }; progress?(f: number): Promise<void> }): Promise<void> => {
  const random = seeded(7);
  const withNhs = await ctx.db
    .selectFrom('students')
    .select('id')
    .where('nhs_number', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('data_sharing_consents as c').select('c.id').whereRef('c.student_id', '=', 'students.id'))))
    .orderBy('id')
    .execute();
  const today = DateTime.fromISO(collegeToday(ctx.now));
  const consents = withNhs
    .filter(() => random() < 0.45)
    .map((s) => ({
      student_id: s.id,
      given_on: today.minus({ days: 30 + Math.floor(random() * 900) }).toISODate()!,
      withdrawn_on: null as string | null,
      recorded_by: ctx.staff.admin,
      recorded_at: ctx.now.toISOString(),
    }));
  for (const c of consents) if (random() < 0.05) c.withdrawn_on = today.minus({ days: Math.floor(random() * 25) }).toISODate()!;
  for (let i = 0; i < consents.length; i += 500) await ctx.db.insertInto('data_sharing_consents').values(consents.slice(i, i + 500)).execute();
  await fillOutcomesDemo(ctx.db, ctx.now, { staffId: ctx.staff.admin, progress: ctx.progress && ((f) => ctx.progress!(f)) });
};
