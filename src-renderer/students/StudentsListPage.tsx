// Find a student as you type (paged and sorted by the core), and open them with the keyboard: `/` to search, arrows, Enter.
import { Badge, Button, Checkbox, Group, Pagination, Select, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { formatNhsNumber } from '../../src-main/contract/nhs-number';
import { STUDENT_SORTS, studentListName, type StudentSort, type StudentSummary } from '../../src-main/contract/students';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { pagerProps } from '../components/pagination';
import { ImportButton } from '../imports/ImportButton';
import { HowThisWorks } from '../components/HowThisWorks';
import { Loading } from '../components/Loading';

const SORT_LABELS: Record<StudentSort, string> = {
  surname: 'Surname',
  reference: 'Reference',
  dateOfBirth: 'Date of birth',
  recent: 'Recently added',
};
const PAGE_SIZE = 25;

export const studentName = studentListName;

export function StudentsListPage() {
  const { can } = useCurrentStaff();
  const navigate = useNavigate();
  // The search lives in the address, so "Back" from a student returns to the same list.
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query, 150);
  const page = Number(params.get('page') ?? 1) || 1;
  const sort = (STUDENT_SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as StudentSort) : 'surname';
  // Kept in state as well as the address: the address changes in a transition, after the click, and a checkbox
  // controlled only by it snaps back for a moment (the cause of a flaky "did not change its state" in the tests).
  const [includeArchived, setIncludeArchived] = useState(params.get('archived') === '1');
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  // From the latest address, not this render's: two quick changes (the search settling, a click) must not undo each other.
  const update = (next: Record<string, string | null>) => {
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v === null || v === '') p.delete(k);
          else p.set(k, v);
        }
        return p;
      },
      { replace: true },
    );
  };

  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced, page: null });
  }, [debounced]);

  const result = useApiQuery(
    'students.search',
    { query: debounced, page, pageSize: PAGE_SIZE, sort, includeArchived },
    { placeholderData: keepPreviousData, quietErrors: true },
  );
  const rows = result.data?.rows ?? [];
  const total = result.data?.total ?? 0;
  // A broad search is counted only so far ("more than 100"): offer one page beyond the counted ones.
  const more = result.data?.more ?? false;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE) + (more ? 1 : 0));

  useHotkeys([['/', () => searchRef.current?.focus()]]);

  const open = (s: StudentSummary) => navigate(`/students/${s.id}`);
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && rows.length > 0) {
      e.preventDefault();
      rowRefs.current[0]?.focus();
    } else if (e.key === 'Enter' && rows.length > 0) {
      e.preventDefault();
      open(rows[0]);
    }
  };
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(rows[i]);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      rowRefs.current[Math.min(i + 1, rows.length - 1)]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (i === 0) searchRef.current?.focus();
      else rowRefs.current[i - 1]?.focus();
    }
  };

  return (
    <Page
      title="Students"
      actions={
        can('students.write') && (
          <>
            <ImportButton kind="students" />
            <Button component={Link} to="/students/new">
              Add a student
            </Button>
          </>
        )
      }
    >
      <HowThisWorks area="students" />
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput
          ref={searchRef}
          label="Find a student"
          description="Surname, first or preferred name, reference, NHS number or phone. Press / to come back here."
          placeholder="Start typing…"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onSearchKey}
          type="search"
          autoFocus
          maxLength={100}
          style={{ flex: '1 1 360px' }}
          aria-controls="student-results"
          rightSection={result.isFetching ? <Loading label="Searching" size="xs" /> : null}
        />
        <Select
          label="Sort by"
          data={STUDENT_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          value={sort}
          onChange={(v) => update({ sort: v === 'surname' ? null : v, page: null })}
          w={200}
        />
        <Checkbox
          label="Include archived students"
          checked={includeArchived}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setIncludeArchived(checked);
            update({ archived: checked ? '1' : null, page: null });
          }}
          mb={8}
        />
        <ExportButton list="students" filter={{ query: debounced, sort, includeArchived }} />
      </Group>

      {result.isError && <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />}

      <Text role="status" aria-live="polite" size="sm" c="dimmed" data-testid="student-count">
        {result.isPending
          ? 'Searching…'
          : total === 0
            ? debounced
              ? `No students match “${debounced}”.`
              : 'No students yet.'
            : more
              ? debounced
                ? `More than ${total} students match “${debounced}”. Keep typing to narrow it down, or use the arrow keys and Enter to open one.`
                : `More than ${total} students. Type part of a name, a reference, an NHS number or a phone number to find someone.`
              : `${total} ${total === 1 ? 'student' : 'students'}${debounced ? ` match “${debounced}”` : ''}. Use the arrow keys and Enter to open one.`}
      </Text>

      {rows.length > 0 && (
        <Table highlightOnHover withTableBorder verticalSpacing="sm" id="student-results" aria-label="Students found">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Reference</Table.Th>
              <Table.Th scope="col">Date of birth</Table.Th>
              <Table.Th scope="col">NHS number</Table.Th>
              <Table.Th scope="col">Phone</Table.Th>
              <Table.Th scope="col">Postcode</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s, i) => (
              <Table.Tr
                key={s.id}
                ref={(el) => {
                  rowRefs.current[i] = el;
                }}
                tabIndex={0}
                className="rcd-row-link"
                onClick={() => open(s)}
                onKeyDown={(e) => onRowKey(e, i)}
                aria-label={`${studentName(s)}, ${s.reference}${s.archived ? ', archived' : ''}. Press Enter to open.`}
                data-testid="student-row"
              >
                <Table.Td>
                  <Text fw={600} span>
                    {studentName(s)}
                  </Text>
                  {s.archived && (
                    <Badge ml="xs" color="gray" variant="outline">
                      Archived
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{s.reference}</Table.Td>
                <Table.Td>{formatDate(s.dateOfBirth)}</Table.Td>
                <Table.Td>{s.nhsNumber ? formatNhsNumber(s.nhsNumber) : <VisuallyHidden>none</VisuallyHidden>}</Table.Td>
                <Table.Td>{s.phone}</Table.Td>
                <Table.Td>{s.postcode}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={(p) => update({ page: p === 1 ? null : String(p) })}
          {...pagerProps()}
        />
      )}
    </Page>
  );
}
