// The rule for dates in a student's life (a questionnaire, consent, a destination, a welfare contact): the day exists
// (checked by the contract's `lifeDate`), is not before the student was born, and is not in the future. Only the core
// knows both the student's date of birth and the college's today, so the range check lives here, once.
import { ApiError, validationError } from '../../contract/errors';
import { collegeToday, formatDate } from '../../contract/dates';
import type { Db } from '../api/handlers';
import { findStudent } from './repository';

/** Refuses `date` for `field` unless it falls between the student's birth and today (college time), inclusive. */
export async function checkLifeDate(db: Db, studentId: number, field: string, date: string, now: Date): Promise<void> {
  const student = await findStudent(db, studentId);
  if (!student) throw new ApiError('record.not-found', 'That student record could not be found.');
  if (date > collegeToday(now)) throw validationError({ [field]: 'This date is in the future. Please use today’s date or an earlier one.' });
  if (date < student.date_of_birth) {
    throw validationError({ [field]: `This date is before the student was born (${formatDate(student.date_of_birth)}). Please check the year.` });
  }
}
