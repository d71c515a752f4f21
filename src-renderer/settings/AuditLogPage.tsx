// The audit log for managers: every change, who made it and when, newest first; filter by kind of record, person and days, and export.
import { Group, NativeSelect, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';
import { actionLabel, AUDIT_ENTITY_LABELS, entityLabel, type AuditEntity } from '../../src-main/contract/audit';
import type { AUDIT_SORTS, AuditEntry } from '../../src-main/contract/staff';
import { fieldLabel } from '../students/labels';

import { formatTimestamp, isIsoDate, ukDatesIn } from '../../src-main/contract/dates';
import { DateField } from '../dates/DateField';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { AuditChainPanel } from '../privacy/AuditChainPanel';

type AuditSort = (typeof AUDIT_SORTS)[number];

const ENTITIES = [
  { value: '', label: 'Everything' },
  ...Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label: value === 'staff' ? 'Staff accounts and signing in' : label })),
];

export function AuditLogPage() {
  return (
    <RequirePermission permission="audit.read" title="Audit log">
      <AuditLogInner />
    </RequirePermission>
  );
}

const columns: Column<AuditEntry, AuditSort>[] = [
  { header: 'When', sort: 'when', firstDirection: 'desc', render: (r) => <span style={{ whiteSpace: 'nowrap' }}>{formatTimestamp(r.at)}</span> },
  { header: 'Who', sort: 'who', render: (r) => r.staffName ?? 'The app' },
  {
    header: 'What',
    render: (r) => (
      <>
        <Text span fw={500} size="sm">
          {actionLabel(r.action)}
        </Text>
        {r.summary && (
          <Text size="xs" c="dimmed">
            {ukDatesIn(r.summary)}
          </Text>
        )}
      </>
    ),
  },
  {
    header: 'Record',
    sort: 'record',
    render: (r) => `${entityLabel(r.entity)}${r.recordName ? ` ${r.recordName}` : r.entityId !== null ? ` no. ${r.entityId}` : ''}`,
  },
  { header: 'Fields', render: (r) => (r.fields.length ? r.fields.map(fieldLabel).join(', ') : '—') },
];

function AuditLogInner() {
  const [entity, setEntity] = useState<AuditEntity | ''>('');
  const [staffId, setStaffId] = useState('');
  const list = useListState<AuditSort>('when', 'desc', 50);
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
  const log = useApiQuery('audit.list', { ...filter, ...list.input }, { placeholderData: keepPreviousData, quietErrors: true, staleTime: 0 });
  return (
    <Page title="Audit log" actions={<ExportButton list="auditLog" filter={filter} />}>
      <AuditChainPanel />
      {/* Each field has a line of help, so labels, help and boxes line up; a message under one moves nothing. */}
      <ListToolbar
        filters={
          <Group align="flex-start" wrap="wrap">
            <NativeSelect
              label="Show"
              description="Which kind of record"
              data={ENTITIES}
              value={entity}
              onChange={(e) => {
                setEntity(e.currentTarget.value as AuditEntity | '');
                list.restart();
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
                list.restart();
              }}
              w={220}
            />
            <DateField
              label="From"
              hint="First day, included"
              value={from}
              onChange={(v) => {
                setFrom(v);
                list.restart();
              }}
              w={200}
            />
            <DateField
              label="To"
              hint="Last day, included"
              value={to}
              onChange={(v) => {
                setTo(v);
                list.restart();
              }}
              error={backwards ? 'The last day is before the first day.' : undefined}
              w={200}
            />
          </Group>
        }
      />
      <DataTable
        label="Audit log"
        columns={columns}
        query={log}
        list={list}
        rowKey={(r) => r.id}
        noun={['entry', 'entries']}
        empty={filter.entity || filter.staffId || filter.from || filter.to ? 'Nothing recorded matches these choices.' : 'Nothing has been recorded yet.'}
        testId="audit-table"
      />
    </Page>
  );
}
