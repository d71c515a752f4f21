// Bits every expenses screen shares: the area's sub-navigation, status words, and reading a chosen file as base64.
import { Badge } from '@mantine/core';
import { AreaNav, type AreaLink } from '../components/AreaNav';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src-main/contract/expenses';
import { ApiCallError } from '../api/client';

const LINKS: AreaLink[] = [
  { to: '/expenses', label: 'Claims', end: true },
  { to: '/expenses/approvals', label: 'Approvals', permission: 'settings.manage' },
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

/** A claim's status in words (never colour alone). */
export function StatusBadge({ status }: { status: ClaimStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="light">
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

