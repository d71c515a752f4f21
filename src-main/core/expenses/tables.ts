// Kysely table types for expenses and involvement payments (migration 0004).
import type { Generated } from 'kysely';

export type PaymentMethod = 'bank_transfer' | 'cash' | 'voucher';
export type ClaimStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'paid';
export type LineCategory = 'mileage' | 'public_transport' | 'parking' | 'childcare_carer' | 'subsistence' | 'other';
export type Vehicle = 'car_van' | 'motorcycle' | 'bicycle';
export type InvolvementStatus = 'recorded' | 'approved' | 'declined' | 'paid';

/** What a staff member did to a claim that gives them a hand in it (segregation of duties: they may not approve it). */
export type ClaimHandAction = 'add' | 'change' | 'remove' | 'waive-receipt' | 'attach-receipt' | 'remove-receipt' | 'edit-notes';

export interface ExpensesTables {
  payees: {
    id: Generated<number>;
    facilitator_id: number | null;
    name: string;
    email: string | null;
    address: string | null;
    payment_method: PaymentMethod;
    bank_account_name: string | null;
    bank_sort_code: string | null;
    bank_account_number: string | null;
    notes: string | null;
    active: Generated<number>;
    created_at: string;
    updated_at: string;
    version: Generated<number>;
  };
  mileage_rates: {
    id: Generated<number>;
    vehicle: Vehicle | 'passenger';
    effective_from: string;
    rate_pence: number;
    threshold_miles: number | null;
    above_threshold_pence: number | null;
    created_by: number | null;
    created_at: string;
  };
  involvement_rates: {
    id: Generated<number>;
    basis: 'session' | 'hour';
    effective_from: string;
    rate_pence: number;
    description: string | null;
    created_by: number | null;
    created_at: string;
  };
  benefit_limits: {
    id: Generated<number>;
    kind: 'lower' | 'higher';
    name: string;
    effective_from: string;
    weekly_pence: number;
    created_by: number | null;
    created_at: string;
  };
  payment_batches: {
    id: Generated<number>;
    reference: string;
    status: Generated<'open' | 'paid'>;
    created_by: number;
    created_at: string;
    paid_by: number | null;
    paid_at: string | null;
    paid_on: string | null;
  };
  claims: {
    id: Generated<number>;
    reference: string;
    payee_id: number;
    status: Generated<ClaimStatus>;
    notes: string | null;
    entered_by: number;
    entered_at: string;
    submitted_by: number | null;
    submitted_at: string | null;
    decided_by: number | null;
    decided_at: string | null;
    rejection_reason: string | null;
    batch_id: number | null;
    paid_at: string | null;
    updated_at: string;
    version: Generated<number>;
  };
  claim_lines: {
    id: Generated<number>;
    claim_id: number;
    line_date: string;
    category: LineCategory;
    description: string | null;
    amount_pence: number;
    miles_tenths: number | null;
    vehicle: Vehicle | null;
    passengers: Generated<number>;
    working: string | null;
    session_id: number | null;
    receipt_waived_reason: string | null;
    receipt_waived_by: number | null;
    receipt_waived_at: string | null;
    created_by: number;
    created_at: string;
    /** Migration 0009: the latest edit (all of them are in claim_line_edits). */
    updated_by: number | null;
    updated_at: string | null;
  };
  /** Migration 0009: who created or changed each line, and when — segregation of duties reads it. Migration 0013: also receipt removals and notes. */
  claim_line_edits: {
    id: Generated<number>;
    claim_id: number;
    /** Null for a hand in the claim itself (its notes). */
    line_id: number | null;
    action: ClaimHandAction;
    staff_id: number;
    at: string;
  };
  claim_receipts: {
    id: Generated<number>;
    line_id: number;
    file_name: string;
    mime_type: string;
    size_bytes: number;
    content: Buffer;
    uploaded_by: number;
    uploaded_at: string;
  };
  involvement_payments: {
    id: Generated<number>;
    payee_id: number;
    session_id: number | null;
    work_date: string;
    basis: 'session' | 'hour';
    hours_hundredths: number | null;
    rate_pence: number;
    offered_pence: number;
    amount_pence: number;
    description: string | null;
    status: Generated<InvolvementStatus>;
    payee_decision: Generated<'accepted' | 'reduced' | 'declined'>;
    decision_note: string | null;
    recorded_by: number;
    recorded_at: string;
    approved_by: number | null;
    approved_at: string | null;
    limit_warning: string | null;
    batch_id: number | null;
    paid_at: string | null;
    updated_at: string;
  };
}
