// Adding someone who came along without being enrolled: find their record, or start one with just their name and birthday.
import { Alert, Button, Group, List, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatDate } from '../../src-main/contract/dates';
import type { DropInResult } from '../../src-main/contract/registers';
import type { PossibleDuplicate } from '../../src-main/contract/students';
import { call, isApiCallError, errorMessage, refusal, useApiQuery } from '../api';
import { DateField } from '../dates/DateField';

interface Props {
  opened: boolean;
  sessionId: number;
  onClose: () => void;
  onAdded: (result: DropInResult, name: string) => void;
}

export function DropInModal({ opened, sessionId, onClose, onAdded }: Props) {
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [query, setQuery] = useState('');
  const [firstName, setFirstName] = useState('');
  const [surname, setSurname] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);
  const [busy, setBusy] = useState(false);
  const search = useApiQuery('students.search', { query: query.trim(), pageSize: 8 }, { enabled: opened && query.trim().length >= 2, placeholderData: keepPreviousData, quietErrors: true });

  useEffect(() => {
    if (!opened) return;
    setQuery('');
    setFirstName('');
    setSurname('');
    setDateOfBirth('');
    setFieldErrors({});
    setProblem(null);
    setDuplicates(null);
  }, [opened]);

  const add = async (input: { studentId?: number; newStudent?: { firstName: string; surname: string; dateOfBirth: string }; confirmedNotDuplicate?: boolean }, name: string) => {
    setBusy(true);
    setProblem(null);
    setFieldErrors({});
    try {
      const res = await call('registers.dropIn', { sessionId, ...input });
      onAdded(res, name);
      onClose();
    } catch (e) {
      const duplicate = refusal(e, 'student.possible-duplicate');
      if (duplicate) {
        setDuplicates(duplicate.details ?? []);
        setProblem(duplicate.message);
      } else if (isApiCallError(e, 'VALIDATION') && e.fields) {
        const f: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.fields)) f[k.replace(/^newStudent\./, '')] = v;
        setFieldErrors(f);
        if (!f.firstName && !f.surname && !f.dateOfBirth) setProblem(e.message);
      } else {
        setProblem(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const newStudent = { firstName: firstName.trim(), surname: surname.trim(), dateOfBirth };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a drop-in" size="lg">
      <Stack>
        <Text size="sm">They will be enrolled on this course run and marked present.</Text>
        <SegmentedControl
          value={mode}
          onChange={(v) => {
            setMode(v as 'existing' | 'new');
            setProblem(null);
            setDuplicates(null);
          }}
          data={[
            { value: 'existing', label: 'Already has a record' },
            { value: 'new', label: 'New to the college' },
          ]}
          aria-label="Who is this?"
        />
        {mode === 'existing' ? (
          <Stack gap="xs">
            <TextInput label="Find the student" description="Surname, first name, reference or phone" value={query} onChange={(e) => setQuery(e.currentTarget.value)} data-autofocus />
            {query.trim().length >= 2 && search.data && search.data.rows.length === 0 && <Text size="sm">Nobody found. You can add them as new to the college.</Text>}
            <Stack gap={4} role="list" aria-label="Matching students">
              {(search.data?.rows ?? []).map((st) => {
                const name = `${st.firstName} ${st.surname}`;
                return (
                  <Button
                    role="listitem"
                    key={st.id}
                    variant="default"
                    justify="space-between"
                    disabled={busy}
                    onClick={() => void add({ studentId: st.id }, name)}
                    aria-label={`Add ${name} (${st.reference}), born ${formatDate(st.dateOfBirth)}`}
                  >
                    {name} · {st.reference} · born {formatDate(st.dateOfBirth)}
                  </Button>
                );
              })}
            </Stack>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void add({ newStudent }, `${newStudent.firstName} ${newStudent.surname}`);
            }}
          >
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                Just the essentials for now; the rest of their record (contact details, how they heard about us) can be filled in later from Students.
              </Text>
              <TextInput label="First name" required value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} error={fieldErrors.firstName} data-autofocus />
              <TextInput label="Surname" required value={surname} onChange={(e) => setSurname(e.currentTarget.value)} error={fieldErrors.surname} />
              <DateField label="Date of birth" required value={dateOfBirth} onChange={setDateOfBirth} error={fieldErrors.dateOfBirth} />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy}>
                  Add and mark present
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {problem && (
          <Alert color={duplicates ? 'calm' : 'red'} role="alert" title={duplicates ? 'Is this someone we already know?' : 'Not added yet'}>
            <Stack gap="xs">
              <Text size="sm">{problem}</Text>
              {duplicates && duplicates.length > 0 && (
                <>
                  <List size="sm">
                    {duplicates.map((d) => (
                      <List.Item key={d.id}>
                        <Group gap="xs">
                          <Text size="sm">
                            {d.name} ({d.reference}), born {formatDate(d.dateOfBirth)} — {d.why}
                          </Text>
                          <Button size="compact-sm" variant="default" onClick={() => void add({ studentId: d.id }, d.name)}>
                            Yes, it is {d.name}
                          </Button>
                        </Group>
                      </List.Item>
                    ))}
                  </List>
                  <Button variant="default" onClick={() => void add({ newStudent, confirmedNotDuplicate: true }, `${newStudent.firstName} ${newStudent.surname}`)}>
                    No, add a new record for {newStudent.firstName} {newStudent.surname}
                  </Button>
                </>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Modal>
  );
}
