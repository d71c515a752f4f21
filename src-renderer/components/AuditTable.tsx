// A page of audit entries: when, who, what happened and which fields — used by the audit log and a record's history.
import { Table, Text } from '@mantine/core';
import { formatTimestamp, ukDatesIn } from '../../src-main/contract/dates';
import type { AuditEntry } from '../../src-main/contract/staff';
import { fieldLabel } from '../students/labels';
import { actionLabel, entityLabel } from '../../src-main/contract/audit';

export function AuditTable({ rows, showEntity = false, caption }: { rows: AuditEntry[]; showEntity?: boolean; caption: string }) {
  if (rows.length === 0) return <Text c="dimmed">Nothing has been recorded yet.</Text>;
  return (
    <Table striped withTableBorder verticalSpacing="xs" data-testid="audit-table">
      <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Who</Table.Th>
          <Table.Th scope="col">What</Table.Th>
          {showEntity && <Table.Th scope="col">Record</Table.Th>}
          <Table.Th scope="col">Fields</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTimestamp(r.at)}</Table.Td>
            <Table.Td>{r.staffName ?? 'The app'}</Table.Td>
            <Table.Td>
              <Text span fw={500}>
                {actionLabel(r.action)}
              </Text>
              {r.summary && (
                <Text size="sm" c="dimmed">
                  {ukDatesIn(r.summary)}
                </Text>
              )}
            </Table.Td>
            {showEntity && (
              <Table.Td>
                {entityLabel(r.entity)}
                {r.recordName ? ` ${r.recordName}` : r.entityId !== null ? ` no. ${r.entityId}` : ''}
              </Table.Td>
            )}
            <Table.Td>{r.fields.length ? r.fields.map(fieldLabel).join(', ') : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
