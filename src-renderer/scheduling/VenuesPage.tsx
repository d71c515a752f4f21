// Venues and their rooms, with capacity and accessibility notes.
import type { Room, Venue } from '../../src-main/contract/scheduling';
import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { ScheduleNav, toId } from './shared';
import { EditRoomModal, EditVenueModal } from './VenueEditors';

function NewVenueForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { name: '', address: '', accessibilityNotes: '' } });
  const create = useApiMutation('scheduling.createVenue', {
    invalidate: ['scheduling.'],
    onSuccess: () => form.reset(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder>
      <form noValidate aria-labelledby="new-venue" onSubmit={form.onSubmit((v) => (setFormError(null), create.mutate(v)))}>
        <Stack>
          <Title order={2} size="h4" id="new-venue">
            Add a venue
          </Title>
          <TextInput label="Venue name" required {...form.getInputProps('name')} key={form.key('name')} />
          <TextInput label="Address" {...form.getInputProps('address')} key={form.key('address')} />
          <Textarea label="Accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Add venue
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function NewRoomForm({ venues }: { venues: { id: number; name: string }[] }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { venueId: '', name: '', capacity: 12 as number | string, accessibilityNotes: '' } });
  const create = useApiMutation('scheduling.createRoom', {
    invalidate: ['scheduling.'],
    onSuccess: () => form.setFieldValue('name', ''),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
    <Card withBorder>
      <form
        noValidate
        aria-labelledby="new-room"
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          if (!v.venueId) return form.setFieldError('venueId', 'Please choose the venue the room is in.');
          create.mutate({ ...v, venueId: toId(v.venueId) as number, capacity: Number(v.capacity) });
        })}
      >
        <Stack>
          <Title order={2} size="h4" id="new-room">
            Add a room
          </Title>
          <NativeSelect label="Venue" required data={[{ value: '', label: 'Choose a venue…' }, ...venues.map((v) => ({ value: String(v.id), label: v.name }))]} {...form.getInputProps('venueId')} key={form.key('venueId')} />
          <TextInput label="Room name" required {...form.getInputProps('name')} key={form.key('name')} />
          <NumberInput label="Capacity (people)" required min={1} max={500} allowDecimal={false} {...form.getInputProps('capacity')} key={form.key('capacity')} />
          <Textarea label="Room accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending} w="fit-content">
            Add room
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function VenuesPage() {
  const { can } = useCurrentStaff();
  const planner = can('schedule.plan');
  const [showInactive, setShowInactive] = useState(false);
  const [editingVenue, setEditingVenue] = useState<Venue | null>(null);
  const [editingRoom, setEditingRoom] = useState<Room | null>(null);
  const venues = useApiQuery('scheduling.listVenues', { includeInactive: planner && showInactive }, { quietErrors: true });
  const activeVenues = (venues.data ?? []).filter((v) => v.active);
  return (
    <Page title="Venues and rooms">
      <ScheduleNav />
      {planner && (
        <Checkbox label="Also show venues and rooms no longer in use" checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
      )}
      {venues.error && <ErrorAlert error={venues.error} onRetry={() => void venues.refetch()} />}
      {(venues.data ?? []).map((v) => (
        <Card withBorder key={v.id}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Group gap="xs">
                <Title order={2} size="h4">
                  {v.name}
                </Title>
                {!v.active && <Badge variant="outline">No longer in use</Badge>}
              </Group>
              {planner && (
                <Button variant="default" size="xs" aria-haspopup="dialog" onClick={() => setEditingVenue(v)} aria-label={`Edit venue ${v.name}`}>
                  Edit
                </Button>
              )}
            </Group>
            {v.address && <Text size="sm">{v.address}</Text>}
            {v.accessibilityNotes && <Text size="sm">Access: {v.accessibilityNotes}</Text>}
            <Table aria-label={`Rooms at ${v.name}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Room</Table.Th>
                  <Table.Th>Capacity</Table.Th>
                  <Table.Th>Accessibility</Table.Th>
                  {planner && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {v.rooms.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {r.name}
                      {!r.active && ' (no longer in use)'}
                    </Table.Td>
                    <Table.Td>{r.capacity}</Table.Td>
                    <Table.Td>{r.accessibilityNotes ?? '—'}</Table.Td>
                    {planner && (
                      <Table.Td>
                        <Button variant="default" size="xs" aria-haspopup="dialog" onClick={() => setEditingRoom(r)} aria-label={`Edit room ${r.name}`}>
                          Edit
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {v.rooms.length === 0 && <Text c="dimmed">No rooms yet.</Text>}
          </Stack>
        </Card>
      ))}
      {venues.data?.length === 0 && <Text c="dimmed">No venues yet.</Text>}
      {planner && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <NewVenueForm />
          <NewRoomForm venues={activeVenues} />
        </SimpleGrid>
      )}
      {planner && editingVenue && <EditVenueModal venue={editingVenue} onClose={() => setEditingVenue(null)} key={`v${editingVenue.id}`} />}
      {planner && editingRoom && <EditRoomModal room={editingRoom} venues={activeVenues} onClose={() => setEditingRoom(null)} key={`r${editingRoom.id}`} />}
      <Group />
    </Page>
  );
}
