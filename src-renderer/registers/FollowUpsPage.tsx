// The welfare follow-up list: students we have not seen for two sessions in a row (apologies don't count), and contacts made.
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import { followUpName, type FOLLOW_UP_SORTS, type FollowUpEntry } from '../../src-main/contract/registers';
import { DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';
import { call, errorMessage, invalidateMethods, useApiQuery } from '../api';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../dates/DateField';

export function FollowUpsPage() {
  return (
    <RequirePermission permission="registers.take" title="Follow-up calls">
      <FollowUps />
    </RequirePermission>
  );
}

type FollowUpSort = (typeof FOLLOW_UP_SORTS)[number];

function FollowUps() {
  const list = useListState<FollowUpSort>('lastMissed', 'desc');
  const [notContactedOnly, setNotContactedOnly] = useState(false);
  const q = useApiQuery('registers.followUpsPage', { query: list.searched, notContactedOnly, ...list.input }, { quietErrors: true, placeholderData: keepPreviousData });
  const [calling, setCalling] = useState<FollowUpEntry | null>(null);
  const columns: Column<FollowUpEntry, FollowUpSort>[] = [
    {
      header: 'Name',
      sort: 'name',
      render: (e) => (
        <>
          <Text span fw={600} size="sm">
            {followUpName(e)}
          </Text>{' '}
          <Text span size="xs" c="dimmed">
            {e.reference}
          </Text>
        </>
      ),
    },
    {
      header: 'Course',
      sort: 'course',
      render: (e) => (
        <Anchor component={Link} to={`/registers/runs/${e.courseRunId}`} size="sm" aria-label={`${e.courseTitle}: attendance`}>
          {e.courseTitle}
        </Anchor>
      ),
    },
    { header: 'Missed', sort: 'lastMissed', firstDirection: 'desc', render: (e) => e.missedDates.map((d) => formatDate(d)).join(', ') },
    {
      header: 'How to reach them',
      render: (e) => (
        <Text size="sm">
          {e.phone ? `Phone ${e.phone}` : 'No phone number recorded'}
          {e.email ? ` · Email ${e.email}` : ''}
          {e.emergencyContactName ? ` · Emergency contact ${e.emergencyContactName}${e.emergencyContactPhone ? ` (${e.emergencyContactPhone})` : ''}` : ''}
        </Text>
      ),
    },
    {
      header: 'Contact',
      sort: 'contacted',
      render: (e) => {
        const last = e.contacts[e.contacts.length - 1];
        return (
          <Stack gap={2}>
            <Badge color={e.contactedSinceLastMiss ? 'calm' : 'dark'} variant={e.contactedSinceLastMiss ? 'light' : 'outline'} size="sm">
              {e.contactedSinceLastMiss ? 'Contacted' : 'Not contacted yet'}
            </Badge>
            {last && (
              <Text size="xs">
                {formatDate(last.contactedOn)}, {last.contactedBy}: {last.outcome}
              </Text>
            )}
          </Stack>
        );
      },
    },
    {
      header: 'Actions',
      hideHeader: true,
      render: (e) => (
        <Button size="compact-sm" variant="default" aria-haspopup="dialog" onClick={() => setCalling(e)} aria-label={`Record a call with ${followUpName(e)}`}>
          Record a call
        </Button>
      ),
    },
  ];
  return (
    <Page title="Follow-up calls" actions={<ExportButton list="followUps" filter={{}} />}>
      <Text maw={760}>
        People we have not seen for two sessions in a row, without sending apologies. A friendly call or message to see how they are and
        whether anything would help them come back — a welfare check, never a telling-off. Once they come back, or send apologies, they leave
        this list.
      </Text>
      <ListToolbar
        search={{ label: 'Find someone', value: list.search, onChange: list.setSearch, placeholder: 'Name, reference or course' }}
        filters={
          <Checkbox
            label="Only people not contacted yet"
            checked={notContactedOnly}
            onChange={(ev) => {
              setNotContactedOnly(ev.currentTarget.checked);
              list.restart();
            }}
            mb={8}
          />
        }
      />
      <DataTable
        label="People to follow up"
        columns={columns}
        query={q}
        list={list}
        rowKey={(e) => `${e.courseRunId}-${e.studentId}`}
        noun={['person to follow up', 'people to follow up']}
        empty={list.searched || notContactedOnly ? 'Nobody matches these choices.' : 'Nobody to follow up: everyone has been seen recently or has been in touch.'}
        rowProps={() => ({ 'data-testid': 'follow-up' })}
      />
      {calling && (
        <Modal opened onClose={() => setCalling(null)} title={`Record a call with ${followUpName(calling)}`} size="lg">
          <FollowUpCard entry={calling} onDone={() => setCalling(null)} />
        </Modal>
      )}
    </Page>
  );
}

function FollowUpCard({ entry: e, onDone }: { entry: FollowUpEntry; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [on, setOn] = useState(collegeToday());
  const [outcome, setOutcome] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const record = async () => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await call('registers.recordFollowUp', { studentId: e.studentId, courseRunId: e.courseRunId, contactedOn: on, outcome });
      setOutcome('');
      await invalidateMethods(queryClient, ['registers.followUps']);
      onDone();
    } catch (err) {
      const fields = (err as { fields?: Record<string, string> }).fields;
      if (fields) setErrors(fields);
      else setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
      <Stack gap="xs">
        <Text size="sm">
          {e.courseTitle} · missed {e.missedDates.map((d) => formatDate(d)).join(', ')} · {e.reference}
        </Text>
        <Text size="sm">
          {e.phone ? `Phone ${e.phone}` : 'No phone number recorded'}
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
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </form>
        {message && (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        )}
      </Stack>
  );
}
