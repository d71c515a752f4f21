// Reading what privacy work is decided from: who has not attended for years. Writers stay beside their services.
import type { Db } from '../api/handlers';
import { ATTENDED_MARKS } from '../returns/definitions';

/**
 * Up to 1,000 students not yet anonymised whose last attendance (or, never having attended, whose record was made) is
 * before `cutoff`, and who are not active facilitators; longest gone first.
 */
export async function studentsGoneSince(db: Db, cutoff: string) {
  return db
    .selectFrom('students as s')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('attendance as a')
          .innerJoin('sessions as se', 'se.id', 'a.session_id')
          .where('a.mark', 'in', ATTENDED_MARKS)
          .select(['a.student_id', (e) => e.fn.max('se.date').as('last_attended')])
          .groupBy('a.student_id')
          .as('la'),
      (join) => join.onRef('la.student_id', '=', 's.id'),
    )
    .select(['s.id', 's.reference', 's.first_name', 's.surname', 's.created_at', 'la.last_attended'])
    .where('s.anonymised_at', 'is', null)
    // Someone still active as a facilitator is still involved with the college: anonymising them would also erase
    // the facilitator and payee records in use. They come due once that record is made inactive (or on request).
    .where((eb) => eb.not(eb.exists(eb.selectFrom('facilitators as f').select('f.id').whereRef('f.student_id', '=', 's.id').where('f.active', '=', 1))))
    .where((eb) => eb.or([eb('la.last_attended', '<', cutoff), eb.and([eb('la.last_attended', 'is', null), eb('s.created_at', '<', cutoff)])]))
    .orderBy('la.last_attended')
    .orderBy('s.id')
    .limit(1000)
    .execute();
}
