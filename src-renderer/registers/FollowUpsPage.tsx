// The welfare follow-up list: students we have not seen for two sessions in a row (apologies don't count), and contacts made.
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { followUpName, type FollowUpEntry } from '../../src-main/contract/registers';
import { call, errorMessage, invalidateMethods, useApiQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../dates/DateField';
import { Loading } from '../components/Loading';

export function FollowUpsPage() {
  return (
    <RequirePermission permission="registers.take" title="Follow-up calls">
      <FollowUps />
    </RequirePermission>
  );
}

function FollowUps() {
  const q = useApiQuery('registers.followUps', {}, { quietErrors: true });
  return (
    <Page title="Follow-up calls" actions={<ExportButton list="followUps" filter={{}} />}>
      <Text maw={760}>
        People we have not seen for two sessions in a row, without sending apologies. A friendly call or message to see how they are and
        whether anything would help them come back — a welfare check, never a telling-off. Once they come back, or send apologies, they leave
        this list.
      </Text>
      {q.isPending ? (
        <Loading label="Loading the follow-up list" />
      ) : q.error ? (
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Alert color="calm" title="Nobody to follow up">
          Everyone has been seen recently or has been in touch.
        </Alert>
      ) : (
        <Stack>
          {q.data.map((e) => (
            <FollowUpCard key={`${e.courseRunId}-${e.studentId}`} entry={e} />
          ))}
        </Stack>
      )}
    </Page>
  );
}

function FollowUpCard({ entry: e }: { entry: FollowUpEntry }) {
  const queryClient = useQueryClient();
  const [on, setOn] = useState(collegeToday());
  const [outcome, setOutcome] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = followUpName(e);

  const record = async () => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await call('registers.recordFollowUp', { studentId: e.studentId, courseRunId: e.courseRunId, contactedOn: on, outcome });
      setOutcome('');
      await invalidateMethods(queryClient, ['registers.followUps']);
    } catch (err) {
      const fields = (err as { fields?: Record<string, string> }).fields;
      if (fields) setErrors(fields);
      else setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder component="article" aria-labelledby={`fu-${e.courseRunId}-${e.studentId}`} data-testid="follow-up">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4" id={`fu-${e.courseRunId}-${e.studentId}`}>
            {name}
          </Title>
          <Badge color={e.contactedSinceLastMiss ? 'calm' : 'dark'} variant={e.contactedSinceLastMiss ? 'light' : 'outline'}>
            {e.contactedSinceLastMiss ? 'Contacted' : 'Not contacted yet'}
          </Badge>
        </Group>
        <Text size="sm">
          {e.courseTitle} · missed {e.missedDates.map((d) => formatDate(d)).join(', ')} · {e.reference}
        </Text>
        <Text size="sm">
          {e.phone ? `Phone ${e.phone}` : 'No phone number recorded'}
          {e.email ? ` · Email ${e.email}` : ''}
          {e.emergencyContactName ? ` · Emergency contact ${e.emergencyContactName}${e.emergencyContactPhone ? ` (${e.emergencyContactPhone})` : ''}` : ''}
        </Text>
        {e.contacts.length > 0 && (
          <Stack gap={2}>
            {e.contacts.map((c) => (
              <Text size="sm" key={c.id}>
                {formatDate(c.contactedOn)}, {c.contactedBy}: {c.outcome}
              </Text>
            ))}
          </Stack>
        )}
        <form
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            void record();
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <DateField label="Contacted on" required value={on} onChange={setOn} error={errors.contactedOn} />
            <Textarea
              label="How did it go?"
              required
              autosize
              minRows={1}
              maxLength={1000}
              style={{ flex: 1, minWidth: 260 }}
              value={outcome}
              onChange={(ev) => setOutcome(ev.currentTarget.value)}
              error={errors.outcome}
            />
            <Button type="submit" loading={busy}>
              Record contact
            </Button>
          </Group>
        </form>
        {message && (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        )}
        <Anchor component={Link} to={`/registers/runs/${e.courseRunId}`} size="sm">
          Course run attendance
        </Anchor>
      </Stack>
    </Card>
  );
}
