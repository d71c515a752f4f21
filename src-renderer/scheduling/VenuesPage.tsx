// Venues and their rooms, with capacity and accessibility notes.
import type { Room, Venue, VENUE_SORTS } from '../../src-main/contract/scheduling';
import { AddDialog, DataTable, ListToolbar, useListState, type Column } from '../components/ListPage';

type VenueSort = (typeof VENUE_SORTS)[number];
import { Alert, Badge, Button, Checkbox, Group, List, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { applyApiErrors } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { Page } from '../components/Page';
import { ScheduleNav, toId } from './shared';
import { EditRoomModal, EditVenueModal } from './VenueEditors';

function NewVenueForm({ onDone }: { onDone: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { name: '', address: '', accessibilityNotes: '' } });
  const create = useApiMutation('scheduling.createVenue', {
    invalidate: ['scheduling.'],
    onSuccess: () => onDone(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
      <form noValidate aria-label="Add a venue" onSubmit={form.onSubmit((v) => (setFormError(null), create.mutate(v)))}>
        <Stack>
          <TextInput label="Venue name" required {...form.getInputProps('name')} key={form.key('name')} />
          <TextInput label="Address" {...form.getInputProps('address')} key={form.key('address')} />
          <Textarea label="Accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add venue
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

function NewRoomForm({ venues, onDone }: { venues: { id: number; name: string }[]; onDone: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ mode: 'uncontrolled', initialValues: { venueId: '', name: '', capacity: 12 as number | string, accessibilityNotes: '' } });
  const create = useApiMutation('scheduling.createRoom', {
    invalidate: ['scheduling.'],
    onSuccess: () => onDone(),
    onError: (e) => setFormError(applyApiErrors(form, e)),
  });
  return (
      <form
        noValidate
        aria-label="Add a room"
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          if (!v.venueId) return form.setFieldError('venueId', 'Please choose the venue the room is in.');
          create.mutate({ ...v, venueId: toId(v.venueId) as number, capacity: Number(v.capacity) });
        })}
      >
        <Stack>
          <NativeSelect label="Venue" required data={[{ value: '', label: 'Choose a venue…' }, ...venues.map((v) => ({ value: String(v.id), label: v.name }))]} {...form.getInputProps('venueId')} key={form.key('venueId')} />
          <TextInput label="Room name" required {...form.getInputProps('name')} key={form.key('name')} />
          <NumberInput label="Capacity (people)" required min={1} max={500} allowDecimal={false} {...form.getInputProps('capacity')} key={form.key('capacity')} />
          <Textarea label="Room accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add room
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
  );
}

export function VenuesPage() {
  const { can } = useCurrentStaff();
  const planner = can('schedule.plan');
  const [showInactive, setShowInactive] = useState(false);
  const [editingVenue, setEditingVenue] = useState<Venue | null>(null);
  const [editingRoom, setEditingRoom] = useState<Room | null>(null);
  const list = useListState<VenueSort>('name');
  const venues = useApiQuery(
    'scheduling.venuesPage',
    { query: list.searched, includeInactive: planner && showInactive, ...list.input },
    { quietErrors: true, placeholderData: keepPreviousData },
  );
  // Every venue in use, for the room form's "Venue" choice (not only this page's).
  const allVenues = useApiQuery('scheduling.listVenues', { includeInactive: false }, { enabled: planner, quietErrors: true });
  const activeVenues = allVenues.data ?? [];
  const columns: Column<Venue, VenueSort>[] = [
    {
      header: 'Venue',
      sort: 'name',
      render: (v) => (
        <Group gap={6} wrap="nowrap">
          <Text fw={600} size="sm">
            {v.name}
          </Text>
          {!v.active && <Badge variant="outline" size="sm">No longer in use</Badge>}
        </Group>
      ),
    },
    { header: 'Address', sort: 'address', render: (v) => v.address ?? '—' },
    { header: 'Access', render: (v) => v.accessibilityNotes ?? '—' },
    {
      header: 'Rooms',
      sort: 'rooms',
      firstDirection: 'desc',
      render: (v) =>
        v.rooms.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rooms yet.
          </Text>
        ) : (
          <List size="sm" listStyleType="none" spacing={2} aria-label={`Rooms at ${v.name}`}>
            {v.rooms.map((r) => (
              <List.Item key={r.id}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <span>
                    <Text span size="sm" fw={500}>
                      {r.name}
                    </Text>
                    {!r.active && ' (no longer in use)'}, {r.capacity} {r.capacity === 1 ? 'place' : 'places'}
                    {r.accessibilityNotes && (
                      <Text span size="sm" c="dimmed">
                        {' '}
                        — {r.accessibilityNotes}
                      </Text>
                    )}
                  </span>
                  {planner && (
                    <Button variant="subtle" size="compact-xs" aria-haspopup="dialog" onClick={() => setEditingRoom(r)} aria-label={`Edit room ${r.name}`}>
                      Edit
                    </Button>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        ),
    },
  ];
  if (planner)
    columns.push({
      header: 'Actions',
      hideHeader: true,
      render: (v) => (
        <Button variant="default" size="compact-sm" aria-haspopup="dialog" onClick={() => setEditingVenue(v)} aria-label={`Edit venue ${v.name}`}>
          Edit
        </Button>
      ),
    });
  return (
    <Page title="Venues and rooms">
      <ScheduleNav />
      <ListToolbar
        search={{ label: 'Find a venue', value: list.search, onChange: list.setSearch, placeholder: 'Name or address' }}
        filters={
          planner && (
            <Checkbox
              label="Also show venues and rooms no longer in use"
              checked={showInactive}
              onChange={(e) => {
                setShowInactive(e.currentTarget.checked);
                list.restart();
              }}
              mb={8}
            />
          )
        }
        add={
          planner && (
            <>
              <AddDialog label="Add a venue">{(close) => <NewVenueForm onDone={close} />}</AddDialog>
              <AddDialog label="Add a room">{(close) => <NewRoomForm venues={activeVenues} onDone={close} />}</AddDialog>
            </>
          )
        }
      />
      <DataTable
        label="Venues"
        columns={columns}
        query={venues}
        list={list}
        rowKey={(v) => v.id}
        noun={['venue', 'venues']}
        empty={list.searched ? `No venues match “${list.searched}”.` : 'No venues yet.'}
      />
      {planner && editingVenue && <EditVenueModal venue={editingVenue} onClose={() => setEditingVenue(null)} key={`v${editingVenue.id}`} />}
      {planner && editingRoom && <EditRoomModal room={editingRoom} venues={activeVenues} onClose={() => setEditingRoom(null)} key={`r${editingRoom.id}`} />}
    </Page>
  );
}
