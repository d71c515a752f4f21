// Find a student as you type (paged and sorted by the core), and open them with the keyboard: `/` to search, arrows, Enter.
import { Badge, Button, Checkbox, Group, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDate } from '../../src-main/contract/dates';
import { formatNhsNumber } from '../../src-main/contract/nhs-number';
import { STUDENT_SORTS, studentListName, type StudentSort, type StudentSummary } from '../../src-main/contract/students';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ExportButton } from '../components/ExportButton';
import { Page } from '../components/Page';
import { DataTable, type Column, type ListState } from '../components/ListPage';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, type PageSize, type SortDirection } from '../../src-main/contract/lists';
import { ImportButton } from '../imports/ImportButton';
import { HowThisWorks } from '../components/HowThisWorks';
import { Loading } from '../components/Loading';

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
  const direction: SortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const pageSize = (PAGE_SIZES as readonly number[]).includes(Number(params.get('size'))) ? (Number(params.get('size')) as PageSize) : DEFAULT_PAGE_SIZE;
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
    { query: debounced, page, pageSize, sort, direction, includeArchived },
    { placeholderData: keepPreviousData, quietErrors: true },
  );
  const rows = result.data?.rows ?? [];
  const total = result.data?.total ?? 0;
  // A broad search is counted only so far ("more than 100"): offer one page beyond the counted ones.
  const more = result.data?.more ?? false;
  const pages = Math.max(1, Math.ceil(total / pageSize) + (more ? 1 : 0));
  // The list's sort, page and page size live in the address too (the shared table drives them through this).
  const list: ListState<StudentSort> = {
    sort,
    direction,
    page,
    pageSize,
    search: query,
    searched: debounced,
    setSearch: setQuery,
    sortBy: (column, firstDirection = 'asc') => {
      const nextDir = column === sort ? (direction === 'asc' ? 'desc' : 'asc') : firstDirection;
      update({ sort: column === 'surname' ? null : column, dir: nextDir === 'asc' ? null : nextDir, page: null });
    },
    setOrder: (column, dir) => update({ sort: column === 'surname' ? null : column, dir: dir === 'asc' ? null : dir, page: null }),
    setPage: (p) => update({ page: p === 1 ? null : String(p) }),
    setPageSize: (size) => update({ size: size === DEFAULT_PAGE_SIZE ? null : String(size), page: null }),
    restart: () => update({ page: null }),
    input: { sort, direction, page, pageSize },
  };
  const columns: Column<StudentSummary, StudentSort>[] = [
    {
      header: 'Name',
      sort: 'surname',
      render: (s) => (
        <>
          <Text fw={600} span size="sm">
            {studentName(s)}
          </Text>
          {s.archived && (
            <Badge ml="xs" color="gray" variant="outline" size="sm">
              Archived
            </Badge>
          )}
        </>
      ),
    },
    { header: 'Reference', sort: 'reference', render: (s) => s.reference },
    { header: 'Date of birth', sort: 'dateOfBirth', render: (s) => formatDate(s.dateOfBirth) },
    { header: 'NHS number', render: (s) => (s.nhsNumber ? formatNhsNumber(s.nhsNumber) : <VisuallyHidden>none</VisuallyHidden>) },
    { header: 'Phone', render: (s) => s.phone },
    { header: 'Postcode', render: (s) => s.postcode },
  ];

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
        <ExportButton list="students" filter={{ query: debounced, sort, direction, includeArchived }} />
      </Group>

      <DataTable
        label="Students found"
        id="student-results"
        columns={columns}
        query={result}
        list={list}
        rowKey={(s) => s.id}
        noun={['student', 'students']}
        pageCount={pages}
        empty={debounced ? `No students match “${debounced}”.` : 'No students yet.'}
        status={
          total === 0 ? null : (
            <span data-testid="student-count">
              {more
                ? debounced
                  ? `More than ${total} students match “${debounced}”. Keep typing to narrow it down, or use the arrow keys and Enter to open one.`
                  : `More than ${total} students. Type part of a name, a reference, an NHS number or a phone number to find someone.`
                : `${total} ${total === 1 ? 'student' : 'students'}${debounced ? ` match “${debounced}”` : ''}. Use the arrow keys and Enter to open one.`}
            </span>
          )
        }
        rowProps={(s, i) => ({
          ref: (el: HTMLTableRowElement | null) => {
            rowRefs.current[i] = el;
          },
          tabIndex: 0,
          className: 'rcd-row-link',
          onClick: () => open(s),
          onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => onRowKey(e, i),
          'aria-label': `${studentName(s)}, ${s.reference}${s.archived ? ', archived' : ''}. Press Enter to open.`,
          'data-testid': 'student-row',
        })}
      />
    </Page>
  );
}
