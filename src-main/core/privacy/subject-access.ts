// Subject access (UK GDPR Article 15): everything the college holds about one student — the record, consent history,
// enrolments and attendance, outcomes and questionnaires, welfare contacts, notes, and who viewed or changed the
// record — and, when they are also a facilitator or payee, those records, their claims (with receipts) and payments —
// as a readable PDF plus JSON and CSV, in one AES-encrypted zip. Nothing about anyone else goes in: other
// students' reference numbers in audit summaries are blanked. Requests are logged with their one-month due date.
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { EMPLOYMENT_STATUSES, ETHNIC_CATEGORIES, GENDER_IDENTITIES, REFERRAL_SOURCES, SECONDARY_MH_SERVICES } from '../../contract/codes';
import { formatDate, formatTimestamp } from '../../contract/dates';
import { ApiError } from '../../contract/errors';
import { formatPence } from '../../contract/money';
import type { SubjectAccessRequest } from '../../contract/privacy';
import type { AuditEntry } from '../../contract/staff';
import type { Db } from '../api/handlers';
import { formatSortCode } from '../expenses/rules';
import { encryptedZip } from '../files/encrypted-zip';
import { loadPdfKit } from '../files/libraries';
import { pickFonts } from '../registers/pdf';
import { findStudent } from '../students/repository';
import { studentAccessLog } from './access-log';
import { auditRowsAbout, subjectAccessRequestRows, subjectAccessRows, workerRowsOf } from './repository';

type Cell = string | number | null;
export interface Section {
  key: string;
  title: string;
  rows: Record<string, Cell>[];
}

export interface PackFile {
  name: string;
  bytes: Buffer;
}

export interface SubjectAccessPack {
  reference: string;
  name: string;
  producedAt: string;
  sections: Section[];
  /** Files held about them as they are (receipts), put in the archive beside the PDF. */
  files: PackFile[];
}

/** One calendar month after receipt; where that month is shorter, its last day (ICO guidance). */
export function subjectAccessDueOn(receivedOn: string): string {
  return DateTime.fromISO(receivedOn, { zone: 'utc' }).plus({ months: 1 }).toISODate() as string;
}

const label = <T extends Record<string, string>>(codes: T, code: string) => (code in codes ? `${codes[code as keyof T]} (${code})` : code);

export async function collectSubjectAccess(db: Db, studentId: number, now: Date): Promise<SubjectAccessPack> {
  const s = await findStudent(db, studentId);
  if (!s) throw new ApiError('record.not-found', 'That student could not be found.');
  const record: Record<string, Cell> = {
    'Reference': s.reference,
    'First name': s.first_name,
    'Surname': s.surname,
    'Preferred name': s.preferred_name,
    'Pronouns': s.pronouns,
    'Date of birth': s.date_of_birth,
    'Email': s.email,
    'Phone': s.phone,
    'Address line 1': s.address_line1,
    'Address line 2': s.address_line2,
    'Town': s.town,
    'Postcode': s.postcode,
    'Emergency contact': s.emergency_contact_name,
    'Emergency contact phone': s.emergency_contact_phone,
    'Emergency contact relationship': s.emergency_contact_relationship,
    'Support or access needs': s.support_needs,
    'How you came to us': label(REFERRAL_SOURCES, s.referral_source),
    'How you came to us (other)': s.referral_other,
    'Under secondary mental-health services': label(SECONDARY_MH_SERVICES, s.secondary_mh_services),
    'Ethnic category (NHS code)': label(ETHNIC_CATEGORIES, s.ethnic_category),
    'Gender identity (NHS code)': label(GENDER_IDENTITIES, s.gender_identity),
    'Employment or education at enrolment': label(EMPLOYMENT_STATUSES, s.employment_status),
    'NHS number': s.nhs_number,
    'Archived on': s.archived_at,
    'Reason for archiving': s.archived_reason,
    'Record created': s.created_at,
    'Record last changed': s.updated_at,
  };

  const { consents, enrolments, attendance, questionnaires, destinations, contacts, requests } = await subjectAccessRows(db, studentId);
  const asWorker = await collectFacilitatorAndPayee(db, studentId);
  const log = await studentAccessLog(db, studentId, 1, 100_000);

  // Audit summaries can list several students' reference numbers (a register's "marked everyone present"): keep only theirs.
  const othersBlanked = (text: string | null) => text?.replace(/RC-\d{6,}/g, (ref) => (ref === s.reference ? ref : '[another student]')) ?? null;

  const sections: Section[] = [
    { key: 'record', title: 'Your record', rows: [record] },
    {
      key: 'consent',
      title: 'Consent to share your NHS number for service evaluation',
      rows: consents.map((c) => ({ 'Given on': c.given_on, 'Withdrawn on': c.withdrawn_on, 'To be reviewed on': c.review_on, 'Recorded by': c.display_name, 'Recorded at': c.recorded_at })),
    },
    {
      key: 'enrolments',
      title: 'Courses and enrolments',
      rows: enrolments.map((e) => ({ Course: e.title, Term: e.term, Status: e.status, 'Enrolled on': e.enrolled_on, 'Waiting since': e.waiting_since, 'Withdrawn on': e.withdrawn_on, 'Reason for withdrawing': e.withdraw_reason })),
    },
    {
      key: 'attendance',
      title: 'Attendance',
      rows: attendance.map((a) => ({ Date: a.date, Time: a.start_time, Course: a.title, Mark: a.mark, Note: a.note, 'Drop-in': a.drop_in ? 'yes' : 'no' })),
    },
    {
      key: 'questionnaires',
      title: 'Wellbeing questionnaires',
      rows: questionnaires.map((q) => {
        const items = Object.fromEntries(
          Object.entries(q)
            .filter(([k, v]) => /^item_\d+$/.test(k) && v !== null)
            .map(([k, v]) => [`Item ${k.slice(5)}`, v as number]),
        );
        return { Scale: q.scale, When: q.timepoint, 'Completed on': q.completed_on, Complete: q.complete ? 'yes' : 'no', 'Raw score': q.raw_score, Score: q.score_centi === null ? null : q.score_centi / 100, ...items };
      }),
    },
    { key: 'destinations', title: 'Work, education and volunteering', rows: destinations.map((d) => ({ Kind: d.kind, 'With the college': d.with_college ? 'yes' : 'no', On: d.on_date, Notes: d.notes })) },
    { key: 'welfare_contacts', title: 'Welfare contacts after missed sessions', rows: contacts.map((c) => ({ On: c.contacted_on, Course: c.title, Outcome: c.outcome, By: c.display_name })) },
    ...asWorker.sections,
    { key: 'requests', title: 'Your requests for your information', rows: requests.map((r) => ({ 'Received on': r.received_on, 'Due by': r.due_on, 'How it reached us': r.how_received, 'Completed on': r.completed_on })) },
    {
      key: 'access_log',
      title: 'Who has looked at or changed your record',
      rows: [...log.rows, ...asWorker.log]
        .sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id)
        .map((r) => ({ When: r.at, Who: r.staffName, What: r.action, Record: r.entity, Details: othersBlanked(r.summary) })),
    },
  ];
  return { reference: s.reference, name: `${s.first_name} ${s.surname}`, producedAt: now.toISOString(), sections, files: asWorker.files };
}

/**
 * When the student is also a facilitator (`facilitators.student_id`) and so perhaps a payee: those records, the courses
 * they helped run, their claims (with every line and its receipts, as files), involvement payments, and who looked at
 * or changed any of them. Only rows about their own records: a batch or course is named, never who else was in it.
 */
async function collectFacilitatorAndPayee(db: Db, studentId: number): Promise<{ sections: Section[]; files: PackFile[]; log: AuditEntry[] }> {
  const rows = await workerRowsOf(db, studentId);
  if (!rows) return { sections: [], files: [], log: [] };
  const { facilitators, teams, payees, claims, lines, receipts, involvement } = rows;
  const fids = facilitators.map((f) => f.id);
  const pids = payees.map((p) => p.id);
  const cids = claims.map((c) => c.id);
  const iids = involvement.map((i) => i.id);

  const claimRef = new Map(claims.map((c) => [c.id, c]));
  const receiptName = (r: { id: number; file_name: string }) => `receipts/${r.id}-${r.file_name}`;
  const sections: Section[] = [
    {
      key: 'facilitator',
      title: 'You as a facilitator',
      rows: facilitators.map((f) => ({
        'First name': f.first_name,
        'Surname': f.surname,
        'Role': f.kind.replace('_', ' '),
        'Email': f.email,
        'Phone': f.phone,
        'Notes': f.notes,
        'Active': f.active ? 'yes' : 'no',
        'Record created': f.created_at,
      })),
    },
    { key: 'facilitated', title: 'Courses you helped run', rows: teams.map((r) => ({ Course: r.title, Term: r.term, Role: r.role === 'lead' ? 'lead' : 'co-facilitator' })) },
    {
      key: 'payee',
      title: 'How the college pays you',
      rows: payees.map((p) => ({
        'Name': p.name,
        'Email': p.email,
        'Address': p.address,
        'Paid by': p.payment_method.replace('_', ' '),
        'Name on the bank account': p.bank_account_name,
        'Sort code': p.bank_sort_code && formatSortCode(p.bank_sort_code),
        'Account number': p.bank_account_number,
        'Notes': p.notes,
        'Active': p.active ? 'yes' : 'no',
      })),
    },
    {
      key: 'claims',
      title: 'Your expense claims',
      rows: lines.map((l) => {
        const c = claimRef.get(l.claim_id)!;
        return {
          'Claim': c.reference,
          'Claim status': c.status,
          'Claim notes': c.notes,
          'Reason it was rejected': c.rejection_reason,
          'Paid on': c.paid_at,
          'Date': l.line_date,
          'Kind': l.category.replace('_', ' '),
          'Description': l.description,
          'Amount': formatPence(l.amount_pence),
          'How it was worked out': l.working,
          'Why there is no receipt': l.receipt_waived_reason,
          'Receipts': receipts.filter((r) => r.line_id === l.id).map(receiptName).join(', ') || null,
        };
      }),
    },
    {
      key: 'involvement_payments',
      title: 'Your involvement payments',
      rows: involvement.map((i) => ({
        'Date': i.work_date,
        'Per': i.basis,
        'Hours': i.hours_hundredths === null ? null : i.hours_hundredths / 100,
        'Offered': formatPence(i.offered_pence),
        'Amount': formatPence(i.amount_pence),
        'Your decision': i.payee_decision,
        'Status': i.status,
        'Description': i.description,
        'Note of your decision': i.decision_note,
        'Benefit-limit warning': i.limit_warning,
        'Paid on': i.paid_at,
      })),
    },
  ];
  const byEntity = (entity: string, ids: number[]) => (ids.length ? [{ entity, ids }] : []);
  const wanted = [...byEntity('facilitator', fids), ...byEntity('payee', pids), ...byEntity('claim', cids), ...byEntity('involvement_payment', iids)];
  const auditRows = await auditRowsAbout(db, wanted);
  const log: AuditEntry[] = auditRows.map((r) => ({
    id: r.id,
    at: r.at,
    staffName: r.display_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    recordName: null,
    fields: JSON.parse(r.fields) as string[],
    summary: r.summary,
  }));
  return { sections, files: receipts.map((r) => ({ name: receiptName(r), bytes: Buffer.from(r.content) })), log };
}

function csvOf(rows: Record<string, Cell>[]): Buffer {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const safe = (v: Cell) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v ?? '');
  return Buffer.from(stringify([columns, ...rows.map((r) => columns.map((c) => safe(r[c] ?? null)))], { record_delimiter: 'windows' }), 'utf8');
}

async function packPdf(pack: SubjectAccessPack, collegeName: string): Promise<Buffer> {
  const fonts = pickFonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Information held about ${pack.reference}`, Author: collegeName } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.font(fonts.bold).fontSize(16).text(`The information ${collegeName} holds about you`);
  doc.moveDown(0.3).font(fonts.regular).fontSize(10).text(`${pack.name}, reference ${pack.reference}. Produced on ${formatTimestamp(pack.producedAt)}.`);
  doc.moveDown(0.3).text('The same information is in this archive as JSON (subject-access.json) and as spreadsheets (one CSV file per section).');
  for (const section of pack.sections) {
    doc.moveDown(1).font(fonts.bold).fontSize(13).text(section.title);
    doc.font(fonts.regular).fontSize(10);
    if (section.rows.length === 0) {
      doc.moveDown(0.3).text('Nothing recorded.');
      continue;
    }
    for (const row of section.rows) {
      doc.moveDown(0.4);
      for (const [k, v] of Object.entries(row)) {
        if (v === null || v === '') continue;
        const shown = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatTimestamp(v) : String(v);
        doc.font(fonts.bold).text(`${k}: `, { continued: true }).font(fonts.regular).text(shown);
      }
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The archive: a PDF to read, the JSON of everything, one CSV per section — encrypted with the chosen passphrase. */
export async function subjectAccessArchive(pack: SubjectAccessPack, collegeName: string, passphrase: string, now: Date): Promise<Buffer> {
  const entries = [
    { name: `${pack.reference}-information-held.pdf`, bytes: await packPdf(pack, collegeName) },
    { name: 'subject-access.json', bytes: Buffer.from(JSON.stringify({ reference: pack.reference, name: pack.name, producedAt: pack.producedAt, sections: pack.sections }, null, 2), 'utf8') },
    ...pack.sections.map((s) => ({ name: `${s.key}.csv`, bytes: csvOf(s.rows) })),
    ...pack.files,
  ];
  return encryptedZip(entries, passphrase, now);
}

export async function listSubjectAccessRequests(db: Db, opts: { openOnly: boolean; studentId?: number }): Promise<SubjectAccessRequest[]> {
  const rows = await subjectAccessRequestRows(db, opts);
  return rows.map((r) => ({
    id: r.id,
    studentId: r.student_id,
    studentReference: r.reference,
    studentName: `${r.first_name} ${r.surname}`,
    receivedOn: r.received_on,
    dueOn: r.due_on,
    howReceived: r.how_received,
    loggedBy: r.logged_by,
    lastExportedAt: r.last_exported_at,
    completedOn: r.completed_on,
    completedBy: r.completed_by,
  }));
}
