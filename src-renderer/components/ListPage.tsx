// The one list-page pattern: a toolbar (search, filters, an "Add …" button opening a dialog), a compact table whose
// column headers sort (in SQL, by the core), a pager with a page size, and one empty / loading / error state.
import { Button, Group, Modal, NativeSelect, Pagination, Table, Text, TextInput, UnstyledButton, VisuallyHidden, type TableTrProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, type ListPage, type PageSize, type SortDirection } from '../../src-main/contract/lists';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';
import { pagerProps } from './pagination';

// ── state ─────────────────────────────────────────────────────

export interface ListState<S extends string> {
  sort: S;
  direction: SortDirection;
  page: number;
  pageSize: PageSize;
  /** What is typed in the search box, and the same after a short pause (what the query uses). */
  search: string;
  searched: string;
  setSearch(text: string): void;
  /** Sort by a column: the sorted column again turns it round; another starts in its own first direction. */
  sortBy(column: S, firstDirection?: SortDirection): void;
  /** Sort by a column in a given direction (a list of cards chooses its order from a menu). */
  setOrder(column: S, direction: SortDirection): void;
  setPage(page: number): void;
  setPageSize(size: PageSize): void;
  /** Back to page 1, for a changed filter. */
  restart(): void;
  /** The paging and sorting part of the list method's input. */
  input: { sort: S; direction: SortDirection; page: number; pageSize: PageSize };
}

export function useListState<S extends string>(defaultSort: S, defaultDirection: SortDirection = 'asc', defaultPageSize: PageSize = DEFAULT_PAGE_SIZE): ListState<S> {
  const [sort, setSort] = useState<S>(defaultSort);
  const [direction, setDirection] = useState<SortDirection>(defaultDirection);
  const [page, setPage] = useState(1);
  // Arriving from "Search everything" (`?show=<id>`) opens the list at its largest page, so the row found is on it.
  const [params] = useSearchParams();
  const [pageSize, setPageSize] = useState<PageSize>(params.has('show') ? PAGE_SIZES[PAGE_SIZES.length - 1] : defaultPageSize);
  const [search, setSearchText] = useState('');
  const [searched] = useDebouncedValue(search.trim(), 200);
  return {
    sort,
    direction,
    page,
    pageSize,
    search,
    searched,
    setSearch: (text) => {
      setSearchText(text);
      setPage(1);
    },
    sortBy: (column, firstDirection = 'asc') => {
      if (column === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
      else {
        setSort(column);
        setDirection(firstDirection);
      }
      setPage(1);
    },
    setOrder: (column, dir) => {
      setSort(column);
      setDirection(dir);
      setPage(1);
    },
    setPage,
    setPageSize: (size) => {
      setPageSize(size);
      setPage(1);
    },
    restart: () => setPage(1),
    input: { sort, direction, page, pageSize },
  };
}

// ── toolbar ───────────────────────────────────────────────────

export interface ListSearch {
  label: string;
  value: string;
  onChange(text: string): void;
  placeholder?: string;
  description?: string;
}

/** The row above a list: its search box, its filters, and its Add button, in that order. */
export function ListToolbar({ search, filters, add }: { search?: ListSearch; filters?: ReactNode; add?: ReactNode }) {
  return (
    <Group align="flex-end" gap="md" wrap="wrap" className="rcd-list-toolbar">
      {search && (
        <TextInput
          type="search"
          label={search.label}
          description={search.description}
          placeholder={search.placeholder ?? 'Start typing…'}
          value={search.value}
          onChange={(e) => search.onChange(e.currentTarget.value)}
          maxLength={100}
          style={{ flex: '1 1 280px', maxWidth: 420 }}
        />
      )}
      {filters}
      {add && <Group ml="auto">{add}</Group>}
    </Group>
  );
}

/**
 * An "Add …" button and the dialog it opens. `children` gets `close`, for the form to call once it has saved;
 * Escape and the close button leave without saving.
 */
export function AddDialog({ label, title = label, size = 'lg', children }: { label: string; title?: string; size?: string; children: (close: () => void) => ReactNode }) {
  const [opened, setOpened] = useState(false);
  const close = () => setOpened(false);
  return (
    <>
      <Button aria-haspopup="dialog" onClick={() => setOpened(true)}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} size={size} withCloseButton closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && children(close)}
      </Modal>
    </>
  );
}

// ── table ─────────────────────────────────────────────────────

export interface Column<T, S extends string = string> {
  /** The header's words; for a column of buttons, a name screen readers hear (`hideHeader` keeps it off screen). */
  header: string;
  render(row: T): ReactNode;
  /** The sort name the core knows this column by; without one the header is plain text. */
  sort?: S;
  /** The first direction when this column is chosen (dates and amounts read best newest or largest first). */
  firstDirection?: SortDirection;
  hideHeader?: boolean;
  align?: 'left' | 'right';
  width?: number | string;
}

/** What a list query hands the table: TanStack Query's result for a method answering a `ListPage`. */
export interface ListQuery<T> {
  data?: ListPage<T>;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching?: boolean;
  refetch(): unknown;
}

export interface DataTableProps<T, S extends string> {
  /** The table's accessible name, e.g. "Courses". */
  label: string;
  columns: Column<T, S>[];
  query: ListQuery<T>;
  list: ListState<S>;
  rowKey(row: T): string | number;
  /** How rows are counted: ['course', 'courses']. */
  noun: [string, string];
  /** What an empty list says; a filtered empty list should say what to change. */
  empty: ReactNode;
  /** Extra props for a row (a test id, a keyboard handler, `data-search-row`). */
  rowProps?(row: T, index: number): TableTrProps & Record<string, unknown>;
  id?: string;
  testId?: string;
  /** Words for the count line in place of "12 courses" (a search that counts only so far says so). */
  status?: ReactNode;
  /** How many pages there are, when the core counts only so far (a broad student search); else from the total. */
  pageCount?: number;
}

const ariaSort = (active: boolean, direction: SortDirection) => (active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none');

function SortIcon({ state }: { state: 'ascending' | 'descending' | 'none' }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false" style={{ flex: 'none', opacity: state === 'none' ? 0.35 : 1 }}>
      {state !== 'descending' && <path d="M6 1 L10 5 H2 Z" fill="currentColor" />}
      {state !== 'ascending' && <path d="M6 11 L10 7 H2 Z" fill="currentColor" />}
    </svg>
  );
}

/**
 * The one loading / error / empty state of a list, for lists shown as a table or as cards: the loading indicator
 * until the first answer, a kind error with "Try again" when there is nothing to show, and the empty words. Null once
 * there are rows to show (the caller shows them).
 */
export function ListQueryState<T>({ query, noun, empty }: { query: ListQuery<T>; noun: [string, string]; empty: ReactNode }) {
  if (query.isPending) return <Loading label={`Loading ${noun[1]}`} />;
  if (query.isError && !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data?.total === 0)
    return (
      <Text c="dimmed" data-testid="list-empty">
        {empty}
      </Text>
    );
  return null;
}

/** The list itself with its states and its pager: loading, a kind error with "Try again", empty, or the rows. */
export function DataTable<T, S extends string>({ label, columns, query, list, rowKey, noun, empty, rowProps, id, testId, status, pageCount }: DataTableProps<T, S>) {
  const statusId = useId();
  // The last row of the last page was removed (or the list shrank): go back to the list's new last page.
  const past = query.data && query.data.rows.length === 0 && query.data.total > 0 && query.data.page > 1;
  const lastPage = query.data ? Math.max(1, Math.ceil(query.data.total / query.data.pageSize)) : 1;
  useEffect(() => {
    if (past) list.setPage(lastPage);
  }, [past, lastPage]);
  if (query.isPending || (query.isError && !query.data)) return <ListQueryState query={query} noun={noun} empty={empty} />;
  const data = query.data as ListPage<T>;
  const first = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.total, data.page * data.pageSize);
  return (
    <>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Group gap="xs" mih={22}>
        <Text size="sm" c="dimmed" role="status" id={statusId} data-testid="list-count">
          {status ?? `${data.total} ${data.total === 1 ? noun[0] : noun[1]}`}
        </Text>
        {query.isFetching && <Loading label="Updating" size="xs" />}
      </Group>
      {data.total === 0 ? (
        <ListQueryState query={query} noun={noun} empty={empty} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table highlightOnHover withTableBorder verticalSpacing={6} horizontalSpacing="sm" fz="sm" aria-label={label} aria-describedby={statusId} id={id} data-testid={testId} className="rcd-list-table">
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => {
                  const state = ariaSort(c.sort === list.sort, list.direction);
                  return (
                    <Table.Th key={c.header} scope="col" aria-sort={c.sort ? state : undefined} style={{ width: c.width, textAlign: c.align }}>
                      {c.hideHeader ? (
                        <VisuallyHidden>{c.header}</VisuallyHidden>
                      ) : c.sort ? (
                        <UnstyledButton
                          onClick={() => list.sortBy(c.sort as S, c.firstDirection)}
                          className="rcd-sort-button"
                          fw={600}
                          fz="sm"
                          style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                        >
                          {c.header}
                          <SortIcon state={state} />
                        </UnstyledButton>
                      ) : (
                        c.header
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((row, i) => (
                <Table.Tr key={rowKey(row)} {...rowProps?.(row, i)}>
                  {columns.map((c) => (
                    <Table.Td key={c.header} style={{ textAlign: c.align }}>
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListPager total={data.total} page={data.page} pages={pageCount} list={list} shown={data.total > data.rows.length ? `Showing ${first}–${last} of ${data.total}` : null} />
    </>
  );
}

/** Page numbers and "Rows per page"; hidden while everything fits on the smallest page. */
export function ListPager<S extends string>(props: { total: number; page: number; pages?: number; list: ListState<S>; shown: string | null }) {
  const { total, page, list, shown } = props;
  if (total <= PAGE_SIZES[0]) return null;
  const pages = props.pages ?? Math.max(1, Math.ceil(total / list.pageSize));
  return (
    <Group justify="space-between" align="center" wrap="wrap">
      <Group gap="md">
        {pages > 1 && <Pagination total={pages} value={page} onChange={list.setPage} size="sm" {...pagerProps()} />}
        {shown && (
          <Text size="sm" c="dimmed">
            {shown}
          </Text>
        )}
      </Group>
      <NativeSelect
        label="Rows per page"
        size="xs"
        data={PAGE_SIZES.map(String)}
        value={String(list.pageSize)}
        onChange={(e) => list.setPageSize(Number(e.currentTarget.value) as PageSize)}
        styles={{ root: { display: 'flex', alignItems: 'center', gap: 8 } }}
      />
    </Group>
  );
}
