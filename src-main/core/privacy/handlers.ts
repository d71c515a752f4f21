// API handlers for data protection (managers): who has looked at a record, subject access, anonymisation, the data security page.
import { DateTime } from 'luxon';
import { collegeToday, formatDate } from '../../contract/dates';
import { ApiError, validationError } from '../../contract/errors';
import type { HandlersFor } from '../api/handlers';
import { readSettings } from '../settings/settings';
import { findStaff } from '../staff/repository';
import { consentsDueForReview, findStudent } from '../students/repository';
import { DISK_ENCRYPTION_STATEMENT } from '../../contract/privacy';
import { studentAccessLog } from './access-log';
import { dataSecurityPdf, dataSecurityReport } from './data-security';
import { anonymiseStudent, dueForAnonymisation } from './anonymise';
import { collectSubjectAccess, listSubjectAccessRequests, subjectAccessArchive, subjectAccessDueOn } from './subject-access';

async function oneRequest(ctx: Parameters<HandlersFor<'privacy.'>['privacy.subjectAccess.list']>[0], id: number) {
  const [r] = (await listSubjectAccessRequests(ctx.db, { openOnly: false })).filter((x) => x.id === id);
  if (!r) throw new ApiError('record.not-found', 'That request could not be found.');
  return r;
}

export const privacyHandlers: HandlersFor<'privacy.'> = {
  'privacy.dataSecurity.report': async (ctx) => dataSecurityReport(ctx),

  'privacy.dataSecurity.pdf': async (ctx) => {
    const report = await dataSecurityReport(ctx);
    const { collegeName } = await readSettings(ctx.db);
    const pdf = await dataSecurityPdf(report, collegeName);
    return { suggestedName: `data-security-${report.today}.pdf`, mimeType: 'application/pdf', base64: pdf.toString('base64') };
  },

  'privacy.dataSecurity.confirmDiskEncryption': async (ctx) => {
    const { id } = await ctx.db
      .insertInto('disk_encryption_confirmations')
      .values({ confirmed_on: collegeToday(ctx.now()), confirmed_by: ctx.staff.id, statement: DISK_ENCRYPTION_STATEMENT })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'confirm-disk-encryption', entity: 'database', entityId: id, summary: DISK_ENCRYPTION_STATEMENT });
    return dataSecurityReport(ctx);
  },

  'privacy.dataSecurity.recordTraining': async (ctx, input) => {
    if (input.completedOn > collegeToday(ctx.now())) throw validationError({ completedOn: 'The training date cannot be in the future.' });
    const person = await findStaff(ctx.db, input.staffId);
    if (!person) throw new ApiError('record.not-found', 'That staff account could not be found.');
    await ctx.db.updateTable('staff').set({ training_completed_on: input.completedOn }).where('id', '=', person.id).execute();
    ctx.audit({
      action: 'record-training',
      entity: 'staff',
      entityId: person.id,
      fields: ['trainingCompletedOn'],
      summary: `${person.display_name}: data security training on ${input.completedOn}${person.training_completed_on ? ` (was ${person.training_completed_on})` : ''}`,
    });
    return dataSecurityReport(ctx);
  },

  'privacy.studentAccessLog': async (ctx, input) => studentAccessLog(ctx.db, input.id, input.page, input.pageSize),

  'privacy.subjectAccess.log': async (ctx, input) => {
    const student = await findStudent(ctx.db, input.studentId);
    if (!student) throw new ApiError('record.not-found', 'That student could not be found.');
    if (input.receivedOn > collegeToday(ctx.now())) throw validationError({ receivedOn: 'The date received cannot be in the future.' });
    const { id } = await ctx.db
      .insertInto('subject_access_requests')
      .values({
        student_id: student.id,
        received_on: input.receivedOn,
        due_on: subjectAccessDueOn(input.receivedOn),
        how_received: input.howReceived || null,
        logged_by: ctx.staff.id,
        logged_at: ctx.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.audit({ action: 'subject-access-request', entity: 'student', entityId: student.id, summary: `Request ${id} from ${student.reference}, received ${input.receivedOn}` });
    return oneRequest(ctx, id);
  },

  'privacy.subjectAccess.list': async (ctx, input) => listSubjectAccessRequests(ctx.db, { openOnly: input.openOnly, studentId: input.studentId }),

  'privacy.subjectAccess.export': async (ctx, input) => {
    const pack = await collectSubjectAccess(ctx.db, input.studentId, ctx.now());
    if (input.requestId !== undefined) {
      const r = await oneRequest(ctx, input.requestId);
      if (r.studentId !== input.studentId) throw validationError({ requestId: 'That request is from a different student.' });
      await ctx.db.updateTable('subject_access_requests').set({ last_exported_at: ctx.now().toISOString() }).where('id', '=', input.requestId).execute();
    }
    const { collegeName } = await readSettings(ctx.db);
    const zip = await subjectAccessArchive(pack, collegeName, input.passphrase, ctx.now());
    ctx.audit({ action: 'export-subject-access', entity: 'student', entityId: input.studentId, summary: `Subject access archive for ${pack.reference} (AES-256 zip)` });
    return { suggestedName: `subject-access-${pack.reference}-${collegeToday(ctx.now())}.zip`, mimeType: 'application/zip', base64: zip.toString('base64') };
  },

  'privacy.subjectAccess.complete': async (ctx, input) => {
    const r = await oneRequest(ctx, input.id);
    if (r.completedOn) throw new ApiError('privacy.request-answered', `This request was already marked answered on ${formatDate(r.completedOn)}.`);
    if (input.completedOn < r.receivedOn) throw validationError({ completedOn: 'A request cannot be answered before it was received.' });
    await ctx.db.updateTable('subject_access_requests').set({ completed_on: input.completedOn, completed_by: ctx.staff.id }).where('id', '=', input.id).execute();
    ctx.audit({ action: 'subject-access-completed', entity: 'student', entityId: r.studentId, summary: `Request ${r.id} answered on ${input.completedOn}` });
    return oneRequest(ctx, input.id);
  },

  'privacy.retention.due': async (ctx) => {
    const { retentionYearsAfterLastAttendance: years } = await readSettings(ctx.db);
    return { years, students: await dueForAnonymisation(ctx.db, years, ctx.now()) };
  },

  'privacy.anonymise': async (ctx, input) => {
    for (const id of new Set(input.studentIds)) await anonymiseStudent(ctx.db, ctx, id, input.reason);
    // Once committed, move the WAL's pages into the file (where secure_delete has zeroed the old content) and empty it.
    ctx.afterCommit(() => ctx.services.checkpointWal());
    return { anonymised: new Set(input.studentIds).size };
  },

  'privacy.consent.dueForReview': async (ctx, input) => {
    const today = collegeToday(ctx.now());
    const until = DateTime.fromISO(today).plus({ days: input.withinDays }).toISODate() as string;
    const rows = await consentsDueForReview(ctx.db, today, until);
    return rows.map((r) => ({ studentId: r.id, reference: r.reference, name: `${r.first_name} ${r.surname}`, givenOn: r.given_on, reviewOn: r.review_on as string }));
  },
};
