// On a student's page, for managers: who has looked at or changed this record (every view, print and export is audited).
import { Card, Pagination, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { AuditTable } from '../components/AuditTable';
import { ErrorAlert } from '../components/ErrorAlert';

export function StudentPrivacyPanel({ studentId }: { studentId: number }) {
  const [page, setPage] = useState(1);
  const log = useApiQuery('privacy.studentAccessLog', { id: studentId, page, pageSize: 20 }, { quietErrors: true });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / log.data.pageSize)) : 1;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Who has looked at or changed this record">
      <Title order={2} size="h4" mb="sm">
        Who has looked at or changed this record
      </Title>
      {log.isError && <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />}
      {log.data && <AuditTable rows={log.data.rows} showEntity caption="Every view, print, export and change, newest first. Only managers see this." />}
      {pages > 1 && <Pagination mt="sm" total={pages} value={page} onChange={setPage} getItemProps={(p) => ({ 'aria-label': `Access log page ${p}` })} />}
    </Card>
  );
}
