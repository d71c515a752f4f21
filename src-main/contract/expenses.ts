// Expenses and involvement payments: payees, claims and their lines, receipts, payment batches, involvement payments,
// effective-dated rates and totals — shapes, validation with plain-English messages, and the API methods.
import { z } from 'zod';
import { listFields, SORT_DIRECTIONS, type ListPage } from './lists';
import { codeKeys } from './codes';
import { businessDate, id, isoDate, method, reason, type ExportedFile, type MethodSpec } from './define';
import { formatPence, parseHoursHundredths, parseMilesTenths, parseMoney } from './money';

// ── code lists ────────────────────────────────────────────────
export const PAYMENT_METHODS = { bank_transfer: 'Bank transfer', cash: 'Cash or petty cash', voucher: 'Voucher' } as const;
export type PaymentMethod = keyof typeof PAYMENT_METHODS;

export const LINE_CATEGORIES = {
  mileage: 'Mileage',
  public_transport: 'Public transport',
  parking: 'Parking',
  childcare_carer: 'Childcare or carer costs',
  subsistence: 'Refreshments or subsistence',
  other: 'Other',
} as const;
export type LineCategory = keyof typeof LINE_CATEGORIES;

export const VEHICLES = { car_van: 'Car or van', motorcycle: 'Motorcycle', bicycle: 'Bicycle' } as const;
export type Vehicle = keyof typeof VEHICLES;

export const CLAIM_STATUSES = { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected', paid: 'Paid' } as const;
export type ClaimStatus = keyof typeof CLAIM_STATUSES;

export const INVOLVEMENT_STATUSES = { recorded: 'Awaiting approval', approved: 'Approved', declined: 'Declined by the person', paid: 'Paid' } as const;
export type InvolvementStatus = keyof typeof INVOLVEMENT_STATUSES;

export const INVOLVEMENT_BASES = { session: 'Per session', hour: 'Per hour' } as const;
export type InvolvementBasis = keyof typeof INVOLVEMENT_BASES;

/** What the finance CSV and exports call involvement payments, so payroll picks them up. */
export const EARNINGS_FLAG = 'earnings — payroll';
export const EXPENSES_FLAG = 'expenses';

/** Receipts: what is accepted (checked by decoding the file's content, not its name) and how big. */
export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;
export const RECEIPT_TYPES = { 'image/png': 'PNG image', 'image/jpeg': 'JPEG photo', 'image/webp': 'WebP image', 'application/pdf': 'PDF' } as const;
export type ReceiptMimeType = keyof typeof RECEIPT_TYPES;

// ── shared pieces ─────────────────────────────────────────────
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .nullish()
    .transform((v) => (v ? v : null));

const realDate = businessDate;

/** Upper bounds for the college's rates and limits (settings changed by managers): far above any real figure, so only typing slips are refused. */
export const RATE_BOUNDS = {
  mileagePence: 100,
  thresholdMiles: 100_000,
  involvementPence: 25_000,
  weeklyLimitPence: 100_000,
} as const;

/** Money typed as text ("12.5", "£1,234.56") → integer pence. */
export const moneyText = (noun = 'amount') =>
  z.string({ error: `Please enter the ${noun}.` }).transform((v, ctx) => {
    const r = parseMoney(v, noun);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

/** Sort code: six digits, typed with or without dashes or spaces; stored as digits only. */
export const sortCodeSchema = z
  .string({ error: 'Please enter the sort code.' })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v.length > 0, 'Please enter the sort code.')
  .refine((v) => v.length === 0 || /^\d{6}$/.test(v), 'A sort code is six digits, like 12-34-56.');

export const accountNumberSchema = z
  .string({ error: 'Please enter the account number.' })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v.length > 0, 'Please enter the account number.')
  .refine((v) => v.length === 0 || /^\d+$/.test(v), 'An account number is made of digits only.')
  .refine((v) => !/^\d+$/.test(v) || v.length !== 7, 'An account number has 8 digits; if this one has 7, add a 0 at the start.')
  .refine((v) => !/^\d+$/.test(v) || v.length === 7 || v.length === 8, 'An account number has 8 digits.');

export const bankDetailsSchema = z.object({
  accountName: z
    .string({ error: 'Please enter the name on the account.' })
    .trim()
    .min(1, 'Please enter the name on the account.')
    .max(100, 'The account name can be at most 100 characters.'),
  sortCode: sortCodeSchema,
  accountNumber: accountNumberSchema,
});
export type BankDetailsInput = z.output<typeof bankDetailsSchema>;

export const payeeFieldsSchema = z
  .object({
    facilitatorId: id.nullish().transform((v) => v ?? null),
    name: optionalText('Name', 100),
    email: optionalText('Email', 200).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'Please enter an email address like name@example.org, or leave it blank.'),
    address: optionalText('Address', 500),
    paymentMethod: z.enum(codeKeys(PAYMENT_METHODS), { error: 'Please choose how the person is paid: bank transfer, cash or voucher.' }),
    /** Bank details; leave out when updating to keep the ones on file. */
    bank: bankDetailsSchema.nullish(),
    notes: optionalText('Notes', 1000),
  })
  .superRefine((v, ctx) => {
    if (v.facilitatorId === null && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Please enter the person’s name, or choose them from the facilitators list.' });
  });
export type PayeeFields = z.output<typeof payeeFieldsSchema>;

/** One line of a claim as typed. Amounts and miles are text, parsed here without floating point. */
export const claimLineSchema = z
  .object({
    date: realDate('date'),
    category: z.enum(codeKeys(LINE_CATEGORIES), { error: 'Please choose what the expense was for.' }),
    description: optionalText('Description', 200),
    amount: z.string().max(30, 'Please check the amount.').nullish(),
    miles: z.string().max(20, 'Please check the miles.').nullish(),
    vehicle: z.enum(codeKeys(VEHICLES), { error: 'Please choose car or van, motorcycle or bicycle.' }).nullish(),
    passengers: z
      .number({ error: 'Please enter the number of passengers (0 if none).' })
      .int('Please enter a whole number of passengers.')
      .min(0, 'The number of passengers cannot be negative.')
      .max(8, 'Please check the number of passengers: at most 8.')
      .default(0),
    sessionId: id.nullish(),
  })
  .transform((v, ctx) => {
    let amountPence: number | null = null;
    let milesTenths: number | null = null;
    if (v.category === 'mileage') {
      const miles = parseMilesTenths(v.miles ?? '');
      if (!miles.ok) ctx.addIssue({ code: 'custom', path: ['miles'], message: miles.message });
      else if (miles.value === 0) ctx.addIssue({ code: 'custom', path: ['miles'], message: 'Please enter the miles travelled (more than 0).' });
      else milesTenths = miles.value;
      if (!v.vehicle) ctx.addIssue({ code: 'custom', path: ['vehicle'], message: 'Please choose car or van, motorcycle or bicycle.' });
      if (v.vehicle && v.vehicle !== 'car_van' && v.passengers > 0) {
        ctx.addIssue({ code: 'custom', path: ['passengers'], message: 'Passenger payments apply to cars and vans only; please set passengers to 0.' });
      }
    } else {
      const amount = parseMoney(v.amount ?? '');
      if (!amount.ok) ctx.addIssue({ code: 'custom', path: ['amount'], message: amount.message });
      else if (amount.value === 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Please enter an amount above £0.00.' });
      else if (amount.value > 1_000_000) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'One line can be at most £10,000.00; please check the amount.' });
      else amountPence = amount.value;
    }
    return {
      date: v.date,
      category: v.category,
      description: v.description,
      amountPence,
      milesTenths,
      vehicle: v.category === 'mileage' ? (v.vehicle ?? null) : null,
      passengers: v.category === 'mileage' ? v.passengers : 0,
      sessionId: v.sessionId ?? null,
    };
  });
export type ClaimLineInput = z.input<typeof claimLineSchema>;
export type ClaimLineFields = z.output<typeof claimLineSchema>;

const hoursText = z.string().transform((v, ctx) => {
  const r = parseHoursHundredths(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  if (r.value === 0) {
    ctx.addIssue({ code: 'custom', message: 'Please enter the hours worked (more than 0).' });
    return z.NEVER;
  }
  return r.value;
});

// ── result shapes ─────────────────────────────────────────────
export interface BankDetails {
  accountName: string;
  /** `12-34-56`, or `**-**-56` when masked. */
  sortCode: string;
  /** `12345678`, or `****5678` when masked. */
  accountNumber: string;
  masked: boolean;
}

export interface Payee {
  id: number;
  facilitatorId: number | null;
  name: string;
  email: string | null;
  address: string | null;
  paymentMethod: PaymentMethod;
  bank: BankDetails | null;
  notes: string | null;
  active: boolean;
  version: number;
}

export interface PayeeCandidate {
  facilitatorId: number;
  name: string;
  kind: 'staff' | 'peer_trainer' | 'volunteer';
}

export interface FacilitatedSession {
  id: number;
  date: string;
  startTime: string;
  endTime: string;
  courseTitle: string;
  delivered: boolean;
}

export interface ReceiptInfo {
  id: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export interface ClaimLine {
  id: number;
  date: string;
  category: LineCategory;
  description: string | null;
  amountPence: number;
  milesTenths: number | null;
  vehicle: Vehicle | null;
  passengers: number;
  /** For mileage: how the amount was worked out, e.g. `120 mi: 80 × 45p + 40 × 25p = £46.00`. */
  working: string | null;
  sessionId: number | null;
  sessionLabel: string | null;
  receipts: ReceiptInfo[];
  receiptWaivedReason: string | null;
  receiptWaivedBy: string | null;
  /** A non-mileage line with no receipt and no recorded reason: it blocks approval. */
  needsReceipt: boolean;
}

export interface ClaimSummary {
  id: number;
  reference: string;
  payeeId: number;
  payeeName: string;
  status: ClaimStatus;
  totalPence: number;
  lineCount: number;
  firstDate: string | null;
  lastDate: string | null;
  enteredBy: string;
  enteredAt: string;
  submittedAt: string | null;
  batchReference: string | null;
}

/** A mileage line on another not-yet-paid claim whose amount changed when the 10,000-mile tier was worked out again. */
export interface RetieredLine {
  claimId: number;
  claimReference: string;
  lineId: number;
  date: string;
  beforePence: number;
  afterPence: number;
  working: string;
}

export interface ClaimDetail extends ClaimSummary {
  /** Only from a rejection: the payee's other not-yet-paid mileage lines in that tax year whose amounts changed. */
  retiered?: RetieredLine[];
  notes: string | null;
  lines: ClaimLine[];
  submittedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  paidAt: string | null;
  version: number;
  /** Lines, receipts and notes can change only while the claim is a draft. */
  editable: boolean;
  /** Why the signed-in person could not approve this claim now, or null if they can. */
  approvalBlockedBecause: string | null;
}

export interface ClaimPage {
  rows: ClaimSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface MileageWorking {
  milesTenths: number;
  vehicle: Vehicle;
  passengers: number;
  amountPence: number;
  working: string;
  /** The UK tax year the line falls in, e.g. `2025-26`. */
  taxYear: string;
  /** Car/van business miles already counted for this person in that tax year before this line (tenths). */
  milesBeforeTenths: number;
  parts: { milesTenths: number; ratePence: number }[];
  passengerPence: number;
}

export interface ReceiptFile {
  id: number;
  fileName: string;
  mimeType: string;
  base64: string;
}

/** One page of a receipt as the app shows it: a picture the core re-encoded, as a `data:` URL the page's CSP allows. */
export interface ReceiptViewPage {
  page: number;
  /** Null when the page has no picture the app can draw (a PDF page of typed text): the person downloads it instead. */
  src: string | null;
  width: number;
  height: number;
}

/** A receipt shown inside the app (the picture, or a PDF's scanned pages), never the stored file itself. */
export interface ReceiptView {
  id: number;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  pageCount: number;
  /** At most RECEIPT_VIEW_MAX_PAGES pages (a receipt is rarely more than one). */
  pages: ReceiptViewPage[];
  /**
   * For a PDF with typed-text pages (shown full size only): a fresh PDF of just the shown pages, rebuilt by the core
   * without document actions, forms, annotations or attachments, for the window to draw with pdf.js. Base64.
   */
  pdfBase64?: string;
}

/** How many pages of a PDF receipt the viewer shows, and the longest edge of a shown picture (full size and thumbnail). */
export const RECEIPT_VIEW_MAX_PAGES = 10;
export const RECEIPT_VIEW_EDGE = { full: 1600, thumbnail: 160 } as const;

export interface BatchPayeeTotal {
  payeeId: number;
  payeeName: string;
  paymentMethod: PaymentMethod;
  bank: BankDetails | null;
  expensesPence: number;
  earningsPence: number;
  totalPence: number;
  claimReferences: string[];
  involvementCount: number;
}

export interface PaymentBatchSummary {
  id: number;
  reference: string;
  status: 'open' | 'paid';
  createdAt: string;
  createdBy: string;
  paidAt: string | null;
  claimCount: number;
  involvementCount: number;
  totalPence: number;
}

export interface PaymentBatchDetail extends PaymentBatchSummary {
  payees: BatchPayeeTotal[];
  claims: ClaimSummary[];
  involvement: InvolvementPayment[];
}

export interface PayableItems {
  claims: ClaimSummary[];
  involvement: InvolvementPayment[];
}

export interface InvolvementPayment {
  id: number;
  payeeId: number;
  payeeName: string;
  sessionId: number | null;
  sessionLabel: string | null;
  date: string;
  basis: InvolvementBasis;
  hoursHundredths: number | null;
  ratePence: number;
  offeredPence: number;
  amountPence: number;
  description: string | null;
  status: InvolvementStatus;
  payeeDecision: 'accepted' | 'reduced' | 'declined';
  decisionNote: string | null;
  recordedBy: string;
  approvedBy: string | null;
  limitWarning: string | null;
  batchReference: string | null;
}

export interface BenefitLimitCheck {
  kind: 'lower' | 'higher';
  name: string;
  weeklyPence: number;
  /** This payment takes the week's earnings over the limit. */
  crosses: boolean;
  /** The week's earnings were already over the limit before this payment. */
  alreadyOver: boolean;
}

export interface WeekCheck {
  paymentId: number | null;
  payeeName: string;
  weekStart: string;
  weekEnd: string;
  /** Involvement earnings already approved or paid for this person in that week (Monday–Sunday). */
  earnedBeforePence: number;
  thisPaymentPence: number;
  afterPence: number;
  limits: BenefitLimitCheck[];
  /** Plain-English warning when a limit is crossed or already exceeded; null when all is well. */
  warning: string | null;
}

export interface MileageRate {
  id: number;
  vehicle: Vehicle | 'passenger';
  effectiveFrom: string;
  ratePence: number;
  thresholdMiles: number | null;
  aboveThresholdPence: number | null;
}
export interface InvolvementRate {
  id: number;
  basis: InvolvementBasis;
  effectiveFrom: string;
  ratePence: number;
  description: string | null;
}
export interface BenefitLimit {
  id: number;
  kind: 'lower' | 'higher';
  name: string;
  effectiveFrom: string;
  weeklyPence: number;
}
export interface ExpenseRates {
  mileage: MileageRate[];
  involvement: InvolvementRate[];
  benefitLimits: BenefitLimit[];
}

export interface PayeeYearTotals {
  payeeId: number;
  payeeName: string;
  /** All approved or paid claim lines (mileage included), in pence. */
  expensesPence: number;
  mileageTenths: number;
  mileagePence: number;
  involvementPence: number;
}
export interface MonthTotals {
  /** `YYYY-MM`. */
  month: string;
  expensesPence: number;
  mileageTenths: number;
  involvementPence: number;
  claimCount: number;
}

/** A UK tax year, named by the calendar year it starts in: 2025 → 6 April 2025 – 5 April 2026. */
const taxYear = z.number({ error: 'Please choose a tax year.' }).int().min(2000, 'Please choose a tax year from 2000 on.').max(2100);

// ── list pages: the sortable columns of each (the core maps each to its SQL column) ──
export const PAYEE_SORTS = ['name', 'email', 'paymentMethod'] as const;
export const CLAIM_SORTS = ['reference', 'payee', 'status', 'entered', 'submitted'] as const;
export type ClaimSort = (typeof CLAIM_SORTS)[number];
export const BATCH_SORTS = ['reference', 'status', 'created', 'paid', 'total'] as const;
const listSearch = z.string().trim().max(100, 'Search text can be at most 100 characters.').default('');

// ── methods ───────────────────────────────────────────────────
export const expensesMethods = {
  // payees
  'expenses.payees.list': method<Payee[]>()({ kind: 'read',
    input: z.object({ includeInactive: z.boolean().default(false) }),
    access: 'expenses.read',
    summary: 'People who can be paid expenses or involvement payments (bank details masked unless you may see them).',
  }),
  'expenses.payees.page': method<ListPage<Payee>>()({ kind: 'read',
    input: z.object({ query: listSearch, includeInactive: z.boolean().default(false), ...listFields(PAYEE_SORTS, 'name') }),
    access: 'expenses.read',
    summary: 'One page of payees, searched by name or email and sorted by a column (bank details masked unless you may see them).',
  }),
  'expenses.payees.get': method<Payee>()({ kind: 'read', input: z.object({ id }), access: 'expenses.read', summary: 'One payee.', refuses: ['record.not-found'] }),
  'expenses.payees.candidates': method<PayeeCandidate[]>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'expenses.read',
    summary: 'Facilitators and volunteers who are not payees yet.',
  }),
  'expenses.payees.create': method<Payee>()({ kind: 'write', input: z.object({ fields: payeeFieldsSchema }), access: 'expenses.enter', summary: 'Add a payee and how they are paid.', refuses: ['payee.exists', 'record.not-found'] }),
  'expenses.payees.update': method<Payee>()({ kind: 'write',
    input: z.object({ id, version: z.number().int(), fields: payeeFieldsSchema, active: z.boolean().optional() }),
    access: 'expenses.enter',
    summary: 'Change a payee. Changing bank details needs permission to see them.',
    refuses: ['payee.exists', 'record.changed', 'record.not-found'],
  }),
  'expenses.payees.sessions': method<FacilitatedSession[]>()({ kind: 'read',
    input: z.object({ payeeId: id, from: isoDate.optional(), to: isoDate.optional() }),
    access: 'expenses.read',
    summary: 'Sessions the payee facilitated (planned or recorded as delivered), to link claim lines and involvement payments.',
    refuses: ['record.not-found'],
  }),

  // claims
  'expenses.claims.list': method<ClaimPage>()({ kind: 'read',
    input: z.object({
      status: z.enum(codeKeys(CLAIM_STATUSES)).optional(),
      payeeId: id.optional(),
      query: listSearch,
      sort: z.enum(CLAIM_SORTS).default('entered'),
      direction: z.enum(SORT_DIRECTIONS).default('desc'),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
    }),
    access: 'expenses.read',
    summary: 'One page of claims, newest first unless sorted by another column; optionally by status or payee, or searched by reference or payee.',
  }),
  'expenses.claims.get': method<ClaimDetail>()({ kind: 'read', input: z.object({ id }), access: 'expenses.read', summary: 'One claim with its lines and receipts.', refuses: ['record.not-found'] }),
  'expenses.claims.create': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ payeeId: id, notes: optionalText('Notes', 1000) }),
    access: 'expenses.enter',
    summary: 'Start a draft claim for a payee.',
    refuses: ['payee.inactive', 'record.not-found'],
  }),
  'expenses.claims.updateNotes': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ id, notes: optionalText('Notes', 1000) }),
    access: 'expenses.enter',
    summary: 'Change a draft claim’s notes.',
    refuses: ['claim.not-draft', 'record.not-found'],
  }),
  'expenses.claims.addLine': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ claimId: id, line: claimLineSchema }),
    access: 'expenses.enter',
    summary: 'Add a dated line to a draft claim (mileage is worked out from HMRC rates).',
    refuses: ['claim.not-draft', 'record.not-found'],
  }),
  'expenses.claims.updateLine': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ lineId: id, line: claimLineSchema }),
    access: 'expenses.enter',
    summary: 'Change a line of a draft claim.',
    refuses: ['claim.not-draft', 'record.not-found'],
  }),
  'expenses.claims.removeLine': method<ClaimDetail>()({ kind: 'write', input: z.object({ lineId: id }), access: 'expenses.enter', summary: 'Remove a line (and its receipts) from a draft claim.', refuses: ['claim.not-draft', 'record.not-found'] }),
  'expenses.claims.waiveReceipt': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ lineId: id, reason }),
    access: 'expenses.approve',
    summary: 'Record why a line has no receipt, so the claim can be approved without one.',
    refuses: ['claim.not-draft', 'record.not-found'],
  }),
  'expenses.claims.submit': method<ClaimDetail>()({ kind: 'write', input: z.object({ id }), access: 'expenses.enter', summary: 'Submit a draft claim for approval.', refuses: ['claim.no-lines', 'claim.not-draft', 'record.not-found'] }),
  'expenses.claims.approve': method<ClaimDetail>()({ kind: 'write',
    input: z.object({ id }),
    access: 'expenses.approve',
    summary: 'Approve a submitted claim. Whoever entered or submitted it cannot approve it.',
    refuses: ['claim.not-submitted', 'claim.own-hand', 'claim.receipts-missing', 'record.not-found'],
  }),
  'expenses.claims.reject': method<ClaimDetail>()({ kind: 'write', input: z.object({ id, reason }), access: 'expenses.approve', summary: 'Reject a submitted claim, with a reason.', refuses: ['claim.not-submitted', 'record.not-found'] }),
  'expenses.claims.discard': method<null>()({ kind: 'write', input: z.object({ id }), access: 'expenses.enter', summary: 'Throw away a draft claim that was started by mistake.', refuses: ['claim.not-draft', 'record.not-found'] }),
  'expenses.mileage.preview': method<MileageWorking>()({ kind: 'read',
    input: z.object({
      payeeId: id,
      claimId: id.optional(),
      lineId: id.optional(),
      date: realDate('date'),
      miles: z.string().max(20),
      vehicle: z.enum(codeKeys(VEHICLES), { error: 'Please choose car or van, motorcycle or bicycle.' }),
      passengers: z.number().int().min(0).max(8).default(0),
    }),
    access: 'expenses.read',
    summary: 'Work out a mileage line (with the tax-year tier) without saving it.',
    refuses: ['record.not-found'],
  }),

  // receipts
  'expenses.receipts.add': method<ClaimDetail>()({ kind: 'write',
    input: z.object({
      lineId: id,
      fileName: z.string().trim().min(1, 'The file needs a name.').max(200, 'The file name can be at most 200 characters.'),
      base64: z.string().max(Math.ceil((RECEIPT_MAX_BYTES * 4) / 3) + 16, 'The receipt is larger than 10 MB. Please scan it at a lower resolution or as a PDF and try again.'),
    }),
    access: 'expenses.enter',
    summary: 'Attach a receipt (PNG, JPEG, WebP or PDF, up to 10 MB) to a line of a draft claim.',
    refuses: ['claim.not-draft', 'record.not-found'],
  }),
  'expenses.receipts.get': method<ReceiptFile>()({ kind: 'read', input: z.object({ id }), access: 'expenses.read', summary: 'A receipt’s file, to view or save.', refuses: ['record.not-found'] }),
  'expenses.receipts.view': method<ReceiptView>()({ kind: 'read',
    input: z.object({ id, size: z.enum(['full', 'thumbnail']).default('full') }),
    access: 'expenses.read',
    summary: 'A receipt as pictures to show in the app (re-encoded by the core), full size or as a thumbnail.',
    refuses: ['receipt.unreadable', 'record.not-found'],
  }),
  'expenses.receipts.remove': method<ClaimDetail>()({ kind: 'write', input: z.object({ id }), access: 'expenses.enter', summary: 'Remove a receipt from a draft claim.', refuses: ['claim.not-draft', 'record.not-found'] }),

  // payment batches
  'expenses.batches.list': method<ListPage<PaymentBatchSummary>>()({ kind: 'read',
    input: z.object({ status: z.enum(['open', 'paid']).optional(), ...listFields(BATCH_SORTS, 'created', 'desc') }).strict(),
    access: 'expenses.read',
    summary: 'One page of payment batches, newest first unless sorted by another column; optionally open or paid only.',
  }),
  'expenses.batches.get': method<PaymentBatchDetail>()({ kind: 'read', input: z.object({ id }), access: 'expenses.read', summary: 'A payment batch with its totals per payee.', refuses: ['record.not-found'] }),
  'expenses.batches.payable': method<PayableItems>()({ kind: 'read',
    input: z.object({}).strict(),
    access: 'expenses.pay',
    summary: 'Approved claims and involvement payments not yet in a batch.',
  }),
  'expenses.batches.create': method<PaymentBatchDetail>()({ kind: 'write',
    input: z
      .object({ claimIds: z.array(id).max(5000).default([]), involvementIds: z.array(id).max(5000).default([]) })
      .refine((v) => v.claimIds.length + v.involvementIds.length > 0, 'Please choose at least one approved claim or involvement payment.'),
    access: 'expenses.pay',
    summary: 'Put approved claims and involvement payments into a new payment batch.',
    refuses: ['batch.not-ready', 'record.not-found'],
  }),
  'expenses.batches.cancel': method<null>()({ kind: 'write',
    input: z.object({ id }),
    access: 'expenses.pay',
    summary: 'Undo a batch that has not been paid: its claims go back to “approved”.',
    refuses: ['batch.paid', 'record.not-found'],
  }),
  'expenses.batches.financeCsv': method<ExportedFile>()({ kind: 'write',
    input: z.object({ id }),
    access: 'expenses.pay',
    summary: 'The CSV for the finance office: one row per payee and kind of payment.',
    refuses: ['record.not-found'],
  }),
  'expenses.batches.remittance': method<ExportedFile>()({ kind: 'read',
    input: z.object({ id, payeeId: id }),
    access: 'expenses.pay',
    summary: 'The remittance note (PDF) for one payee in a batch.',
    refuses: ['record.not-found'],
  }),
  'expenses.batches.remittances': method<ExportedFile[]>()({ kind: 'read',
    input: z.object({ id }),
    access: 'expenses.pay',
    summary: 'Every payee’s remittance note (PDF) for a batch.',
    refuses: ['record.not-found'],
  }),
  'expenses.batches.markPaid': method<PaymentBatchDetail>()({ kind: 'write',
    input: z.object({ id, paidOn: realDate('payment date').optional() }),
    access: 'expenses.pay',
    summary: 'Record that the finance office has paid a batch; its claims become paid and can no longer change.',
    refuses: ['batch.paid', 'record.not-found'],
  }),

  // involvement payments
  'expenses.involvement.list': method<InvolvementPayment[]>()({ kind: 'read',
    input: z.object({ status: z.enum(codeKeys(INVOLVEMENT_STATUSES)).optional(), payeeId: id.optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    access: 'expenses.read',
    summary: 'Involvement payments, newest first.',
  }),
  'expenses.involvement.record': method<InvolvementPayment>()({ kind: 'write',
    input: z
      .object({
        payeeId: id,
        sessionId: id.nullish(),
        date: realDate('date').optional(),
        basis: z.enum(codeKeys(INVOLVEMENT_BASES), { error: 'Please choose per session or per hour.' }),
        hours: hoursText.optional(),
        description: optionalText('Description', 200),
      })
      .superRefine((v, ctx) => {
        if (v.basis === 'hour' && v.hours === undefined) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'Please enter the hours worked.' });
        if (!v.sessionId && !v.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'Please choose the session, or enter the date of the work.' });
      }),
    access: 'expenses.enter',
    summary: 'Record an involvement payment (earnings) for a session delivered, at the rate in force that day.',
    refuses: ['involvement.exists', 'payee.inactive', 'record.not-found'],
  }),
  'expenses.involvement.weekCheck': method<WeekCheck>()({ kind: 'read',
    input: z.object({ id }),
    access: 'expenses.read',
    summary: 'The person’s involvement earnings that week against the weekly benefit limits.',
    refuses: ['record.not-found'],
  }),
  'expenses.involvement.approve': method<InvolvementPayment>()({ kind: 'write',
    input: z.object({ id, confirmed: z.boolean().default(false) }),
    access: 'expenses.approve',
    summary: 'Approve an involvement payment; asks for confirmation first if it would take the person over a weekly benefit limit.',
    refuses: ['involvement.decided', 'involvement.own-record', 'involvement.week-warning', 'record.not-found'],
  }),
  'expenses.involvement.reduce': method<InvolvementPayment>()({ kind: 'write',
    input: z.object({ id, amount: moneyText('reduced amount'), note: reason }),
    access: 'expenses.enter',
    summary: 'The person chose to take less than the full payment: record the smaller amount and why.',
    refuses: ['involvement.decided', 'record.not-found'],
  }),
  'expenses.involvement.decline': method<InvolvementPayment>()({ kind: 'write',
    input: z.object({ id, note: reason }),
    access: 'expenses.enter',
    summary: 'The person chose not to take this payment: record it as declined.',
    refuses: ['involvement.decided', 'record.not-found'],
  }),

  // rates and limits
  'expenses.rates.list': method<ExpenseRates>()({ kind: 'read', input: z.object({}).strict(), access: 'expenses.read', summary: 'Mileage rates, involvement rates and weekly benefit limits, with their effective dates.' }),
  'expenses.rates.addMileage': method<ExpenseRates>()({ kind: 'write',
    input: z
      .object({
        vehicle: z.enum(['car_van', 'motorcycle', 'bicycle', 'passenger'], { error: 'Please choose which rate this is.' }),
        effectiveFrom: realDate('date the rate starts'),
        rate: moneyText('rate').refine((p) => p <= RATE_BOUNDS.mileagePence, `A mileage rate can be at most ${formatPence(RATE_BOUNDS.mileagePence)} a mile (HMRC’s is 45p). Please check the amount.`),
        thresholdMiles: z
          .number({ error: 'Please enter the mileage threshold as a whole number of miles.' })
          .int('Please enter the mileage threshold as a whole number of miles.')
          .min(1, 'The mileage threshold is at least 1 mile.')
          .max(RATE_BOUNDS.thresholdMiles, `The mileage threshold can be at most ${RATE_BOUNDS.thresholdMiles.toLocaleString('en-GB')} miles (HMRC’s is 10,000).`)
          .nullish(),
        aboveThreshold: moneyText('rate above the threshold').nullish(),
      })
      .superRefine((v, ctx) => {
        if (v.aboveThreshold != null && v.aboveThreshold > v.rate) {
          ctx.addIssue({ code: 'custom', path: ['aboveThreshold'], message: 'The rate above the threshold should be not more than the rate for the first miles (HMRC: 45p, then 25p).' });
        }
        if (v.vehicle === 'car_van' && (v.thresholdMiles == null || v.aboveThreshold == null)) {
          ctx.addIssue({ code: 'custom', path: ['thresholdMiles'], message: 'A car or van rate needs the mileage threshold and the rate above it (HMRC: 10,000 miles, then 25p).' });
        }
      }),
    access: 'settings.manage',
    summary: 'Add a mileage rate from a date (earlier rates stay for earlier journeys). A college setting: managers only.',
    refuses: ['rate.exists'],
  }),
  'expenses.rates.addInvolvement': method<ExpenseRates>()({ kind: 'write',
    input: z.object({
      basis: z.enum(codeKeys(INVOLVEMENT_BASES), { error: 'Please choose per session or per hour.' }),
      effectiveFrom: realDate('date the rate starts'),
      rate: moneyText('rate').refine((p) => p <= RATE_BOUNDS.involvementPence, `An involvement rate can be at most ${formatPence(RATE_BOUNDS.involvementPence)} a session or an hour. Please check the amount.`),
      description: optionalText('Description', 200),
    }),
    access: 'settings.manage',
    summary: 'Add an involvement payment rate from a date.',
    refuses: ['rate.exists'],
  }),
  'expenses.rates.addBenefitLimit': method<ExpenseRates>()({ kind: 'write',
    input: z.object({
      kind: z.enum(['lower', 'higher'], { error: 'Please choose the lower or higher limit.' }),
      name: z.string().trim().min(1, 'Please name the limit.').max(100),
      effectiveFrom: realDate('date the limit starts'),
      weekly: moneyText('weekly limit').refine((p) => p > 0 && p <= RATE_BOUNDS.weeklyLimitPence, `A weekly limit is more than £0 and at most ${formatPence(RATE_BOUNDS.weeklyLimitPence)} a week. Please check the amount.`),
    }),
    access: 'settings.manage',
    summary: 'Add a weekly benefit earnings limit from a date (they change most Aprils).',
    refuses: ['rate.exists'],
  }),

  // totals
  'expenses.totals.payees': method<PayeeYearTotals[]>()({ kind: 'read',
    input: z.object({ taxYear }),
    access: 'expenses.read',
    summary: 'Per payee for a tax year: expenses, mileage miles and involvement payments (approved or paid).',
  }),
  'expenses.totals.months': method<MonthTotals[]>()({ kind: 'read',
    input: z.object({ taxYear }),
    access: 'expenses.read',
    summary: 'The college’s totals per month for a tax year.',
  }),
  'expenses.totals.exportCsv': method<ExportedFile>()({ kind: 'read',
    input: z.object({ taxYear, kind: z.enum(['payees', 'months']) }),
    access: 'expenses.read',
    summary: 'The totals as a CSV file.',
  }),
} satisfies Record<string, MethodSpec>;
