// The data security page (managers): the figures an NHS Data Security and Protection Toolkit submission asks for,
// gathered from the database, the backups folder and the operating system; and the same page as a PDF to keep.
import { DateTime } from 'luxon';
import { COLLEGE_ZONE, collegeToday, formatDate, formatTimestamp } from '../../contract/dates';
import { TRAINING_TARGET_PERCENT, UNUSED_ACCOUNT_DAYS, type DataSecurityReport } from '../../contract/privacy';
import type { StaffContext } from '../api/handlers';
import { auditChainStatus } from '../audit/chain';
import { loadPdfKit } from '../files/libraries';
import { pickFonts } from '../registers/pdf';
import { activeStaff } from '../staff/repository';
import { failedSignInsSince, latestDiskEncryptionConfirmation } from './repository';

const ROLE_WORDS: Record<string, string> = { admin: 'Admin', coordinator: 'Coordinator', manager: 'Manager' };

async function lastBackup(ctx: StaffContext): Promise<DataSecurityReport['backup']> {
  try {
    const s = await ctx.services.backups.status(ctx.db);
    return s.lastBackup ? { takenAt: s.lastBackup.takenAt, verified: s.lastVerified, encrypted: s.lastBackup.encrypted } : null;
  } catch {
    // Training has no backups of its own.
    return null;
  }
}

type StaffRow = { id: number; display_name: string; username: string; last_signed_in_at: string | null };

/** Active accounts never signed in, or not for 90 days (the data security page, and its count on a manager's Today). */
export function unusedAccounts(active: readonly StaffRow[], now: Date): DataSecurityReport['unusedAccounts'] {
  const unusedSince = new Date(now.getTime() - UNUSED_ACCOUNT_DAYS * 24 * 60 * 60 * 1000).toISOString();
  return active
    .filter((s) => !s.last_signed_in_at || s.last_signed_in_at < unusedSince)
    .map((s) => ({ id: s.id, name: s.display_name, username: s.username, lastSignedInAt: s.last_signed_in_at }));
}

export async function dataSecurityReport(ctx: StaffContext): Promise<DataSecurityReport> {
  const now = ctx.now();
  const today = collegeToday(now);
  const staff = await activeStaff(ctx.db);

  const trainedSince = DateTime.fromISO(today).minus({ years: 1 }).toISODate() as string;
  const monthStart = DateTime.fromJSDate(now).setZone(COLLEGE_ZONE).startOf('month');
  const count = await failedSignInsSince(ctx.db, monthStart.toUTC().toISO() as string);

  const probe = await ctx.services.diskEncryption();
  const confirmation = await latestDiskEncryptionConfirmation(ctx.db);
  const chain = await auditChainStatus(ctx.db);

  const training = staff.map((s) => ({
    id: s.id,
    name: s.display_name,
    role: ROLE_WORDS[s.role] ?? s.role,
    trainedOn: s.training_completed_on,
    current: !!s.training_completed_on && s.training_completed_on >= trainedSince,
  }));
  const trained = training.filter((t) => t.current).length;

  return {
    generatedAt: now.toISOString(),
    today,
    disk: {
      status: probe.status,
      detail: probe.detail,
      confirmation: confirmation ? { on: confirmation.confirmed_on, by: confirmation.display_name, statement: confirmation.statement } : null,
    },
    backup: await lastBackup(ctx),
    auditChain: { lastVerifiedAt: chain.lastVerifiedAt, lastCheckAt: chain.lastCheck?.at ?? null, lastCheckOk: chain.lastCheck?.ok ?? null, lastCheckProblem: chain.lastCheck?.problem ?? null },
    unusedAccounts: unusedAccounts(staff, now),
    temporaryPasswords: staff.filter((s) => s.must_change_password === 1).map((s) => ({ id: s.id, name: s.display_name, username: s.username })),
    failedSignIns: { since: monthStart.toISODate() as string, count: Number(count) },
    training: { staff: training, percentTrained: staff.length ? Math.floor((trained * 100) / staff.length) : 0, target: TRAINING_TARGET_PERCENT },
  };
}

/** Each figure in plain words, shared by the PDF (the page says the same in its own layout). */
export function diskWords(r: DataSecurityReport): string {
  if (r.disk.status === 'encrypted') return `Yes. ${r.disk.detail}`;
  const confirmed = r.disk.confirmation ? ` Confirmed encrypted by ${r.disk.confirmation.by} on ${formatDate(r.disk.confirmation.on)}.` : ' Not yet confirmed by a manager.';
  return `${r.disk.status === 'not-encrypted' ? 'No' : 'Not known'}. ${r.disk.detail}${confirmed}`;
}

export function backupWords(r: DataSecurityReport): string {
  if (!r.backup) return 'No backup has been kept yet.';
  return `${formatTimestamp(r.backup.takenAt)}${r.backup.verified ? ', checked before it was kept' : ''}${r.backup.encrypted ? ', encrypted' : ', not encrypted'}.`;
}

export function chainWords(r: DataSecurityReport): string {
  const c = r.auditChain;
  if (c.lastCheckOk === false) {
    return `A problem was found when it was checked on ${formatTimestamp(c.lastCheckAt)}: ${c.lastCheckProblem ?? 'see the Audit log page'} Last found intact: ${c.lastVerifiedAt ? formatTimestamp(c.lastVerifiedAt) : 'never'}.`;
  }
  return c.lastVerifiedAt ? `Found intact on ${formatTimestamp(c.lastVerifiedAt)}.` : 'Not checked yet.';
}

export async function dataSecurityPdf(r: DataSecurityReport, collegeName: string): Promise<Buffer> {
  const fonts = pickFonts();
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Data security', Author: collegeName } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const heading = (text: string) => doc.moveDown(0.8).font(fonts.bold).fontSize(12).text(text).moveDown(0.2);
  const para = (text: string) => doc.font(fonts.regular).fontSize(10).text(text);

  doc.font(fonts.regular).fontSize(9).fillColor('#444444').text(collegeName);
  doc.font(fonts.bold).fontSize(18).fillColor('black').text('Data security');
  para(`Evidence for the NHS Data Security and Protection Toolkit. Produced ${formatTimestamp(r.generatedAt)}.`);

  heading('Disk holding the database encrypted');
  para(diskWords(r));
  heading('Last verified backup');
  para(backupWords(r));
  heading('Audit log last checked');
  para(chainWords(r));
  heading(`Accounts not used for ${UNUSED_ACCOUNT_DAYS} days`);
  para(r.unusedAccounts.length ? r.unusedAccounts.map((a) => `${a.name} (${a.username}): ${a.lastSignedInAt ? `last signed in ${formatDate(a.lastSignedInAt)}` : 'never signed in'}`).join('\n') : 'None.');
  heading('Accounts still on a temporary password');
  para(r.temporaryPasswords.length ? r.temporaryPasswords.map((a) => `${a.name} (${a.username})`).join('\n') : 'None.');
  heading('Failed sign-ins this month');
  para(`${r.failedSignIns.count} wrong password${r.failedSignIns.count === 1 ? '' : 's'} since ${formatDate(r.failedSignIns.since)}.`);
  heading('Data security training');
  para(`${r.training.percentTrained}% of staff trained in the last year (target ${r.training.target}%).`);
  doc.moveDown(0.3);
  for (const s of r.training.staff) para(`${s.name} (${s.role}): ${s.trainedOn ? `trained ${formatDate(s.trainedOn)}${s.current ? '' : ' (more than a year ago)'}` : 'no training recorded'}`);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
