// Bits every expenses screen shares: the area's sub-navigation, status words, and reading a chosen file as base64.
import { Anchor, Badge, Group } from '@mantine/core';
import { NavLink as RouterNavLink } from 'react-router';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src-main/contract/expenses';
import { ApiCallError } from '../api/client';
import { useCurrentStaff } from '../app/auth-context';

const LINKS = [
  { to: '/expenses', label: 'Claims', end: true },
  { to: '/expenses/approvals', label: 'Approvals', permission: 'expenses.approve' as const },
  { to: '/expenses/batches', label: 'Payment batches' },
  { to: '/expenses/involvement', label: 'Involvement payments' },
  { to: '/expenses/payees', label: 'Payees' },
  { to: '/expenses/totals', label: 'Totals' },
];

export function ExpensesNav() {
  const { can } = useCurrentStaff();
  return (
    <nav aria-label="Expenses">
      <Group gap="md" wrap="wrap">
        {LINKS.filter((l) => !l.permission || can(l.permission)).map((l) => (
          <Anchor
            key={l.to}
            component={RouterNavLink}
            to={l.to}
            end={l.end}
            fw={500}
            style={({ isActive }: { isActive: boolean }) => (isActive ? { textDecoration: 'underline', textUnderlineOffset: 4 } : undefined)}
          >
            {l.label}
          </Anchor>
        ))}
      </Group>
    </nav>
  );
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

/** The UK tax year today falls in, named by its starting year. */
export function currentTaxYear(today = new Date()): number {
  const iso = today.toISOString().slice(0, 10);
  const y = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-06' ? y : y - 1;
}
