// One student's wellbeing questionnaires (entered item by item from paper) and destinations, a tab each (`?tab=destinations`).
// A blank answer is allowed: the questionnaire is then kept as incomplete and never scored.
import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { collegeToday, formatDate } from '../../src-main/contract/dates';
import {
  DESTINATION_KINDS,
  QUESTIONNAIRE_TIMEPOINTS,
  scoreQuestionnaire,
  WELLBEING_SCALE_ITEMS,
  type DestinationKind,
  type QuestionnaireTimepoint,
  type StudentOutcomes,
  type WellbeingScale,
} from '../../src-main/contract/outcomes';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { DateField } from '../dates/DateField';
import { Loading } from '../components/Loading';
import { RecordTabs } from '../components/RecordTabs';

function QuestionnaireForm({ data }: { data: StudentOutcomes }) {
  const [scale, setScale] = useState<WellbeingScale>(data.scale);
  const [timepoint, setTimepoint] = useState<QuestionnaireTimepoint>(data.questionnaires.some((q) => q.timepoint === 'baseline') ? 'end' : 'baseline');
  const [courseRunId, setCourseRunId] = useState('');
  const [completedOn, setCompletedOn] = useState(collegeToday());
  const [items, setItems] = useState<string[]>(() => Array(14).fill(''));
  const [error, setError] = useState<string | null>(null);
  const n = WELLBEING_SCALE_ITEMS[scale];
  // Only whole answers 1–5 count towards the live score; anything else is named rather than added in.
  const answered = items.slice(0, n);
  const values = answered.map((v) => (/^[1-5]$/.test(v.trim()) ? Number(v) : null));
  const outOfRange = answered.flatMap((v, i) => (v.trim() !== '' && values[i] === null ? [i + 1] : []));
  const score = scoreQuestionnaire(scale, values);
  const save = useApiMutation('outcomes.recordQuestionnaire', {
    invalidate: ['outcomes.'],
    onSuccess: () => {
      setItems(Array(14).fill(''));
      setError(null);
    },
    onError: (e) => setError(Object.values(e.fields ?? {})[0] ?? errorMessage(e)),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-label="Enter a questionnaire">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          save.mutate({ studentId: data.studentId, scale, timepoint, completedOn, courseRunId: courseRunId ? Number(courseRunId) : null, items: values });
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            Enter a wellbeing questionnaire
          </Title>
          <Group align="flex-end">
            <NativeSelect label="Questionnaire" value={scale} onChange={(e) => setScale(e.currentTarget.value as WellbeingScale)} data={['SWEMWBS', 'WEMWBS']} />
            <NativeSelect
              label="When"
              value={timepoint}
              onChange={(e) => setTimepoint(e.currentTarget.value as QuestionnaireTimepoint)}
              data={Object.entries(QUESTIONNAIRE_TIMEPOINTS).map(([value, label]) => ({ value, label }))}
            />
            <NativeSelect
              label="Course"
              value={courseRunId}
              onChange={(e) => setCourseRunId(e.currentTarget.value)}
              data={[
                { value: '', label: timepoint === 'baseline' ? 'Not linked to a course' : 'Choose the course…' },
                ...data.courseRuns.map((r) => ({ value: String(r.courseRunId), label: `${r.courseTitle} — ${r.termName}` })),
              ]}
            />
            <DateField label="Date answered" value={completedOn} maxDate={collegeToday()} onChange={setCompletedOn} />
          </Group>
          <Text size="sm" c="dimmed">
            Type each answer from 1 to 5 as written on the form. Leave a box empty if the question was not answered: the questionnaire is then kept as
            incomplete and not scored.
          </Text>
          <SimpleGrid cols={{ base: 4, sm: 7 }}>
            {Array.from({ length: n }, (_, i) => (
              <TextInput
                key={i}
                label={`Question ${i + 1}`}
                inputMode="numeric"
                maxLength={1}
                value={items[i]}
                error={items[i] && !/^[1-5]$/.test(items[i]) ? '1 to 5' : undefined}
                onChange={(e) => {
                  const v = e.currentTarget.value.trim();
                  setItems((prev) => prev.map((x, k) => (k === i ? v : x)));
                }}
              />
            ))}
          </SimpleGrid>
          <Text aria-live="polite">
            {outOfRange.length > 0
              ? `Each answer is a whole number from 1 to 5: please check ${outOfRange.length === 1 ? `question ${outOfRange[0]}` : `questions ${outOfRange.join(', ')}`}. No score until then.`
              : score.complete
              ? `Score: ${scale === 'SWEMWBS' ? `${score.score!.toFixed(2)} (metric, from a raw total of ${score.raw})` : score.score}`
              : 'Incomplete so far: no score.'}
          </Text>
          {error && (
            <Alert color="red" role="alert" title="Not saved">
              {error}
            </Alert>
          )}
          <Button type="submit" w="fit-content" loading={save.isPending}>
            Save questionnaire
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function DestinationForm({ studentId }: { studentId: number }) {
  const [kind, setKind] = useState<DestinationKind>('paid_work_started');
  const [withCollege, setWithCollege] = useState(false);
  const [onDate, setOnDate] = useState(collegeToday());
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useApiMutation('outcomes.recordDestination', {
    invalidate: ['outcomes.'],
    onSuccess: () => setNotes(''),
    onError: (e) => setError(Object.values(e.fields ?? {})[0] ?? errorMessage(e)),
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        save.mutate({ studentId, kind, withCollege: kind === 'volunteering_started' && withCollege, onDate, notes });
      }}
    >
      <Stack>
        <Group align="flex-end">
          <NativeSelect label="What they did" value={kind} onChange={(e) => setKind(e.currentTarget.value as DestinationKind)} data={Object.entries(DESTINATION_KINDS).map(([value, label]) => ({ value, label }))} />
          <DateField label="Date" value={onDate} maxDate={collegeToday()} onChange={setOnDate} />
          <TextInput label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
        </Group>
        {kind === 'volunteering_started' && <Checkbox label="Volunteering with the college" checked={withCollege} onChange={(e) => setWithCollege(e.currentTarget.checked)} />}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" w="fit-content" loading={save.isPending}>
          Record destination
        </Button>
      </Stack>
    </form>
  );
}

function Inner() {
  const id = Number(useParams().id);
  const { can } = useCurrentStaff();
  const outcomes = useApiQuery('outcomes.forStudent', { studentId: id }, { quietErrors: true });
  const student = useApiQuery('students.get', { id }, { quietErrors: true });
  if (outcomes.isPending) return <Loading label="Loading" />;
  if (outcomes.isError)
    return (
      <Page title="Wellbeing and outcomes">
        <ErrorAlert error={outcomes.error} onRetry={() => void outcomes.refetch()} />
      </Page>
    );
  const d = outcomes.data;
  const name = student.data ? `${student.data.firstName} ${student.data.surname}` : 'Student';
  return (
    <Page title={`Wellbeing and outcomes: ${name}`}>
      <Breadcrumbs>
        <Anchor component={Link} to="/students">
          Students
        </Anchor>
        <Anchor component={Link} to={`/students/${id}?tab=outcomes`}>
          {name}
        </Anchor>
        <span>Wellbeing and outcomes</span>
      </Breadcrumbs>
      <RecordTabs
        label={`${name}’s wellbeing and outcomes`}
        tabs={[
          {
            value: 'questionnaires',
            label: 'Questionnaires',
            panel: (
              <>
                <Card withBorder padding="lg" component="section" aria-label="Questionnaires">
                  <Title order={2} size="h4" mb="sm">
                    Questionnaires
                  </Title>
                  {d.questionnaires.length === 0 ? (
                    <Text c="dimmed">No questionnaires yet.</Text>
                  ) : (
                    <Table aria-label="Questionnaires" striped>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Date</Table.Th>
                          <Table.Th>When</Table.Th>
                          <Table.Th>Course</Table.Th>
                          <Table.Th>Questionnaire</Table.Th>
                          <Table.Th>Answers</Table.Th>
                          <Table.Th ta="right">Score</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {d.questionnaires.map((q) => (
                          <Table.Tr key={q.id}>
                            <Table.Td>{formatDate(q.completedOn)}</Table.Td>
                            <Table.Td>{QUESTIONNAIRE_TIMEPOINTS[q.timepoint]}</Table.Td>
                            <Table.Td>{q.courseTitle ?? '—'}</Table.Td>
                            <Table.Td>{q.scale}</Table.Td>
                            <Table.Td>{q.items.map((i) => i ?? '·').join(' ')}</Table.Td>
                            <Table.Td ta="right">
                              {q.complete ? (
                                q.scale === 'SWEMWBS' ? q.score!.toFixed(2) : q.score
                              ) : (
                                <Badge color="gray" variant="light">
                                  Incomplete
                                </Badge>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Card>
                {can('outcomes.enter') && <QuestionnaireForm data={d} />}
              </>
            ),
          },
          {
            value: 'destinations',
            label: 'Destinations',
            panel: (
              <Card withBorder padding="lg" component="section" aria-label="Destinations">
                <Stack>
                  <Title order={2} size="h4">
                    Destinations
                  </Title>
                  {d.destinations.length === 0 ? (
                    <Text c="dimmed">None recorded.</Text>
                  ) : (
                    <Table aria-label="Destinations">
                      <Table.Tbody>
                        {d.destinations.map((x) => (
                          <Table.Tr key={x.id}>
                            <Table.Td>{formatDate(x.onDate)}</Table.Td>
                            <Table.Td>
                              {DESTINATION_KINDS[x.kind]}
                              {x.withCollege ? ' (with the college)' : ''}
                            </Table.Td>
                            <Table.Td>{x.notes}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  {can('outcomes.enter') && <DestinationForm studentId={id} />}
                </Stack>
              </Card>
            ),
          },
        ]}
      />
    </Page>
  );
}

export function StudentOutcomesPage() {
  return (
    <RequirePermission permission="outcomes.read" title="Wellbeing and outcomes">
      <Inner />
    </RequirePermission>
  );
}
