// Test helper: one student's personal details spread through every part of the app, each entered through the API as
// staff would — register notes, welfare contacts, destinations, withdrawal and break reasons, a subject access request,
// and the same person as a facilitator and payee with bank details, claims, a receipt, a waiver and involvement pay.
import type { TestCore } from './core';
import type { ReturnsFixtures } from './returns-fixtures';

/** A real 1×1 PNG (receipts are decoded, so a fake with the right first bytes is refused). */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Free text and details about the person, each unique to them in the database, named by where they are typed. */
export interface PersonWords {
  firstName: string;
  surname: string;
  registerNote: string;
  welfareOutcome: string;
  destinationNote: string;
  withdrawReason: string;
  breakReason: string;
  howReceived: string;
  facilitatorEmail: string;
  facilitatorPhone: string;
  facilitatorNotes: string;
  payeeAddress: string;
  payeeNotes: string;
  bankAccountName: string;
  bankAccountNumber: string;
  claimNotes: string;
  lineDescription: string;
  receiptFileName: string;
  waiverReason: string;
  involvementDescription: string;
}

export interface PersonEverywhere {
  facilitatorId: number;
  payeeId: number;
  claimId: number;
  claimReference: string;
  receiptId: number;
}

/**
 * Puts `w` into every table through the API, as `session` (a manager). `runs` are two course runs the student can be
 * enrolled on (the first already holds their place and `sessionId`'s session), made with the returns fixtures.
 */
export async function recordEverywhere(
  t: TestCore,
  f: ReturnsFixtures,
  session: string,
  studentId: number,
  w: PersonWords,
  where: { runId: number; sessionId: number; otherRunId: number; addRate?: boolean },
): Promise<PersonEverywhere> {
  await t.ok(session, 'registers.mark', { sessionId: where.sessionId, studentId, mark: 'present', note: w.registerNote });
  await t.ok(session, 'registers.recordFollowUp', { studentId, courseRunId: where.runId, contactedOn: '2026-08-20', outcome: w.welfareOutcome });
  await t.ok(session, 'outcomes.recordDestination', { studentId, kind: 'volunteering_started', onDate: '2026-09-01', notes: w.destinationNote });
  await t.ok(session, 'scheduling.startBreak', { runId: where.runId, studentId, reason: w.breakReason });
  await t.ok(session, 'scheduling.enrol', { runId: where.otherRunId, studentId });
  await t.ok(session, 'scheduling.withdraw', { runId: where.otherRunId, studentId, reason: w.withdrawReason, reasonCode: 'health' });
  await t.ok(session, 'privacy.subjectAccess.log', { studentId, receivedOn: '2026-11-02', howReceived: w.howReceived });

  const facilitator = await t.ok(session, 'scheduling.createFacilitator', {
    firstName: w.firstName,
    surname: w.surname,
    kind: 'peer_trainer',
    email: w.facilitatorEmail,
    phone: w.facilitatorPhone,
    studentId,
    active: true,
    notes: w.facilitatorNotes,
  });
  const payee = await t.ok(session, 'expenses.payees.create', {
    fields: {
      facilitatorId: facilitator.id,
      address: w.payeeAddress,
      paymentMethod: 'bank_transfer',
      bank: { accountName: w.bankAccountName, sortCode: '40-11-62', accountNumber: w.bankAccountNumber },
      notes: w.payeeNotes,
    },
  });
  const claim = await t.ok(session, 'expenses.claims.create', { payeeId: payee.id, notes: w.claimNotes });
  await t.ok(session, 'expenses.claims.addLine', { claimId: claim.id, line: { date: '2026-10-05', category: 'public_transport', amount: '4.20', description: w.lineDescription } });
  await t.ok(session, 'expenses.claims.addLine', { claimId: claim.id, line: { date: '2026-10-06', category: 'parking', amount: '3.00', description: null } });
  const lines = (await t.ok(session, 'expenses.claims.get', { id: claim.id })).lines;
  const withReceipt = await t.ok(session, 'expenses.receipts.add', { lineId: lines[0].id, fileName: w.receiptFileName, base64: PNG });
  await t.ok(session, 'expenses.claims.waiveReceipt', { lineId: lines[1].id, reason: w.waiverReason });
  if (where.addRate !== false) await t.ok(session, 'expenses.rates.addInvolvement', { basis: 'session', effectiveFrom: '2026-01-01', rate: '20.00' });
  await t.ok(session, 'expenses.involvement.record', { payeeId: payee.id, date: '2026-10-05', basis: 'session', description: w.involvementDescription });
  return {
    facilitatorId: facilitator.id,
    payeeId: payee.id,
    claimId: claim.id,
    claimReference: claim.reference,
    receiptId: withReceipt.lines[0].receipts[0].id,
  };
}
