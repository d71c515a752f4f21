// Changing a venue or a room, and stopping (or restarting) using one. Only shown to people who can plan the schedule.
import type { Room, Venue } from '../../src-main/contract/scheduling';
import { Alert, Button, Group, Modal, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useRef, useState } from 'react';
import { applyApiErrors } from '../api/forms';
import { useApiMutation } from '../api/hooks';

const blankToNull = (s: string) => (s.trim() === '' ? null : s);

function FormError({ message }: { message: string | null }) {
  return message ? (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  ) : null;
}

/** "Stop using" asks first; the safest button has the focus. */
function StopUsingConfirm({ what, explanation, pending, onConfirm, onCancel }: { what: string; explanation: string; pending: boolean; onConfirm: () => void; onCancel: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <Stack>
      <Text size="sm">{explanation}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} ref={keep}>
          Keep using it
        </Button>
        <Button color="red" loading={pending} onClick={onConfirm}>
          Stop using {what}
        </Button>
      </Group>
    </Stack>
  );
}

export function EditVenueModal({ venue, onClose }: { venue: Venue; onClose: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: venue.name, address: venue.address ?? '', accessibilityNotes: venue.accessibilityNotes ?? '' },
  });
  const save = useApiMutation('scheduling.updateVenue', {
    invalidate: ['scheduling.'],
    onSuccess: onClose,
    onError: (e) => {
      setConfirmStop(false);
      setFormError(applyApiErrors(form, e));
    },
  });
  const send = (active: boolean) => {
    setFormError(null);
    const v = form.getValues();
    save.mutate({ id: venue.id, fields: { name: v.name, address: blankToNull(v.address), accessibilityNotes: blankToNull(v.accessibilityNotes), active } });
  };
  return (
    <Modal opened onClose={onClose} title={confirmStop ? `Stop using ${venue.name}?` : `Change ${venue.name}`} size="lg">
      {confirmStop ? (
        <StopUsingConfirm
          what="this venue"
          explanation="The venue and its rooms will no longer be offered for new course runs. Past and planned sessions keep their details, and you can start using it again later."
          pending={save.isPending}
          onConfirm={() => send(false)}
          onCancel={() => setConfirmStop(false)}
        />
      ) : (
        <form noValidate onSubmit={form.onSubmit(() => send(venue.active))}>
          <Stack>
            <TextInput label="Venue name" required data-autofocus {...form.getInputProps('name')} key={form.key('name')} />
            <TextInput label="Address" {...form.getInputProps('address')} key={form.key('address')} />
            <Textarea label="Accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
            <FormError message={formError} />
            <Group justify="space-between">
              {venue.active ? (
                <Button variant="subtle" color="red" onClick={() => setConfirmStop(true)}>
                  Stop using this venue…
                </Button>
              ) : (
                <Button variant="subtle" loading={save.isPending} onClick={() => send(true)}>
                  Start using this venue again
                </Button>
              )}
              <Group>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={save.isPending}>
                  Save changes
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function EditRoomModal({ room, venues, onClose }: { room: Room; venues: { id: number; name: string }[]; onClose: () => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { venueId: String(room.venueId), name: room.name, capacity: room.capacity as number | string, accessibilityNotes: room.accessibilityNotes ?? '' },
  });
  const save = useApiMutation('scheduling.updateRoom', {
    invalidate: ['scheduling.'],
    onSuccess: onClose,
    onError: (e) => {
      setConfirmStop(false);
      setFormError(applyApiErrors(form, e));
    },
  });
  const send = (active: boolean) => {
    setFormError(null);
    const v = form.getValues();
    save.mutate({
      id: room.id,
      fields: { venueId: Number(v.venueId), name: v.name, capacity: Number(v.capacity), accessibilityNotes: blankToNull(v.accessibilityNotes), active },
    });
  };
  const venueOptions = venues.some((v) => v.id === room.venueId) ? venues : [{ id: room.venueId, name: room.venueName }, ...venues];
  return (
    <Modal opened onClose={onClose} title={confirmStop ? `Stop using ${room.name}?` : `Change ${room.name}`} size="lg">
      {confirmStop ? (
        <StopUsingConfirm
          what="this room"
          explanation="The room will no longer be offered for new course runs or sessions. Past and planned sessions keep their details, and you can start using it again later."
          pending={save.isPending}
          onConfirm={() => send(false)}
          onCancel={() => setConfirmStop(false)}
        />
      ) : (
        <form noValidate onSubmit={form.onSubmit(() => send(room.active))}>
          <Stack>
            <TextInput label="Room name" required data-autofocus {...form.getInputProps('name')} key={form.key('name')} />
            <NativeSelect label="Venue" required data={venueOptions.map((v) => ({ value: String(v.id), label: v.name }))} {...form.getInputProps('venueId')} key={form.key('venueId')} />
            <NumberInput label="Capacity (people)" required min={1} max={500} allowDecimal={false} {...form.getInputProps('capacity')} key={form.key('capacity')} />
            <Textarea label="Room accessibility notes" autosize minRows={2} {...form.getInputProps('accessibilityNotes')} key={form.key('accessibilityNotes')} />
            <FormError message={formError} />
            <Group justify="space-between">
              {room.active ? (
                <Button variant="subtle" color="red" onClick={() => setConfirmStop(true)}>
                  Stop using this room…
                </Button>
              ) : (
                <Button variant="subtle" loading={save.isPending} onClick={() => send(true)}>
                  Start using this room again
                </Button>
              )}
              <Group>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={save.isPending}>
                  Save changes
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
