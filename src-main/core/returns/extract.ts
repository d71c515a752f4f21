// The NHS-number-level extract for the data-sharing agreement (service-use evaluation): consenting students only.
import { stringify } from 'csv-stringify/sync';
import type { ResolvedPeriod } from '../../contract/returns';
import type { Db } from '../api/handlers';
import { ATTENDED_MARKS } from './definitions';
import { heldSessions } from './figures';
import { safeText } from '../files/spreadsheet';

/**
 * Consent rule: a student is included when they have a recorded consent given on or before the period's last day
 * that has not been withdrawn by the day the extract is run (withdrawn_on null, or after `today`). A withdrawal stops
 * all sharing from then on, including of earlier periods. Only students with an NHS number who attended (present or
 * late) at least one session held in the period are listed.
 */
export function consentingStudents(db: Db, period: { end: string }, today: string) {
  return db
    .selectFrom('data_sharing_consents as c')
    .select('c.student_id')
    .where('c.given_on', '<=', period.end)
    .where((eb) => eb.or([eb('c.withdrawn_on', 'is', null), eb('c.withdrawn_on', '>', today)]));
}

export const EXTRACT_COLUMNS = [
  'nhs_number',
  'date_of_birth',
  'gender_identity',
  'ethnic_category',
  'secondary_mh_services',
  'first_attended_in_period',
  'last_attended_in_period',
  'sessions_attended_in_period',
  'course_runs_attended_in_period',
] as const;

export async function buildExtract(db: Db, period: ResolvedPeriod, today: string): Promise<{ csv: Buffer; students: number }> {
  const rows = await heldSessions(db, period)
    .innerJoin('attendance as a', 'a.session_id', 's.id')
    .innerJoin('students as st', 'st.id', 'a.student_id')
    .where('a.mark', 'in', ATTENDED_MARKS)
    .where('st.nhs_number', 'is not', null)
    .where('st.id', 'in', consentingStudents(db, period, today))
    .select(['st.nhs_number', 'st.date_of_birth', 'st.gender_identity', 'st.ethnic_category', 'st.secondary_mh_services'])
    .select((eb) => [
      eb.fn.min('s.date').as('first'),
      eb.fn.max('s.date').as('last'),
      eb.fn.countAll().as('sessions'),
      eb.fn.count('s.course_run_id').distinct().as('runs'),
    ])
    .groupBy(['st.id', 'st.nhs_number', 'st.date_of_birth', 'st.gender_identity', 'st.ethnic_category', 'st.secondary_mh_services'])
    .orderBy('st.nhs_number')
    .execute();
  const lines: (string | number)[][] = [[...EXTRACT_COLUMNS]];
  for (const r of rows) {
    lines.push([
      safeText(r.nhs_number!),
      r.date_of_birth,
      safeText(r.gender_identity),
      safeText(r.ethnic_category),
      safeText(r.secondary_mh_services),
      r.first as string,
      r.last as string,
      Number(r.sessions),
      Number(r.runs),
    ]);
  }
  return { csv: Buffer.from(stringify(lines, { record_delimiter: 'windows' }), 'utf8'), students: rows.length };
}
