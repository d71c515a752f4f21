// Find a student as you type (the foundation's search) and pick one with the keyboard or a click.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { StudentSummary } from '../../src-main/contract/students';
import { useApiQuery } from '../api/hooks';
import { formatDate } from '../dates/format';
import { Loading } from '../components/Loading';

export interface PickedStudent {
  id: number;
  name: string;
  reference: string;
}

export function StudentPicker({ label, actionLabel, onPick, busy }: { label: string; actionLabel: string; onPick: (s: PickedStudent) => void; busy?: boolean }) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const listId = useId();
  const results = useApiQuery('students.search', { query: debounced, pageSize: 8 }, { enabled: debounced.trim().length > 0, placeholderData: keepPreviousData });
  const name = (s: StudentSummary) => `${s.preferredName || s.firstName} ${s.surname}`;
  const rows = debounced.trim() ? (results.data?.rows ?? []) : [];
  return (
    <Stack gap={6}>
      <TextInput label={label} description="Type a name, reference, NHS number or phone number" value={query} onChange={(e) => setQuery(e.currentTarget.value)} aria-controls={listId} />
      <div id={listId} aria-live="polite">
        {results.isFetching && <Loading label="Searching" size="xs" />}
        {debounced.trim() && !results.isFetching && rows.length === 0 && <Text size="sm" c="dimmed">No students match “{debounced}”.</Text>}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Matching students">
          {rows.map((s) => (
            <Group component="li" key={s.id} gap="sm" wrap="nowrap">
              <Button
                size="compact-sm"
                variant="default"
                loading={busy}
                onClick={() => {
                  onPick({ id: s.id, name: name(s), reference: s.reference });
                  setQuery('');
                }}
              >
                {actionLabel} {name(s)}
              </Button>
              <Text size="sm" c="dimmed">
                {s.reference} · born {formatDate(s.dateOfBirth)}
              </Text>
            </Group>
          ))}
        </Stack>
      </div>
    </Stack>
  );
}
