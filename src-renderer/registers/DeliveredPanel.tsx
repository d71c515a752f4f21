// Who actually delivered the session: the planned team is ticked until someone records otherwise; cover can be added.
import { Alert, Button, Checkbox, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { FacilitatorRef, RegisterView } from '../../src-main/contract/registers';
import { call, errorMessage, useApiQuery } from '../api';
import { useCurrentStaff } from '../app/auth-context';

const KIND: Record<FacilitatorRef['kind'], string> = { staff: 'staff', peer_trainer: 'peer trainer', volunteer: 'volunteer' };

export function DeliveredPanel({ view, onSaved }: { view: RegisterView; onSaved: (v: RegisterView) => void }) {
  const { can } = useCurrentStaff();
  const everyone = useApiQuery('scheduling.listFacilitators', { includeInactive: false }, { quietErrors: true, enabled: can('schedule.read'), staleTime: 60_000 });
  const [shown, setShown] = useState<FacilitatorRef[]>([]);
  const [ticked, setTicked] = useState<string[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const byId = new Map<number, FacilitatorRef>();
    for (const f of [...view.plannedFacilitators, ...view.deliveredFacilitators]) byId.set(f.id, f);
    setShown([...byId.values()]);
    setTicked(view.deliveredFacilitators.map((f) => String(f.id)));
  }, [view.plannedFacilitators, view.deliveredFacilitators]);

  const others = useMemo(
    () => (everyone.data ?? []).filter((f) => !shown.some((s) => s.id === f.id)).map((f) => ({ value: String(f.id), label: `${f.name} (${KIND[f.kind]})` })),
    [everyone.data, shown],
  );

  const save = async () => {
    setSaving(true);
    setMessage(null);
    try {
      const v = await call('registers.setDelivered', { sessionId: view.session.id, facilitatorIds: ticked.map(Number) });
      onSaved(v);
      setMessage({ ok: true, text: 'Saved who delivered this session.' });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="delivered-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="delivered-heading">
          Facilitators who delivered this session
        </Title>
        {!view.deliveredRecorded && (
          <Text size="sm" c="dimmed">
            Not recorded yet: the planned team is assumed, and is recorded when the first person is marked. Change it here if someone else delivered.
          </Text>
        )}
        <Checkbox.Group value={ticked} onChange={setTicked} label="Delivered by">
          <Stack gap={6} mt="xs">
            {shown.map((f) => (
              <Checkbox key={f.id} value={String(f.id)} label={`${f.name} — ${KIND[f.kind]}${f.role === 'lead' ? ', lead' : f.role === 'co' ? ', co-facilitator' : ', cover'}`} />
            ))}
            {shown.length === 0 && <Text size="sm">No facilitators are planned for this course run.</Text>}
          </Stack>
        </Checkbox.Group>
        <Group align="flex-end">
          {can('schedule.read') && others.length > 0 && (
            <Select
              label="Add someone who covered"
              placeholder="Choose a facilitator"
              data={others}
              searchable
              value={null}
              onChange={(value) => {
                const f = everyone.data?.find((x) => String(x.id) === value);
                if (!f) return;
                setShown((s) => [...s, { id: f.id, name: f.name, kind: f.kind, role: null }]);
                setTicked((t) => [...t, String(f.id)]);
              }}
            />
          )}
          <Button onClick={() => void save()} loading={saving} disabled={!view.canMark}>
            Save facilitators
          </Button>
        </Group>
        {message && (
          <Alert color={message.ok ? 'calm' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
