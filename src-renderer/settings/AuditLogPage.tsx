// The audit log for managers: every change, who made it and when, newest first; filter by kind of record, person and days, and export.
import { Group, NativeSelect, Pagination, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { AuditTable } from '../components/AuditTable';
import { AUDIT_ENTITY_LABELS, type AuditEntity } from '../../src-main/contract/audit';
import { isIsoDate } from '../../src-main/contract/dates';
import { DateField } from '../dates/DateField';
import { ExportButton } from '../components/ExportButton';
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
  const [page, setPage] = useState(1);
  const staff = useApiQuery('staff.list', {}, { quietErrors: true });
  const people = [
    { value: '', label: 'Everyone' },
    ...(staff.data ?? []).map((p) => ({ value: String(p.id), label: p.active ? p.displayName : `${p.displayName} (deactivated)` })),
  ];
  // The days the log is narrowed to (college time, inclusive); half-typed dates are ignored until they are whole.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromDay = isIsoDate(from) ? from : undefined;
  const toDay = isIsoDate(to) ? to : undefined;
  const backwards = !!fromDay && !!toDay && fromDay > toDay;
  const filter = { entity: entity || undefined, staffId: staffId ? Number(staffId) : undefined, from: fromDay, to: backwards ? undefined : toDay };
  const log = useApiQuery('audit.list', { ...filter, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData, quietErrors: true, staleTime: 0 });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;
  return (
    <Page title="Audit log" actions={<ExportButton list="auditLog" filter={filter} />}>
      <AuditChainPanel />
      {/* Each field has a line of help, so labels, help and boxes line up; a message under one moves nothing. */}
      <Group align="flex-start" wrap="wrap">
        <NativeSelect
          label="Show"
          description="Which kind of record"
          data={ENTITIES}
          value={entity}
          onChange={(e) => {
            setEntity(e.currentTarget.value as AuditEntity | '');
            setPage(1);
          }}
          w={260}
        />
        <NativeSelect
          label="Done by"
          description="Which member of staff"
          data={people}
          value={staffId}
          onChange={(e) => {
            setStaffId(e.currentTarget.value);
            setPage(1);
          }}
          w={220}
        />
        <DateField
          label="From"
          hint="First day, included"
          value={from}
          onChange={(v) => {
            setFrom(v);
            setPage(1);
          }}
          w={200}
        />
        <DateField
          label="To"
          hint="Last day, included"
          value={to}
          onChange={(v) => {
            setTo(v);
            setPage(1);
          }}
          error={backwards ? 'The last day is before the first day.' : undefined}
          w={200}
        />
      </Group>
      {log.data && (
        <Text size="sm" c="dimmed" role="status">
          {log.data.total} {log.data.total === 1 ? 'entry' : 'entries'}
        </Text>
      )}
      {log.isError && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && <AuditTable rows={log.data.rows} showEntity caption="Newest first." />}
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} {...pagerProps()} />}
    </Page>
  );
}
