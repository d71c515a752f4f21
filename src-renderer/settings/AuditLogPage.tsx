// The audit log for managers: every change, who made it and when, newest first; filter by kind of record, person and dates.
import { Group, NativeSelect, Pagination, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { AuditTable } from '../components/AuditTable';
import { AUDIT_ENTITY_LABELS, type AuditEntity } from '../../src-main/contract/audit';
import { isIsoDate } from '../../src-main/contract/dates';
import { DateField } from '../dates/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { AuditChainPanel } from '../privacy/AuditChainPanel';
import { pagerProps } from '../components/pagination';

const ENTITIES = [
  { value: '', label: 'Everything' },
  ...Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label: value === 'staff' ? 'Staff accounts and signing in' : label })),
];
const PAGE_SIZE = 50;

export function AuditLogPage() {
  return (
    <RequirePermission permission="audit.read" title="Audit log">
      <AuditLogInner />
    </RequirePermission>
  );
}

function AuditLogInner() {
  const [entity, setEntity] = useState<AuditEntity | ''>('');
  const [staffId, setStaffId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const staff = useApiQuery('staff.list', {}, { quietErrors: true });
  // Half-typed dates are ignored until they are whole, so the list does not flicker while someone types.
  const fromDate = isIsoDate(from) ? from : undefined;
  const toDate = isIsoDate(to) ? to : undefined;
  const backwards = !!fromDate && !!toDate && fromDate > toDate;
  const log = useApiQuery(
    'audit.list',
    { entity: entity || undefined, staffId: staffId ? Number(staffId) : undefined, from: fromDate, to: toDate, page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData, quietErrors: true, staleTime: 0, enabled: !backwards },
  );
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;
  const people = [
    { value: '', label: 'Everyone' },
    ...(staff.data ?? []).map((p) => ({ value: String(p.id), label: p.active ? p.displayName : `${p.displayName} (deactivated)` })),
  ];
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  return (
    <Page title="Audit log">
      <AuditChainPanel />
      <Group align="flex-start" wrap="wrap">
        <NativeSelect label="Show" data={ENTITIES} value={entity} onChange={(e) => refilter(setEntity)(e.currentTarget.value as AuditEntity | '')} w={260} />
        <NativeSelect label="Done by" data={people} value={staffId} onChange={(e) => refilter(setStaffId)(e.currentTarget.value)} w={220} />
        <DateField label="From" value={from} onChange={refilter(setFrom)} w={190} error={backwards ? 'The first day must be on or before the last day.' : undefined} />
        <DateField label="To" value={to} onChange={refilter(setTo)} w={190} />
      </Group>
      {log.data && !backwards && (
        <Text size="sm" c="dimmed" role="status">
          {log.data.total} {log.data.total === 1 ? 'entry' : 'entries'}
        </Text>
      )}
      {log.isError && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && !backwards && <AuditTable rows={log.data.rows} showEntity caption="Newest first." />}
      {pages > 1 && !backwards && <Pagination total={pages} value={page} onChange={setPage} {...pagerProps()} />}
    </Page>
  );
}
