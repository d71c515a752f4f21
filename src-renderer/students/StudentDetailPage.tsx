// One student's full record, in tabs (the open one in the address, `?tab=courses`): details with the NHS number and dated
// data-sharing consent, courses and attendance, outcomes, record history, and for managers privacy; archive and restore.
import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Group, Modal, Pagination, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { EMPLOYMENT_STATUSES, ETHNIC_CATEGORIES, GENDER_IDENTITIES, REFERRAL_SOURCES, SECONDARY_MH_SERVICES } from '../../src-main/contract/codes';
import { ageOn, collegeToday, formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { formatNhsNumber } from '../../src-main/contract/nhs-number';
import type { StudentDetail } from '../../src-main/contract/students';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { AuditTable } from '../components/AuditTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { StudentCoursesPanel } from '../scheduling/StudentCourses';
import { StudentOutcomesPanel } from '../outcomes/StudentOutcomesPanel';
import { StudentAttendancePanel } from '../registers/StudentAttendancePanel';
import { DateField } from '../dates/DateField';
import { StudentPrivacyPanel } from '../privacy/StudentPrivacyPanel';
import { pagerProps } from '../components/pagination';
import { Loading } from '../components/Loading';
import { RecordTabs } from '../components/RecordTabs';

function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        {empty ? <Text span c="dimmed">Not recorded</Text> : children}
      </Text>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 1, lg: 2 }} spacing="md" verticalSpacing="sm" m={0}>
        {children}
      </SimpleGrid>
    </Card>
  );
}

export function StudentDetailPage() {
  return (
    <RequirePermission permission="students.read" title="Student">
      <StudentDetailInner />
    </RequirePermission>
  );
}

function StudentDetailInner() {
  const id = Number(useParams().id);
  const { can } = useCurrentStaff();
  const student = useApiQuery('students.get', { id }, { quietErrors: true });
  if (student.isPending) return <Loading label="Loading the record" />;
  if (student.isError)
    return (
      <Page title="Student">
        <ErrorAlert error={student.error} onRetry={() => void student.refetch()} />
      </Page>
    );
  const s = student.data;
  const today = collegeToday();
  const name = `${s.firstName} ${s.surname}`;
  const address = [s.addressLine1, s.addressLine2, s.town].filter(Boolean).join('\n');
  const writable = can('students.write');

  return (
    <Page
      title={name}
      actions={
        writable && (
          <>
            {!s.archivedAt && (
              <Button component={Link} to={`/students/${s.id}/edit`}>
                Change details
              </Button>
            )}
            {s.archivedAt ? <RestoreButton student={s} /> : <ArchiveButton student={s} />}
          </>
        )
      }
    >
      <Breadcrumbs>
        <Anchor component={Link} to="/students">
          Students
        </Anchor>
        <span>{name}</span>
      </Breadcrumbs>
      <Group gap="sm" aria-label="Reference and status" role="group">
        <Badge variant="light" color="calm" size="lg" radius="sm">
          {s.reference}
        </Badge>
        {s.archivedAt ? (
          <Badge variant="outline" color="gray" size="lg" radius="sm">
            Archived
          </Badge>
        ) : (
          <Badge variant="outline" color="calm" size="lg" radius="sm">
            Active
          </Badge>
        )}
        <Badge variant="outline" color={s.consentInForce ? 'calm' : 'gray'} size="lg" radius="sm">
          {s.consentInForce ? 'Data-sharing consent given' : 'No data-sharing consent'}
        </Badge>
        <Text size="sm" c="dimmed">
          Born {formatDate(s.dateOfBirth)} (age {ageOn(s.dateOfBirth, today)})
        </Text>
      </Group>
      {s.archivedAt && (
        <Alert color="gray" title="This student is archived">
          Archived on {formatDate(s.archivedAt)}
          {s.archivedReason ? `: ${s.archivedReason}` : ''}. The record is kept but hidden from everyday lists. Restore it to make changes.
        </Alert>
      )}

      <RecordTabs
        label={`${name}’s record`}
        tabs={[
          {
            value: 'details',
            label: 'Details',
            panel: (
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
                <Section title="About them">
                  <Field label="First name">{s.firstName}</Field>
                  <Field label="Surname">{s.surname}</Field>
                  <Field label="Preferred name">{s.preferredName}</Field>
                  <Field label="Pronouns">{s.pronouns}</Field>
                  <Field label="Date of birth">
                    {formatDate(s.dateOfBirth)} (age {ageOn(s.dateOfBirth, today)})
                  </Field>
                </Section>
                <Section title="Contact">
                  <Field label="Phone">{s.phone}</Field>
                  <Field label="Email">{s.email}</Field>
                  <Field label="Address">{address}</Field>
                  <Field label="Postcode">{s.postcode}</Field>
                </Section>
                <Section title="Emergency contact">
                  <Field label="Name">{s.emergencyContactName}</Field>
                  <Field label="Phone">{s.emergencyContactPhone}</Field>
                  <Field label="Relationship">{s.emergencyContactRelationship}</Field>
                </Section>
                <Section title="Support and how they came">
                  <Field label="Support and access needs">{s.supportNeeds}</Field>
                  <Field label="How they came">
                    {REFERRAL_SOURCES[s.referralSource]}
                    {s.referralOther ? ` — ${s.referralOther}` : ''}
                  </Field>
                  <Field label="Under secondary mental-health services">{SECONDARY_MH_SERVICES[s.secondaryMhServices]}</Field>
                </Section>
                <Section title="Monitoring">
                  <Field label="Ethnic category">{ETHNIC_CATEGORIES[s.ethnicCategory]}</Field>
                  <Field label="Gender identity">{GENDER_IDENTITIES[s.genderIdentity]}</Field>
                  <Field label="Employment status at enrolment">{EMPLOYMENT_STATUSES[s.employmentStatus]}</Field>
                </Section>
                <ConsentSection student={s} writable={writable && !s.archivedAt} />
              </SimpleGrid>
            ),
          },
          {
            value: 'courses',
            label: 'Courses & attendance',
            panel: (
              <>
                <StudentCoursesPanel studentId={s.id} />
                <StudentAttendancePanel studentId={s.id} />
              </>
            ),
          },
          ...(can('outcomes.read') ? [{ value: 'outcomes', label: 'Outcomes', panel: <StudentOutcomesPanel id={s.id} /> }] : []),
          { value: 'history', label: 'History', panel: <HistorySection id={s.id} /> },
          ...(can('audit.read')
            ? [{ value: 'privacy', label: 'Privacy', panel: <StudentPrivacyPanel studentId={s.id} anonymised={s.firstName === 'Anonymised' && s.surname === s.reference} /> }]
            : []),
        ]}
      />
    </Page>
  );
}

function ConsentSection({ student: s, writable }: { student: StudentDetail; writable: boolean }) {
  const [mode, setMode] = useState<null | 'give' | 'withdraw'>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="NHS number and data-sharing consent">
      <Title order={2} size="h4" mb="sm">
        NHS number and data-sharing consent
      </Title>
      <Stack gap="sm">
        <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 1, lg: 2 }} m={0}>
          <Field label="NHS number">{s.nhsNumber ? <span data-testid="nhs-number">{formatNhsNumber(s.nhsNumber)}</span> : null}</Field>
          <Field label="Consent to share for service-use evaluation">
            {s.consentInForce ? (
              <Badge color="calm" variant="light" radius="sm">
                Consent given
              </Badge>
            ) : (
              <Badge color="gray" variant="outline" radius="sm">
                No consent in force
              </Badge>
            )}
          </Field>
        </SimpleGrid>
        {s.consents.length > 0 && (
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Consent history">
            {s.consents.map((c) => (
              <Text component="li" key={c.id} size="sm">
                Given on {formatDate(c.givenOn)}
                {c.withdrawnOn ? `, withdrawn on ${formatDate(c.withdrawnOn)}` : ' (in force)'}
                {c.reviewOn && !c.withdrawnOn ? `, to be reviewed on ${formatDate(c.reviewOn)}` : ''} — recorded by {c.recordedBy} on {formatTimestamp(c.recordedAt)}
              </Text>
            ))}
          </Stack>
        )}
        {writable && s.nhsNumber && (
          <Group>
            {s.consentInForce ? (
              <Button variant="default" aria-haspopup="dialog" onClick={() => setMode('withdraw')}>
                Record that consent was withdrawn
              </Button>
            ) : (
              <Button variant="default" aria-haspopup="dialog" onClick={() => setMode('give')}>
                Record consent
              </Button>
            )}
          </Group>
        )}
        {writable && !s.nhsNumber && (
          <Text size="sm" c="dimmed">
            Consent can be recorded once the student’s NHS number is on their record.
          </Text>
        )}
      </Stack>
      {mode && <ConsentModal student={s} mode={mode} onClose={() => setMode(null)} />}
    </Card>
  );
}

function ConsentModal({ student, mode, onClose }: { student: StudentDetail; mode: 'give' | 'withdraw'; onClose: () => void }) {
  const [date, setDate] = useState(collegeToday());
  const [reviewOn, setReviewOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const opts = {
    invalidate: ['students.'],
    onSuccess: () => {
      notifications.show({ message: mode === 'give' ? 'Consent recorded.' : 'Withdrawal of consent recorded.', color: 'calm', withBorder: true });
      onClose();
    },
    onError: (e: unknown) => setError(errorMessage(e)),
    handles: ['VALIDATION' as const, 'CONFLICT' as const],
  };
  const give = useApiMutation('students.recordConsent', opts);
  const withdraw = useApiMutation('students.withdrawConsent', opts);
  const title = mode === 'give' ? 'Record data-sharing consent' : 'Record that consent was withdrawn';
  return (
    <Modal opened onClose={onClose} title={title}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          if (mode === 'give') give.mutate({ id: student.id, givenOn: date, reviewOn: reviewOn || undefined });
          else withdraw.mutate({ id: student.id, withdrawnOn: date });
        }}
      >
        <Stack>
          <Text size="sm">
            {mode === 'give'
              ? `The date ${student.firstName} agreed that their NHS number may be shared for service-use evaluation.`
              : `The date ${student.firstName} told the college they no longer agree to share their NHS number.`}
          </Text>
          <DateField label={mode === 'give' ? 'Date consent was given' : 'Date consent was withdrawn'} required value={date} onChange={setDate} error={error} data-autofocus />
          {mode === 'give' && (
            <DateField label="Review consent on (optional)" description="The date to check with the student that they still agree." value={reviewOn} onChange={setReviewOn} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={give.isPending || withdraw.isPending}>
              {mode === 'give' ? 'Record consent' : 'Record withdrawal'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ArchiveButton({ student }: { student: StudentDetail }) {
  const [opened, { open, close }] = useDisclosure();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const archive = useApiMutation('students.archive', {
    invalidate: ['students.'],
    onSuccess: () => {
      notifications.show({ message: `${student.firstName} ${student.surname} has been archived.`, color: 'calm', withBorder: true });
      close();
    },
    onError: (e) => setError(e.fields?.reason ?? e.message),
    handles: ['VALIDATION', 'CONFLICT'],
  });
  return (
    <>
      <Button aria-haspopup="dialog" variant="default" onClick={open}>
        Archive…
      </Button>
      <Modal opened={opened} onClose={close} title={`Archive ${student.firstName} ${student.surname}?`}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return setError('Please give a reason.');
            setError(null);
            archive.mutate({ id: student.id, reason });
          }}
        >
          <Stack>
            <Text size="sm">
              The record is kept, with its history, but hidden from everyday lists. You can restore it at any time.
            </Text>
            <Textarea label="Reason for archiving" description="For example: moved away, asked to leave the college" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} maxLength={500} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Keep the record as it is
              </Button>
              <Button type="submit" color="red" loading={archive.isPending}>
                Archive this student
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function RestoreButton({ student }: { student: StudentDetail }) {
  const [opened, { open, close }] = useDisclosure();
  const restore = useApiMutation('students.restore', {
    invalidate: ['students.'],
    onSuccess: () => {
      notifications.show({ message: `${student.firstName} ${student.surname} is back in everyday lists.`, color: 'calm', withBorder: true });
      close();
    },
  });
  return (
    <>
      <Button aria-haspopup="dialog" onClick={open}>Restore…</Button>
      <Modal opened={opened} onClose={close} title={`Restore ${student.firstName} ${student.surname}?`}>
        <Stack>
          <Text size="sm">They will appear in searches and lists again, and their record can be changed.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button onClick={() => restore.mutate({ id: student.id })} loading={restore.isPending}>
              Restore this student
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function HistorySection({ id }: { id: number }) {
  const [page, setPage] = useState(1);
  const history = useApiQuery('students.history', { id, page }, { quietErrors: true });
  const pages = history.data ? Math.max(1, Math.ceil(history.data.total / history.data.pageSize)) : 1;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Record history">
      <Title order={2} size="h4" mb="sm">
        Record history
      </Title>
      {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
      {history.data && <AuditTable rows={history.data.rows} caption="Who changed this record, when, and which fields (newest first)." />}
      {pages > 1 && <Pagination mt="sm" total={pages} value={page} onChange={setPage} {...pagerProps('History page')} />}
    </Card>
  );
}
