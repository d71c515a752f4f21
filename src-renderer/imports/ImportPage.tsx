// Bringing records in from a spreadsheet, step by step: choose the file → say which column is which → say what the
// words mean → check every row (skip or fix) → confirm → report. One page for every kind (students, facilitators, payees).
import { Alert, Anchor, Badge, Button, Checkbox, Group, List, Loader, Modal, NativeSelect, Pagination, SegmentedControl, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  IMPORT_KIND_WORDS,
  IMPORT_MAX_BYTES,
  IMPORT_TOO_BIG,
  valueKey,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
  type ImportRowCheck,
  type ImportTable,
} from '../../src-main/contract/imports';
import { call, errorMessage } from '../api/client';
import { useApiMutation } from '../api/hooks';
import { Page } from '../components/Page';
import { pagerProps } from '../components/pagination';
import { fileToBase64 } from '../expenses/shared';
import { saveExport } from '../files';

const STEPS = ['Choose the file', 'Columns', 'Values', 'Check the rows', 'Done'] as const;
type Step = 0 | 1 | 2 | 3 | 4;
const PAGE_SIZE = 50;

/** Where each kind's list lives, to go back to it afterwards. */
const LIST_PAGE: Record<ImportKind, { to: string; label: string }> = {
  students: { to: '/students', label: 'Go to the students list' },
  facilitators: { to: '/schedule/facilitators', label: 'Go to the facilitators list' },
  payees: { to: '/expenses/payees', label: 'Go to the payees list' },
};

const STATUS_WORDS: Record<ImportRowCheck['status'], { label: string; color: string }> = {
  ready: { label: 'Ready', color: 'teal' },
  problem: { label: 'Needs fixing', color: 'red' },
  duplicate: { label: 'Possible duplicate', color: 'orange' },
};

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function Busy({ children }: { children: ReactNode }) {
  return (
    <Group gap="sm" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text>{children}</Text>
    </Group>
  );
}

export function ImportPage({ kind }: { kind: ImportKind }) {
  const words = IMPORT_KIND_WORDS[kind];
  const [step, setStep] = useState<Step>(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [table, setTable] = useState<ImportTable | null>(null);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [columns, setColumns] = useState<(string | null)[]>([]);
  const [values, setValues] = useState<Record<string, Record<string, string>>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  /** The person's choice per row; unset means the default (import a ready row, skip the rest). */
  const [choice, setChoice] = useState<Record<number, boolean>>({});
  const [result, setResult] = useState<ImportResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const commit = useApiMutation(`imports.${kind}.commit` as 'imports.students.commit', { invalidate: ['students.', 'scheduling.', 'expenses.payees'] });

  const run = async <T,>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  const check = (next: { rows?: ImportRow[]; columns?: (string | null)[]; values?: Record<string, Record<string, string>> } = {}) =>
    call(`imports.${kind}.preview` as 'imports.students.preview', {
      headers: table?.headers ?? [],
      rows: next.rows ?? rows,
      columns: next.columns ?? columns,
      values: next.values ?? values,
    });

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > IMPORT_MAX_BYTES) {
      setError(IMPORT_TOO_BIG);
      return;
    }
    await run(`Reading ${file.name}…`, async () => {
      const read = await call('imports.readFile', { fileName: file.name, base64: await fileToBase64(file) });
      const first = await call(`imports.${kind}.preview` as 'imports.students.preview', { headers: read.headers, rows: read.rows, values: {} });
      setTable(read);
      setRows(read.rows);
      setColumns(first.columns);
      setValues({});
      setChoice({});
      setPreview(first);
      setStep(1);
    });
    if (fileInput.current) fileInput.current.value = '';
  };

  const toValues = () =>
    run('Looking at the values in each column…', async () => {
      const p = await check();
      setPreview(p);
      // Start from what the app chose (remembered or suggested), so what is shown is what will be used.
      const start: Record<string, Record<string, string>> = {};
      for (const v of p.values) for (const x of v.values) if (x.code) (start[v.field] ??= {})[valueKey(x.text)] = x.code;
      setValues(start);
      setStep(2);
    });

  const toRows = () =>
    run(`Checking ${count(rows.length, 'row')}…`, async () => {
      setPreview(await check());
      setStep(3);
    });

  const included = (r: ImportRowCheck) => (r.status === 'problem' ? false : (choice[r.n] ?? r.status === 'ready'));
  const chosen = preview?.rows.filter(included) ?? [];

  const confirmImport = () =>
    run(`Importing ${count(chosen.length, words.one, words.many)}… This can take a little while for a long list.`, async () => {
      const r = await commit.mutateAsync({
        fileName: table?.fileName ?? 'spreadsheet',
        headers: table?.headers ?? [],
        rows,
        columns,
        values,
        include: chosen.map((c) => c.n),
        confirmedDuplicates: chosen.filter((c) => c.status === 'duplicate').map((c) => c.n),
      });
      setResult(r);
      setStep(4);
    });

  const [confirming, setConfirming] = useState(false);
  const [fixing, setFixing] = useState<ImportRow | null>(null);

  const saveFix = (edited: ImportRow) =>
    run('Checking the row again…', async () => {
      const next = rows.map((r) => (r.n === edited.n ? edited : r));
      const p = await check({ rows: next });
      setRows(next);
      setPreview(p);
      setFixing(null);
    });

  return (
    <Page title={words.title}>
      <Text c="dimmed">
        Bring in the {words.many} your college already keeps in a spreadsheet (CSV or Excel .xlsx). Nothing is added until you confirm on the last step, and then
        all the chosen rows are added together.
      </Text>
      <List type="ordered" aria-label="Steps" spacing={2}>
        {STEPS.map((s, i) => (
          <List.Item key={s} aria-current={i === step ? 'step' : undefined} fw={i === step ? 700 : undefined} c={i === step ? undefined : 'dimmed'}>
            {s}
          </List.Item>
        ))}
      </List>
      {error && (
        <Alert color="red" role="alert" title="That did not work">
          {error}
        </Alert>
      )}
      {busy && <Busy>{busy}</Busy>}

      {step === 0 && (
        <Stack gap="xs" maw={640}>
          <Title order={2} size="h4">
            Choose the file
          </Title>
          <Text>
            The first row should hold the column headings, with one {words.one} per row underneath. Up to 10 MB; formulas and merged cells need to be turned into plain values
            first.
          </Text>
          {/* The browser's own "Choose File / No file chosen" control stays hidden (it follows the computer's language and
              looks like nothing else here); a real button opens the same chooser, and the input keeps its label. */}
          <label htmlFor="import-file" className="sr-only">
            Spreadsheet file (CSV or .xlsx)
          </label>
          <input
            id="import-file"
            ref={fileInput}
            type="file"
            className="sr-only"
            tabIndex={-1}
            disabled={!!busy}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void chooseFile(e.currentTarget.files?.[0])}
          />
          <Group>
            <Button variant="default" disabled={!!busy} onClick={() => fileInput.current?.click()}>
              Choose a spreadsheet (CSV or .xlsx)…
            </Button>
          </Group>
        </Stack>
      )}

      {step === 1 && table && preview && (
        <ColumnsStep table={table} preview={preview} columns={columns} setColumns={setColumns} busy={!!busy} onBack={() => setStep(0)} onNext={() => void toValues()} />
      )}

      {step === 2 && preview && (
        <ValuesStep preview={preview} values={values} setValues={setValues} busy={!!busy} onBack={() => setStep(1)} onNext={() => void toRows()} />
      )}

      {step === 3 && preview && (
        <RowsStep
          preview={preview}
          rows={rows}
          included={included}
          setChoice={(n, v) => setChoice((c) => ({ ...c, [n]: v }))}
          onFix={(r) => setFixing(r)}
          busy={!!busy}
          words={words}
          chosen={chosen.length}
          onBack={() => setStep(2)}
          onImport={() => setConfirming(true)}
        />
      )}

      {step === 4 && result && <DoneStep result={result} kind={kind} />}

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Add ${count(chosen.length, words.one, words.many)}?`}>
        <Stack>
          <Text>
            {count(chosen.length, words.one, words.many)} will be added now, all together; {count((preview?.rows.length ?? 0) - chosen.length, 'row')} will be skipped.
            Each new record can be changed or archived afterwards, one at a time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Not yet
            </Button>
            <Button
              onClick={() => {
                setConfirming(false);
                void confirmImport();
              }}
            >
              Add {count(chosen.length, words.one, words.many)}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {fixing && table && preview && <FixRow row={fixing} table={table} preview={preview} columns={columns} onCancel={() => setFixing(null)} onSave={(r) => void saveFix(r)} busy={!!busy} />}
    </Page>
  );
}

function StepButtons({ onBack, onNext, next, busy }: { onBack: () => void; onNext: () => void; next: string; busy: boolean }) {
  return (
    <Group>
      <Button variant="default" onClick={onBack} disabled={busy}>
        Back
      </Button>
      <Button onClick={onNext} disabled={busy}>
        {next}
      </Button>
    </Group>
  );
}

function ColumnsStep(props: {
  table: ImportTable;
  preview: ImportPreview;
  columns: (string | null)[];
  setColumns: (c: (string | null)[]) => void;
  busy: boolean;
  onBack: () => void;
  onNext: () => void;
}) {
  const { table, preview, columns } = props;
  const missing = preview.fields.filter((f) => f.required && !columns.includes(f.key) && !preview.values.some((v) => v.field === f.key));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Which column is which?
      </Title>
      <Text>
        Read {count(table.rows.length, 'row')} from {table.fileName}
        {table.sheetName ? `, sheet “${table.sheetName}”` : ''}.{table.otherSheets > 0 ? ` The file has ${count(table.otherSheets, 'other sheet')}, which ${table.otherSheets === 1 ? 'was' : 'were'} not read.` : ''} The
        app has guessed from the headings (and from last time); change any that are wrong. Your choices are remembered for next time.
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table aria-label="Columns" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Heading in the file</Table.Th>
              <Table.Th>First values</Table.Th>
              <Table.Th>Imported as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.headers.map((h, i) => (
              <Table.Tr key={i}>
                <Table.Td>{h}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {table.rows
                      .slice(0, 3)
                      .map((r) => r.cells[i])
                      .filter(Boolean)
                      .join(', ') || '(empty)'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Imported as (column “${h}”)`}
                    value={columns[i] ?? ''}
                    onChange={(e) => props.setColumns(columns.map((c, j) => (j === i ? e.currentTarget.value || null : c === e.currentTarget.value ? null : c)))}
                    data={[{ value: '', label: 'Not imported' }, ...preview.fields.map((f) => ({ value: f.key, label: `${f.label}${f.required ? ' (needed)' : ''}` }))]}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {missing.length > 0 && (
        <Alert color="orange" title="Some needed details have no column">
          No column is set to {missing.map((m) => m.label).join(', ')}. Every row will need fixing unless you choose a column for {missing.length === 1 ? 'it' : 'them'}.
        </Alert>
      )}
      <StepButtons onBack={props.onBack} onNext={props.onNext} next="Next: values" busy={props.busy} />
    </Stack>
  );
}

function ValuesStep(props: {
  preview: ImportPreview;
  values: Record<string, Record<string, string>>;
  setValues: (v: Record<string, Record<string, string>>) => void;
  busy: boolean;
  onBack: () => void;
  onNext: () => void;
}) {
  const { preview, values } = props;
  const set = (field: string, text: string, code: string) => {
    const next = { ...values, [field]: { ...(values[field] ?? {}) } };
    if (code) next[field][valueKey(text)] = code;
    else delete next[field][valueKey(text)];
    props.setValues(next);
  };
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        What do the words mean?
      </Title>
      <Text>
        The app records these details as standard codes. It has suggested a meaning where the words match; please check them, and choose one for any left blank. Your
        choices are remembered for next time.
      </Text>
      {preview.values.map((choice) => (
        <Stack key={choice.field} gap={4}>
          <Title order={3} size="h5">
            {choice.label}
          </Title>
          <Table aria-label={choice.label} maw={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>In the file</Table.Th>
                <Table.Th>Rows</Table.Th>
                <Table.Th>Means</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {choice.values.map((v) => (
                <Table.Tr key={v.text}>
                  <Table.Td>{v.text === '' ? <Text c="dimmed">(blank)</Text> : v.text}</Table.Td>
                  <Table.Td>{v.count.toLocaleString('en-GB')}</Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`${choice.label}: “${v.text === '' ? '(blank)' : v.text}” means`}
                      value={values[choice.field]?.[valueKey(v.text)] ?? ''}
                      onChange={(e) => set(choice.field, v.text, e.currentTarget.value)}
                      data={[{ value: '', label: 'Choose…' }, ...choice.options.map((o) => ({ value: o.code, label: o.label }))]}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      <StepButtons onBack={props.onBack} onNext={props.onNext} next="Next: check the rows" busy={props.busy} />
    </Stack>
  );
}

function RowsStep(props: {
  preview: ImportPreview;
  rows: ImportRow[];
  included: (r: ImportRowCheck) => boolean;
  setChoice: (n: number, include: boolean) => void;
  onFix: (r: ImportRow) => void;
  busy: boolean;
  words: { one: string; many: string };
  chosen: number;
  onBack: () => void;
  onImport: () => void;
}) {
  const { preview } = props;
  const [show, setShow] = useState<'attention' | 'all'>(preview.counts.problem + preview.counts.duplicate > 0 ? 'attention' : 'all');
  const [page, setPage] = useState(1);
  const shown = useMemo(() => (show === 'all' ? preview.rows : preview.rows.filter((r) => r.status !== 'ready')), [preview, show]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const byN = useMemo(() => new Map(props.rows.map((r) => [r.n, r])), [props.rows]);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Check the rows
      </Title>
      <Text role="status">
        {count(preview.counts.ready, 'row')} ready, {count(preview.counts.problem, 'row')} needing fixing, {count(preview.counts.duplicate, 'possible duplicate')}.{' '}
        {count(props.chosen, props.words.one, props.words.many)} will be added.
      </Text>
      <Text size="sm" c="dimmed">
        Fix a row to change what it says (the file itself is not changed), or leave it unticked to skip it. A possible duplicate is skipped unless you tick it to say it is a
        different {props.words.one}.
      </Text>
      <SegmentedControl
        aria-label="Rows to show"
        value={show}
        onChange={(v) => {
          setShow(v as 'attention' | 'all');
          setPage(1);
        }}
        data={[
          { value: 'attention', label: `Needing attention (${(preview.counts.problem + preview.counts.duplicate).toLocaleString('en-GB')})` },
          { value: 'all', label: `All rows (${preview.rows.length.toLocaleString('en-GB')})` },
        ]}
        w="fit-content"
      />
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Rows" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Check</Table.Th>
              <Table.Th>Import?</Table.Th>
              <Table.Th>
                <VisuallyHidden>Fix</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((r) => (
              <Table.Tr key={r.n} data-row={r.n}>
                <Table.Td>{r.n}</Table.Td>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_WORDS[r.status].color} variant="light">
                    {STATUS_WORDS[r.status].label}
                  </Badge>
                  {r.issues.length > 0 && (
                    <List size="sm" mt={4}>
                      {r.issues.map((i, k) => (
                        <List.Item key={k}>{i.message}</List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`Import row ${r.n} (${r.label})`}
                    label={r.status === 'problem' ? 'Fix to import' : r.status === 'duplicate' ? 'Different person: import' : 'Import'}
                    checked={props.included(r)}
                    disabled={r.status === 'problem' || props.busy}
                    onChange={(e) => props.setChoice(r.n, e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="default" disabled={props.busy} onClick={() => byN.get(r.n) && props.onFix(byN.get(r.n) as ImportRow)} aria-label={`Fix row ${r.n}`}>
                    Fix
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown.length === 0 && <Text c="dimmed">No rows need attention.</Text>}
      {pages > 1 && <Pagination total={pages} value={current} onChange={setPage} {...pagerProps('Rows page')} />}
      <Group>
        <Button variant="default" onClick={props.onBack} disabled={props.busy}>
          Back
        </Button>
        <Button onClick={props.onImport} disabled={props.busy || props.chosen === 0}>
          Import {count(props.chosen, props.words.one, props.words.many)}
        </Button>
      </Group>
    </Stack>
  );
}

function FixRow(props: { row: ImportRow; table: ImportTable; preview: ImportPreview; columns: (string | null)[]; busy: boolean; onCancel: () => void; onSave: (r: ImportRow) => void }) {
  const [cells, setCells] = useState(props.row.cells);
  const labelOf = (key: string | null) => props.preview.fields.find((f) => f.key === key)?.label;
  const issues = props.preview.rows.find((r) => r.n === props.row.n)?.issues ?? [];
  return (
    <Modal opened onClose={props.onCancel} title={`Fix row ${props.row.n}`} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSave({ ...props.row, cells });
        }}
      >
        <Stack gap="xs">
          {issues.length > 0 && (
            <Alert color="orange" title="What needs looking at">
              <List size="sm">
                {issues.map((i, k) => (
                  <List.Item key={k}>{i.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {props.table.headers.map((h, i) =>
            props.columns[i] ? (
              <TextInput
                key={i}
                label={`${labelOf(props.columns[i])}${h !== labelOf(props.columns[i]) ? ` (“${h}”)` : ''}`}
                value={cells[i] ?? ''}
                error={issues.find((x) => x.field === props.columns[i])?.message}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setCells((c) => c.map((x, j) => (j === i ? v : x)));
                }}
              />
            ) : null,
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy}>
              Save the fix
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DoneStep({ result, kind }: { result: ImportResult; kind: ImportKind }) {
  const words = IMPORT_KIND_WORDS[kind];
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await saveExport(`imports.${kind}.report` as 'imports.students.report', {
        fileName: result.fileName,
        imported: result.imported.map(({ n, id }) => ({ n, id })),
        skipped: result.skipped.map(({ n, label, reason }) => ({ n, label: label.slice(0, 300), reason: reason.slice(0, 2000) })),
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="sm" maw={760}>
      <Alert color="teal" title="Import finished" role="status">
        Added {count(result.imported.length, words.one, words.many)} from {result.fileName}; {count(result.skipped.length, 'row')} skipped.
      </Alert>
      {result.imported.length > 0 && (
        <Text>
          First added: {result.imported.slice(0, 5).map((r) => r.label).join('; ')}
          {result.imported.length > 5 ? ` and ${count(result.imported.length - 5, 'more', 'more')}` : ''}.
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button onClick={() => void save()} loading={saving}>
          Save a report (CSV)
        </Button>
        <Anchor component={Link} to={LIST_PAGE[kind].to}>
          {LIST_PAGE[kind].label}
        </Anchor>
      </Group>
    </Stack>
  );
}
