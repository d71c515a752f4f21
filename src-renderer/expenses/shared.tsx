// Bits every expenses screen shares: the area's sub-navigation, status words, and reading a chosen file as base64.
import { Badge } from '@mantine/core';
import { AreaNav, type AreaLink } from '../components/AreaNav';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src-main/contract/expenses';
import { ApiCallError } from '../api/client';

const LINKS: AreaLink[] = [
  { to: '/expenses', label: 'Claims', end: true },
  // Coordinators approve claims, so the link follows the approving permission, not the settings one.
  { to: '/expenses/approvals', label: 'Approvals', permission: 'expenses.approve' },
  { to: '/expenses/batches', label: 'Payment batches' },
  { to: '/expenses/involvement', label: 'Involvement payments' },
  { to: '/expenses/payees', label: 'Payees' },
  { to: '/expenses/totals', label: 'Totals' },
  { to: '/expenses/rates', label: 'Rates & limits', permission: 'settings.manage' },
];

export function ExpensesNav() {
  return <AreaNav label="Expenses" links={LINKS} />;
}

const STATUS_COLOURS: Record<ClaimStatus, string> = { draft: 'gray', submitted: 'blue', approved: 'calm', rejected: 'red', paid: 'grape' };

/** One small line drawing per status, so the badge never relies on colour (drawn here: the app has no icon library). */
const STATUS_ICON_PATHS: Record<ClaimStatus, string> = {
  draft: 'M4 20h4L19 9l-4-4L4 16v4z', // a pencil: still being written
  submitted: 'M12 7v5l3 2M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', // a clock: waiting for approval
  approved: 'M5 12l5 5L20 7', // a tick
  rejected: 'M6 6l12 12M18 6L6 18', // a cross
  paid: 'M15 6a4 4 0 0 0-7 3v9M6 13h7M6 18h12', // a pound sign
};

export function StatusIcon({ status }: { status: ClaimStatus }) {
  return (
    <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={STATUS_ICON_PATHS[status]} />
    </svg>
  );
}

/** A claim's status in words and an icon (never colour alone). */
export function StatusBadge({ status }: { status: ClaimStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="light" leftSection={<StatusIcon status={status} />} data-status={status}>
      {CLAIM_STATUSES[status]}
    </Badge>
  );
}

/** A field's message from a failed call, e.g. `line.amount`. */
export function fieldError(error: unknown, ...paths: string[]): string | undefined {
  if (!(error instanceof ApiCallError) || !error.fields) return undefined;
  for (const p of paths) if (error.fields[p]) return error.fields[p];
  return undefined;
}

/** Reads a chosen file as base64 (without the data: prefix). */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

