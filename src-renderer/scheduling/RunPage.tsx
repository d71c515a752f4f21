// A course run's page, in tabs (the open one in the address, `?tab=students`): its sessions (move, add, cancel), creating
// sessions from a weekly pattern, who is enrolled and waiting (enrol, withdraw, promotions), its team, its room and
// places; and its calendar file.
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Modal, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { WEEKDAYS, WITHDRAW_REASONS, type GenerateResult, type PromotedStudent, type RunDetail, type Session, type WithdrawReasonCode } from '../../src-main/contract/scheduling';
import { isApiCallError, refusal, type ApiCallError } from '../api/client';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { useSaveExport } from '../files';
import { StudentPicker } from './StudentPicker';
import { CoDeliveryBadge, ScheduleNav, kindLabel, toId } from './shared';
import { DateField } from '../dates/DateField';
import { TimeField } from '../dates/TimeField';
import { plural } from '../components/words';
import { RecordTabs, useRecordTab } from '../components/RecordTabs';

const dayName = (date: string) => DateTime.fromISO(date).toFormat('ccc');

/** A refusal or a warning from the core, with the confirm button a student clash needs. */
function Problem({ error, onConfirm, confirmLabel }: { error: ApiCallError | null; onConfirm?: () => void; confirmLabel?: string }) {
  if (!error) return null;
  const clash = refusal(error, 'schedule.student-clash');
  if (clash && onConfirm) {
    const clashes = clash.details ?? [];
    return (
      <Alert color="orange" title="Please check before going ahead" role="alert">
        <Stack gap="xs">
          <Text size="sm">{error.message}</Text>
          {clashes.length > 1 && (
            <List size="sm">
              {clashes.slice(0, 10).map((c, i) => (
                <List.Item key={i}>
                  {c.studentName}: {c.otherSession}
                </List.Item>
              ))}
            </List>
          )}
          <Button color="orange" w="fit-content" onClick={onConfirm}>
            {confirmLabel ?? 'Go ahead anyway'}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" title="That could not be done" role="alert">
      {error.message}
    </Alert>
  );
}

function TeamCard({ run }: { run: RunDetail }) {
  const facilitators = useApiQuery('scheduling.listFacilitators', {});
  const lead = run.facilitators.find((f) => f.role === 'lead');
  const [leadId, setLeadId] = useState(lead ? String(lead.id) : '');
  const [coIds, setCoIds] = useState(run.facilitators.filter((f) => f.role === 'co').map((f) => String(f.id)));
  const save = useApiMutation('scheduling.setRunFacilitators', { invalidate: ['scheduling.'], handles: ['VALIDATION', 'CONFLICT'] });
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Team
        </Title>
        <NativeSelect
          label="Lead facilitator"
          value={leadId}
          onChange={(e) => setLeadId(e.currentTarget.value)}
          data={[{ value: '', label: 'Nobody yet' }, ...(facilitators.data ?? []).map((f) => ({ value: String(f.id), label: `${f.name} (${kindLabel(f.kind)})` }))]}
        />
        <Checkbox.Group label="Co-facilitators" value={coIds} onChange={setCoIds}>
          <Stack gap={4} mt={4}>
            {(facilitators.data ?? [])
              .filter((f) => String(f.id) !== leadId)
              .map((f) => (
                <Checkbox key={f.id} value={String(f.id)} label={`${f.name} (${kindLabel(f.kind)})`} />
              ))}
          </Stack>
        </Checkbox.Group>
        <Problem error={save.error} />
        <Button
          w="fit-content"
          loading={save.isPending}
          onClick={() => save.mutate({ runId: run.id, leadId: toId(leadId), coIds: coIds.filter((c) => c !== leadId).map(Number) })}
        >
          Save team
        </Button>
      </Stack>
    </Card>
  );
}

function GenerateCard({ run }: { run: RunDetail }) {
  const [result, setResult] = useState<GenerateResult | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { weekday: '1', startTime: '10:00', lengthMinutes: 120 as number | string, count: 6 as number | string, firstDate: run.termStartsOn },
  });
  const generate = useApiMutation('scheduling.generateSessions', {
    invalidate: ['scheduling.'],
    handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'CONFLICT'],
    onSuccess: (r) => setResult(r),
    onError: (e) => {
      setResult(null);
      applyApiErrors(form, e, { fieldMap: { 'pattern.startTime': 'startTime', 'pattern.lengthMinutes': 'lengthMinutes', 'pattern.firstDate': 'firstDate' } });
    },
  });
  const send = (preview: boolean, confirmStudentClash = false) => {
    const v = form.getValues();
    generate.mutate({
      runId: run.id,
      preview,
      confirmStudentClash,
      pattern: { weekday: Number(v.weekday), startTime: v.startTime, lengthMinutes: Number(v.lengthMinutes), count: Number(v.count), firstDate: v.firstDate },
    });
  };
  return (
    <Card withBorder>
      <form noValidate aria-labelledby="generate" onSubmit={form.onSubmit(() => send(false))}>
        <Stack>
          <Title order={2} size="h4" id="generate">
            Create sessions from a weekly pattern
          </Title>
          <Text size="sm" c="dimmed">
            Closures and bank holidays are skipped, and you will see which dates were skipped.
          </Text>
          <Group grow align="flex-start">
            <NativeSelect label="Day of the week" data={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} {...form.getInputProps('weekday')} key={form.key('weekday')} />
            <TimeField label="Start time" required {...form.getInputProps('startTime')} key={form.key('startTime')} />
            <NumberInput label="Length (minutes)" required min={15} max={600} step={15} allowDecimal={false} {...form.getInputProps('lengthMinutes')} key={form.key('lengthMinutes')} />
          </Group>
          <Group grow align="flex-start">
            <NumberInput label="Number of sessions" required min={1} max={52} allowDecimal={false} {...form.getInputProps('count')} key={form.key('count')} />
            <DateField label="First date" required {...form.getInputProps('firstDate')} key={form.key('firstDate')} />
          </Group>
          {generate.error && generate.error.code !== 'VALIDATION' && (
            <Problem error={generate.error} onConfirm={() => send(false, true)} confirmLabel="Create the sessions anyway" />
          )}
          {generate.error?.code === 'VALIDATION' && !generate.error.fields?.['pattern.startTime'] && (
            <Alert color="red" role="alert">
              {generate.error.message}
            </Alert>
          )}
          {result && (
            <Alert color={result.preview ? 'blue' : 'calm'} title={result.preview ? 'Preview: nothing saved yet' : `${plural(result.sessions.length, 'session')} created`} role="status">
              <Stack gap={4}>
                <Text size="sm">{result.sessions.map((s) => formatDate(s.date)).join(', ')}</Text>
                {result.skipped.length > 0 ? (
                  <Text size="sm">
                    Skipped: {result.skipped.map((s) => `${formatDate(s.date)} (${s.reason.replace(/^Closed: /, 'closed: ').replace(/^Bank holiday: /, 'bank holiday: ')})`).join('; ')}
                  </Text>
                ) : (
                  <Text size="sm">No dates needed skipping.</Text>
                )}
              </Stack>
            </Alert>
          )}
          <Group>
            <Button variant="default" onClick={() => form.onSubmit(() => send(true))()} loading={generate.isPending && generate.variables?.preview}>
              Preview dates
            </Button>
            <Button type="submit" loading={generate.isPending && !generate.variables?.preview}>
              Create sessions
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function SessionChangeModal({ session, rooms, onClose }: { session: Session; rooms: { value: string; label: string }[]; onClose: () => void }) {
  const form = useForm({ mode: 'uncontrolled', initialValues: { date: session.date, startTime: session.startTime, endTime: session.endTime, roomId: session.roomId ? String(session.roomId) : '' } });
  const move = useApiMutation('scheduling.moveSession', {
    invalidate: ['scheduling.'],
    handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'CONFLICT'],
    onSuccess: onClose,
    onError: (e) => applyApiErrors(form, e, { fieldMap: { 'times.date': 'date', 'times.startTime': 'startTime', 'times.endTime': 'endTime' } }),
  });
  const send = (confirmStudentClash: boolean) => {
    const v = form.getValues();
    move.mutate({ id: session.id, times: { date: v.date, startTime: v.startTime, endTime: v.endTime }, roomId: toId(v.roomId), confirmStudentClash });
  };
  return (
    <Modal opened onClose={onClose} title={`Move the session on ${formatDate(session.date)}`}>
      <form noValidate onSubmit={form.onSubmit(() => send(false))}>
        <Stack>
          <DateField label="Date" required {...form.getInputProps('date')} key={form.key('date')} />
          <Group grow>
            <TimeField label="Start time" required {...form.getInputProps('startTime')} key={form.key('startTime')} />
            <TimeField label="End time" required {...form.getInputProps('endTime')} key={form.key('endTime')} />
          </Group>
          <NativeSelect label="Room" data={[{ value: '', label: 'No room' }, ...rooms]} {...form.getInputProps('roomId')} key={form.key('roomId')} />
          {move.error && (move.error.code !== 'VALIDATION' || !move.error.fields) && <Problem error={move.error} onConfirm={() => send(true)} confirmLabel="Move it anyway" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Keep it as it is
            </Button>
            <Button type="submit" loading={move.isPending}>
              Move session
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CancelModal({ session, onClose }: { session: Session; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const cancel = useApiMutation('scheduling.cancelSession', { invalidate: ['scheduling.'], onSuccess: onClose });
  return (
    <Modal opened onClose={onClose} title={`Cancel the session on ${formatDate(session.date)}?`}>
      <Stack>
        <Text size="sm">The session stays on the record, marked as cancelled, with your reason.</Text>
        <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={cancel.error?.fields?.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep the session
          </Button>
          <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ id: session.id, reason })}>
            Cancel this session
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AddSessionForm({ run }: { run: RunDetail }) {
  const form = useForm({ mode: 'uncontrolled', initialValues: { date: '', startTime: '10:00', endTime: '12:00' } });
  const add = useApiMutation('scheduling.addSession', {
    invalidate: ['scheduling.'],
    handles: ['VALIDATION', 'NEEDS_CONFIRMATION', 'CONFLICT'],
    onSuccess: () => form.reset(),
    onError: (e) => applyApiErrors(form, e, { fieldMap: { 'times.date': 'date', 'times.startTime': 'startTime', 'times.endTime': 'endTime' } }),
  });
  const send = (confirmStudentClash: boolean) => add.mutate({ runId: run.id, times: form.getValues(), confirmStudentClash });
  return (
    <form noValidate aria-label="Add one session" onSubmit={form.onSubmit(() => send(false))}>
      <Stack gap="xs">
        <Group align="flex-end">
          <DateField label="Extra session date" required {...form.getInputProps('date')} key={form.key('date')} />
          <TimeField label="Starts" required {...form.getInputProps('startTime')} key={form.key('startTime')} />
          <TimeField label="Ends" required {...form.getInputProps('endTime')} key={form.key('endTime')} />
          <Button type="submit" variant="default" loading={add.isPending}>
            Add session
          </Button>
        </Group>
        {add.error && (add.error.code !== 'VALIDATION' || !add.error.fields) && <Problem error={add.error} onConfirm={() => send(true)} confirmLabel="Add it anyway" />}
      </Stack>
    </form>
  );
}

function SessionsCard({ run, planner, onCreate }: { run: RunDetail; planner: boolean; onCreate?: () => void }) {
  const { can } = useCurrentStaff();
  const registers = can('registers.take');
  const venues = useApiQuery('scheduling.listVenues', {});
  const rooms = (venues.data ?? []).flatMap((v) => v.rooms.map((r) => ({ value: String(r.id), label: `${r.name}, ${v.name}` })));
  const [moving, setMoving] = useState<Session | null>(null);
  const [cancelling, setCancelling] = useState<Session | null>(null);
  const reinstate = useApiMutation('scheduling.reinstateSession', { invalidate: ['scheduling.'], handles: ['NEEDS_CONFIRMATION', 'CONFLICT'] });
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Sessions
        </Title>
        {run.sessions.length === 0 ? (
          <Group gap="sm">
            <Text c="dimmed">No sessions yet.</Text>
            {onCreate && (
              <Button variant="light" size="compact-sm" onClick={onCreate}>
                Create sessions from a weekly pattern
              </Button>
            )}
          </Group>
        ) : (
          <Table aria-label="Sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Time</Table.Th>
                <Table.Th>Room</Table.Th>
                <Table.Th>Status</Table.Th>
                {registers && <Table.Th>Register</Table.Th>}
                {planner && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {run.sessions.map((s, i) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    {dayName(s.date)} {formatDate(s.date)}
                  </Table.Td>
                  <Table.Td>
                    {s.startTime}–{s.endTime}
                  </Table.Td>
                  <Table.Td>{s.roomName ?? '—'}</Table.Td>
                  <Table.Td>{s.status === 'cancelled' ? <Badge color="red" variant="light">Cancelled: {s.cancelReason}</Badge> : 'Scheduled'}</Table.Td>
                  {registers && (
                    <Table.Td>
                      {s.status === 'scheduled' && (
                        <Anchor component={Link} to={`/registers/sessions/${s.id}`} aria-label={`Register for ${formatDate(s.date)}`}>
                          Register
                        </Anchor>
                      )}
                    </Table.Td>
                  )}
                  {planner && (
                    <Table.Td>
                      {s.status === 'scheduled' ? (
                        <Group gap="xs">
                          <Button size="compact-sm" variant="default" aria-haspopup="dialog" onClick={() => setMoving(s)} aria-label={`Move the session on ${formatDate(s.date)}`}>
                            Move
                          </Button>
                          <Button size="compact-sm" variant="subtle" color="red" aria-haspopup="dialog" onClick={() => setCancelling(s)} aria-label={`Cancel the session on ${formatDate(s.date)}`}>
                            Cancel
                          </Button>
                        </Group>
                      ) : (
                        <Button size="compact-sm" variant="default" onClick={() => reinstate.mutate({ id: s.id, confirmStudentClash: true })} aria-label={`Reinstate the session on ${formatDate(s.date)}`}>
                          Reinstate
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Problem error={reinstate.error} />
        {planner && <AddSessionForm run={run} />}
      </Stack>
      {moving && <SessionChangeModal session={moving} rooms={rooms} onClose={() => setMoving(null)} />}
      {cancelling && <CancelModal session={cancelling} onClose={() => setCancelling(null)} />}
    </Card>
  );
}

function WithdrawModal({ run, student, onClose, onDone }: { run: RunDetail; student: { studentId: number; name: string; status: string }; onClose: () => void; onDone: (p: PromotedStudent[], name: string) => void }) {
  const [reason, setReason] = useState('');
  const [reasonCode, setReasonCode] = useState<WithdrawReasonCode>('other');
  const withdraw = useApiMutation('scheduling.withdraw', {
    invalidate: ['scheduling.'],
    onSuccess: (r) => {
      onDone(r.promoted, student.name);
      onClose();
    },
  });
  const what = student.status === 'waiting' ? 'Take ' + student.name + ' off the waiting list?' : `Withdraw ${student.name}?`;
  return (
    <Modal opened onClose={onClose} title={what}>
      <Stack>
        <Text size="sm">Their record keeps this course, marked as withdrawn with your reason.{student.status === 'enrolled' && run.waitingCount > 0 ? ' The first person on the waiting list will get the place.' : ''}</Text>
        {student.status === 'enrolled' && (
          <NativeSelect
            label="Why they are leaving"
            value={reasonCode}
            onChange={(e) => setReasonCode(e.currentTarget.value as WithdrawReasonCode)}
            data={Object.entries(WITHDRAW_REASONS).map(([value, label]) => ({ value, label }))}
            error={withdraw.error?.fields?.reasonCode}
          />
        )}
        <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={withdraw.error?.fields?.reason} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep them on
          </Button>
          <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate({ runId: run.id, studentId: student.studentId, reason, reasonCode })}>
            {student.status === 'waiting' ? 'Take off the waiting list' : 'Withdraw'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function BreakModal({ run, student, onClose, onDone }: { run: RunDetail; student: { studentId: number; name: string }; onClose: () => void; onDone: (name: string) => void }) {
  const [reason, setReason] = useState('');
  const start = useApiMutation('scheduling.startBreak', {
    invalidate: ['scheduling.', 'registers.'],
    onSuccess: () => {
      onDone(student.name);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`An agreed break for ${student.name}?`}>
      <Stack>
        <Text size="sm">They keep their place. Sessions from today until they are back count neither for nor against their completion.</Text>
        <TextInput label="What was agreed" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={start.error?.fields?.reason} />
        {start.error && !start.error.fields && <Problem error={start.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button loading={start.isPending} onClick={() => start.mutate({ runId: run.id, studentId: student.studentId, reason })}>
            Start the break
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EnrolmentCard({ run }: { run: RunDetail }) {
  const { can } = useCurrentStaff();
  const manage = can('enrolment.manage');
  const [news, setNews] = useState<string | null>(null);
  const [pending, setPending] = useState<{ id: number; name: string } | null>(null);
  const [withdrawing, setWithdrawing] = useState<{ studentId: number; name: string; status: string } | null>(null);
  const [breaking, setBreaking] = useState<{ studentId: number; name: string } | null>(null);
  const resume = useApiMutation('scheduling.resumeFromBreak', { invalidate: ['scheduling.', 'registers.'], onSuccess: (e) => setNews(`${e.name} is back from their agreed break.`) });
  const enrol = useApiMutation('scheduling.enrol', {
    invalidate: ['scheduling.', 'students.'],
    handles: ['NEEDS_CONFIRMATION', 'CONFLICT', 'VALIDATION'],
    onSuccess: (r) => {
      setPending(null);
      setNews(r.status === 'enrolled' ? `${r.enrolment.name} is enrolled.` : `The course is full: ${r.enrolment.name} is on the waiting list, place ${r.enrolment.waitingPosition}.`);
    },
  });
  const doEnrol = (s: { id: number; name: string }, confirmStudentClash = false) => {
    setNews(null);
    setPending(s);
    enrol.mutate({ runId: run.id, studentId: s.id, confirmStudentClash });
  };
  const list = (title: string, rows: RunDetail['enrolled'], extra: (e: RunDetail['enrolled'][number]) => string) => (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody.
        </Text>
      ) : (
        <Table aria-label={title}>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.status === 'waiting' ? `${e.waitingPosition}.` : ''}</Table.Td>
                <Table.Td>
                  {e.name} <Text span size="sm" c="dimmed">({e.reference})</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{extra(e)}</Text>
                </Table.Td>
                {manage && e.status === 'enrolled' && (
                  <Table.Td>
                    {e.onBreakSince ? (
                      // Short visible words; the accessible name starts with them and adds the person (WCAG 2.5.3).
                      <Button size="compact-sm" variant="subtle" loading={resume.isPending} aria-label={`Back from break: ${e.name}`} onClick={() => resume.mutate({ runId: run.id, studentId: e.studentId })}>
                        Back from break
                      </Button>
                    ) : (
                      <Button size="compact-sm" variant="subtle" aria-haspopup="dialog" aria-label={`Agreed break: ${e.name}`} onClick={() => setBreaking({ studentId: e.studentId, name: e.name })}>
                        Agreed break
                      </Button>
                    )}
                  </Table.Td>
                )}
                {manage && e.status !== 'withdrawn' && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      aria-haspopup="dialog"
                      aria-label={e.status === 'waiting' ? `Take off the list: ${e.name}` : `Withdraw ${e.name}`}
                      onClick={() => setWithdrawing({ studentId: e.studentId, name: e.name, status: e.status })}
                    >
                      {e.status === 'waiting' ? 'Take off the list' : 'Withdraw'}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Students ({run.enrolledCount} of {run.capacity} places taken{run.waitingCount ? `, ${run.waitingCount} waiting` : ''})
        </Title>
        {news && (
          <Alert color="calm" role="status" withCloseButton onClose={() => setNews(null)}>
            {news}
          </Alert>
        )}
        {manage && <StudentPicker label="Find a student to enrol" actionLabel="Enrol" busy={enrol.isPending} onPick={(s) => doEnrol(s)} />}
        {enrol.error && <Problem error={enrol.error} onConfirm={pending ? () => doEnrol(pending, true) : undefined} confirmLabel={`Enrol ${pending?.name ?? ''} anyway`} />}
        {list('Enrolled', run.enrolled, (e) =>
          [
            e.promotedAt ? `From the waiting list, ${formatDate(e.enrolledOn)}` : e.joinedBy === 'drop_in' ? `Dropped in, ${formatDate(e.enrolledOn)}` : `Since ${formatDate(e.enrolledOn)}`,
            e.onBreakSince ? ` · on an agreed break since ${formatDate(e.onBreakSince)}` : '',
          ].join(''),
        )}
        {list('Waiting list', run.waiting, (e) => `Waiting since ${formatDate(e.waitingSince?.slice(0, 10))}`)}
        {run.withdrawn.length > 0 &&
          list('Withdrawn', run.withdrawn, (e) => `${formatDate(e.withdrawnOn)}: ${e.withdrawReasonCode ? `${WITHDRAW_REASONS[e.withdrawReasonCode]} — ` : ''}${e.withdrawReason ?? ''}`)}
        {resume.error && <Problem error={resume.error} />}
      </Stack>
      {breaking && <BreakModal run={run} student={breaking} onClose={() => setBreaking(null)} onDone={(name) => setNews(`${name} is on an agreed break: sessions while they are away do not count against them.`)} />}
      {withdrawing && (
        <WithdrawModal
          run={run}
          student={withdrawing}
          onClose={() => setWithdrawing(null)}
          onDone={(promoted, name) =>
            setNews(promoted.length ? `${name} has been withdrawn. ${promoted.map((p) => p.name).join(' and ')} moved up from the waiting list and ${promoted.length === 1 ? 'is' : 'are'} now enrolled.` : `${name} has been withdrawn.`)
          }
        />
      )}
    </Card>
  );
}

function RunSettings({ run }: { run: RunDetail }) {
  const venues = useApiQuery('scheduling.listVenues', {});
  const [news, setNews] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { venueId: String(run.venueId), roomId: run.roomId ? String(run.roomId) : '', capacity: run.capacity as number | string, notes: run.notes ?? '' } });
  const update = useApiMutation('scheduling.updateRun', {
    invalidate: ['scheduling.'],
    handles: ['VALIDATION', 'CONFLICT', 'NEEDS_CONFIRMATION'],
    onSuccess: (r) => setNews(r.promoted.length ? `Saved. ${r.promoted.map((p) => p.name).join(', ')} moved up from the waiting list.` : 'Saved.'),
    onError: (e) => applyApiErrors(form, e),
  });
  const venue = venues.data?.find((v) => String(v.id) === form.values.venueId);
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="run-settings"
        onSubmit={form.onSubmit((v) => {
          setNews(null);
          update.mutate({ id: run.id, venueId: Number(v.venueId), roomId: toId(v.roomId), capacity: Number(v.capacity), notes: v.notes });
        })}
      >
        <Stack>
          <Title order={2} size="h4" id="run-settings">
            Where and how many
          </Title>
          <Group grow align="flex-start">
            <NativeSelect label="Venue" data={(venues.data ?? []).map((v) => ({ value: String(v.id), label: v.name }))} {...form.getInputProps('venueId')} />
            <NativeSelect label="Room" data={[{ value: '', label: 'No room yet' }, ...(venue?.rooms ?? []).map((r) => ({ value: String(r.id), label: `${r.name} (holds ${r.capacity})` }))]} {...form.getInputProps('roomId')} />
            <NumberInput label="Places" min={1} max={500} allowDecimal={false} {...form.getInputProps('capacity')} />
          </Group>
          <TextInput label="Notes" {...form.getInputProps('notes')} />
          {update.error && (update.error.code !== 'VALIDATION' || !update.error.fields) && <Problem error={update.error} />}
          {news && (
            <Alert color="calm" role="status">
              {news}
            </Alert>
          )}
          <Button type="submit" w="fit-content" loading={update.isPending}>
            Save changes
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function RunPage() {
  const id = Number(useParams().id);
  const { can } = useCurrentStaff();
  const run = useApiQuery('scheduling.getRun', { id }, { quietErrors: true });
  const exportIcs = useSaveExport('scheduling.exportRunIcs');
  const planner = can('schedule.plan');
  if (run.error) {
    return (
      <Page title="Course run">
        <ScheduleNav />
        <ErrorAlert error={run.error} onRetry={isApiCallError(run.error, 'NOT_FOUND') ? undefined : () => void run.refetch()} />
      </Page>
    );
  }
  if (!run.data) return <Page title="Course run" />;
  const r = run.data;
  return (
    <Page
      title={`${r.courseTitle} — ${r.termName}`}
      actions={
        <Button variant="default" onClick={() => exportIcs.mutate({ runId: r.id })} loading={exportIcs.isPending}>
          Download calendar (.ics)
        </Button>
      }
    >
      <ScheduleNav />
      <Group gap="lg">
        <Text>
          {r.venueName}
          {r.roomName ? `, ${r.roomName}` : ''}
        </Text>
        <Text>{r.sessionCount > 0 ? `${formatDate(r.firstDate)} to ${formatDate(r.lastDate)}` : 'No sessions yet'}</Text>
        <Text>
          {r.enrolledCount} of {r.capacity} places taken{r.waitingCount ? `, ${r.waitingCount} waiting` : ''}
        </Text>
        <CoDeliveryBadge run={r} />
        {r.cancelledAt && <Badge color="red">Cancelled</Badge>}
      </Group>
      <Text size="sm">
        Team: {r.facilitators.length ? r.facilitators.map((f) => `${f.name} (${f.role === 'lead' ? 'lead' : 'co'}, ${kindLabel(f.kind)})`).join('; ') : 'nobody yet'}
      </Text>
      <Group gap="lg">
        <Anchor component={Link} to="/schedule/runs" size="sm">
          Back to all course runs
        </Anchor>
        {can('registers.take') && (
          <Anchor component={Link} to={`/registers/runs/${r.id}`} size="sm">
            Attendance for this course run
          </Anchor>
        )}
      </Group>
      <RunTabs run={r} planner={planner} />
    </Page>
  );
}

/** The run's tabs: each form in its own tab, with its own one button that saves it. */
function RunTabs({ run: r, planner }: { run: RunDetail; planner: boolean }) {
  const creating = planner && !r.cancelledAt;
  const values = ['sessions', ...(creating ? ['create'] : []), 'students', ...(planner ? ['team', 'place'] : [])];
  const [, open] = useRecordTab(values);
  return (
    <RecordTabs
      label="Course run"
      tabs={[
        { value: 'sessions', label: 'Sessions', panel: <SessionsCard run={r} planner={planner} onCreate={creating ? () => open('create') : undefined} /> },
        ...(creating ? [{ value: 'create', label: 'Create sessions', panel: <GenerateCard run={r} /> }] : []),
        { value: 'students', label: 'Students', panel: <EnrolmentCard run={r} /> },
        ...(planner
          ? [
              { value: 'team', label: 'Team', panel: <TeamCard run={r} key={`team-${r.facilitators.map((f) => f.id).join('-')}`} /> },
              { value: 'place', label: 'Room & places', panel: <RunSettings run={r} key={`settings-${r.capacity}-${r.roomId}`} /> },
            ]
          : []),
      ]}
    />
  );
}
