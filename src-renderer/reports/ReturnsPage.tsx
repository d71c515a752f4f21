// Contract returns for managers: choose a period, produce the return (kept with its files), see the figures as
// published (suppressed) beside the internal ones, download the XLSX or CSV, re-open past returns, charts, the extract.
import { Alert, Badge, Button, Card, Group, NativeSelect, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { collegeToday, formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { internalCell, lastCompletedQuarter, publishCell, resolvePeriod, type Period, type PublishedCell, type ReturnDetail } from '../../src-main/contract/returns';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { PassphraseInput } from '../privacy/PassphraseInput';
import { RequirePermission } from '../components/RequirePermission';
import { saveExport, useSaveExport } from '../files';
import { ReturnCharts } from './ReturnChartsLazy';
import { DateField } from '../dates/DateField';
import { RuleNote } from '../help/RuleNote';
import { Loading } from '../components/Loading';

type Kind = Period['kind'];

const NOT_ENDED = 'not ended yet';
const QUARTERS = [
  { value: '1', label: 'Q1 (April – June)' },
  { value: '2', label: 'Q2 (July – September)' },
  { value: '3', label: 'Q3 (October – December)' },
  { value: '4', label: 'Q4 (January – March)' },
];

/** The core refuses a period that has not ended (a return covers only days that have passed), so such periods are shown but cannot be chosen. */
const hasEnded = (p: Period, today: string) => resolvePeriod(p).end <= today;

function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const today = collegeToday();
  const last = lastCompletedQuarter(today);
  // The year the college is in now comes first, shown even when it cannot be chosen yet, so it is clear why.
  const currentYear = last.quarter === 4 ? last.financialYear + 1 : last.financialYear;
  const years = Array.from({ length: 6 }, (_, i) => currentYear - i);
  const fyLabel = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')} (1 Apr ${y} – 31 Mar ${y + 1})`;
  const kind = value.kind;
  const setKind = (k: Kind) => {
    if (k === 'quarter') onChange(last);
    else if (k === 'financialYear') onChange({ kind: 'financialYear', financialYear: last.financialYear - (last.quarter === 4 ? 0 : 1) });
    else onChange({ kind: 'custom', start: resolvePeriod(last).start, end: resolvePeriod(last).end });
  };
  const chooseYear = (financialYear: number) => {
    if (value.kind === 'quarter') {
      // Keep the quarter if it has ended in the new year; otherwise the latest one that has.
      const ended = [4, 3, 2, 1].filter((q) => hasEnded({ kind: 'quarter', financialYear, quarter: q }, today));
      onChange({ ...value, financialYear, quarter: ended.includes(value.quarter) ? value.quarter : (ended[0] ?? value.quarter) });
    } else if (value.kind === 'financialYear') onChange({ ...value, financialYear });
  };
  const yearOptions =
    value.kind === 'financialYear'
      ? years.map((y) => {
          const ended = hasEnded({ kind: 'financialYear', financialYear: y }, today);
          return { value: String(y), label: ended ? fyLabel(y) : `${fyLabel(y)}: ${NOT_ENDED}`, disabled: !ended };
        })
      : years.map((y) => {
          const anyEnded = hasEnded({ kind: 'quarter', financialYear: y, quarter: 1 }, today);
          return { value: String(y), label: anyEnded ? fyLabel(y) : `${fyLabel(y)}: no quarter has ended yet`, disabled: !anyEnded };
        });
  const quarterOptions =
    value.kind === 'quarter'
      ? QUARTERS.map((q) => {
          const ended = hasEnded({ kind: 'quarter', financialYear: value.financialYear, quarter: Number(q.value) }, today);
          return { ...q, label: ended ? q.label : `${q.label}: ${NOT_ENDED}`, disabled: !ended };
        })
      : QUARTERS;
  const someUnavailable = [...yearOptions, ...quarterOptions].some((o) => 'disabled' in o && o.disabled);
  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} id="period-kind">
          Period
        </Text>
        <SegmentedControl
          aria-labelledby="period-kind"
          value={kind}
          onChange={(k) => setKind(k as Kind)}
          data={[
            { value: 'quarter', label: 'Quarter' },
            { value: 'financialYear', label: 'Financial year' },
            { value: 'custom', label: 'Your own dates' },
          ]}
        />
      </div>
      <Group align="flex-end">
        {value.kind !== 'custom' && (
          <NativeSelect label="Financial year" value={String(value.financialYear)} onChange={(e) => chooseYear(Number(e.currentTarget.value))} data={yearOptions} />
        )}
        {value.kind === 'quarter' && (
          <NativeSelect label="Quarter" value={String(value.quarter)} onChange={(e) => onChange({ ...value, quarter: Number(e.currentTarget.value) })} data={quarterOptions} />
        )}
        {value.kind === 'custom' && (
          <>
            <DateField label="From" value={value.start} onChange={(v) => onChange({ ...value, start: v })} />
            <DateField label="To" value={value.end} maxDate={today} onChange={(v) => onChange({ ...value, end: v })} />
          </>
        )}
      </Group>
      {someUnavailable && (
        <Text size="sm" c="dimmed" data-testid="period-not-ended">
          A {value.kind === 'quarter' ? 'quarter' : 'year'} that has not ended yet cannot be chosen: a return covers only days that have passed, so it
          gives the same figures whenever it is produced. For figures so far, choose your own dates ending today.
        </Text>
      )}
    </Stack>
  );
}

const show = (v: PublishedCell) => (v === null ? '–' : typeof v === 'number' ? v.toLocaleString('en-GB') : v);

function ReturnView({ r }: { r: ReturnDetail }) {
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (name: string) => {
    setBusy(name);
    try {
      await saveExport('returns.download', { id: r.id, name });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card withBorder padding="lg" component="section" aria-label="The return">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3">
              {r.period.label}
            </Title>
            <Text size="sm" c="dimmed">
              Produced by {r.producedBy} on {formatTimestamp(r.producedAt)}. Completion threshold {r.parameters.completionThresholdPercent}%, meaningful change{' '}
              {r.parameters.meaningfulChangeSwemwbs} (SWEMWBS) / {r.parameters.meaningfulChangeWemwbs} (WEMWBS) points.
            </Text>
          </div>
          <Group>
            {r.files.map((f) => (
              <Button key={f.name} variant={f.name.endsWith('.xlsx') ? 'filled' : 'default'} loading={busy === f.name} onClick={() => void download(f.name)}>
                {f.name.endsWith('.xlsx') ? 'Download XLSX workbook' : 'Download CSV'}
              </Button>
            ))}
          </Group>
        </Group>
        <Alert color="gray" title="Published and internal figures">
          The <strong>Published</strong> column is exactly what the files contain: counts of 1 to 7 show as *, other counts are rounded to the nearest
          5, and means or percentages resting on 1 to 7 people are hidden. The <strong>Internal</strong> column is unsuppressed and is for the
          college only: never send it outside.
        </Alert>
        {r.tables.map((t) => (
          <div key={t.key}>
            <Title order={3} size="h4" mb="xs">
              {t.title}
            </Title>
            <Table striped withTableBorder aria-label={t.title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.columns[0]}</Table.Th>
                  <Table.Th ta="right">Published</Table.Th>
                  <Table.Th ta="right">
                    Internal <Badge size="xs" color="orange" variant="light">do not share</Badge>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {t.rows.map((row, i) => (
                  <Table.Tr key={i}>
                    <Table.Td title={r.definitions.find((d) => d.key === row.definition)?.description}>{String(row.cells[0])}</Table.Td>
                    <Table.Td ta="right">{show(publishCell(row.cells[1]))}</Table.Td>
                    <Table.Td ta="right">{show(internalCell(row.cells[1]))}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ))}
        <details>
          <summary>Definitions of every figure</summary>
          <Stack gap={4} mt="xs">
            {r.definitions.map((d) => (
              <Text key={d.key} size="sm">
                <strong>{d.label}:</strong> {d.description}
              </Text>
            ))}
          </Stack>
        </details>
      </Stack>
    </Card>
  );
}

function History({ onOpen }: { onOpen: (id: number) => void }) {
  const history = useApiQuery('returns.list', { page: 1, pageSize: 20 }, { quietErrors: true });
  if (history.isPending) return <Loading label="Loading past returns" />;
  if (history.isError) return <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Returns produced">
      <Title order={2} size="h4" mb="sm">
        Returns produced
      </Title>
      {history.data.rows.length === 0 ? (
        <Text c="dimmed">No returns have been produced yet.</Text>
      ) : (
        <Table aria-label="Returns produced" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Period</Table.Th>
              <Table.Th>Produced</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Workbook SHA-256</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.period.label}</Table.Td>
                <Table.Td>{formatTimestamp(r.producedAt)}</Table.Td>
                <Table.Td>{r.producedBy}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" title={r.files[0]?.sha256}>
                    {r.files[0]?.sha256.slice(0, 16)}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="default" onClick={() => onOpen(r.id)} aria-label={`Open the return for ${r.period.label} produced ${formatTimestamp(r.producedAt)}`}>
                    Open
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function Extract({ period }: { period: Period }) {
  const [reason, setReason] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [passphraseError, setPassphraseError] = useState<string | null>(null);
  const runs = useApiQuery('extracts.list', {}, { quietErrors: true });
  const run = useSaveExport('extracts.run', {
    invalidate: ['extracts.'],
    onSuccess: () => {
      setReason('');
      setPassphrase('');
    },
    onError: (e) => {
      setPassphraseError(e.fields?.passphrase ?? null);
      setError(e.fields?.reason ?? (e.fields?.passphrase ? null : errorMessage(e)));
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-label="Data-sharing extract">
      <Stack>
        <Title order={2} size="h4">
          Data-sharing extract (NHS numbers)
        </Title>
        <Text size="sm">
          For the service-use evaluation under the data-sharing agreement: one line per student who attended in the period ({resolvePeriod(period).label}),
          with their NHS number — only students whose consent was given by the end of the period and has not been withdrawn. Every run is
          logged with its reason. It is saved as an AES-256 encrypted zip.
        </Text>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setPassphraseError(null);
            run.mutate({ period, reason, passphrase });
          }}
        >
          <Stack>
            <Textarea label="Reason for running the extract" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} autosize minRows={2} />
            <PassphraseInput value={passphrase} onChange={setPassphrase} error={passphraseError} />
            <Button type="submit" w="fit-content" loading={run.isPending}>
              Run the extract
            </Button>
          </Stack>
        </form>
        {runs.data && runs.data.length > 0 && (
          <Table aria-label="Extract runs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Period</Table.Th>
                <Table.Th ta="right">Students</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{formatTimestamp(x.runAt)}</Table.Td>
                  <Table.Td>{x.runBy}</Table.Td>
                  <Table.Td>
                    {formatDate(x.period.start)} to {formatDate(x.period.end)}
                  </Table.Td>
                  <Table.Td ta="right">{x.students}</Table.Td>
                  <Table.Td>{x.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function ReturnsInner() {
  const [period, setPeriod] = useState<Period>(() => lastCompletedQuarter(collegeToday()));
  const [openId, setOpenId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const produce = useApiMutation('returns.produce', {
    invalidate: ['returns.list'],
    onSuccess: (r) => setOpenId(r.id),
    onError: (e) => setError(Object.values(e.fields ?? {})[0] ?? errorMessage(e)),
  });
  const opened = useApiQuery('returns.get', { id: openId ?? 0 }, { enabled: openId !== null, quietErrors: true });
  return (
    <Page title="Contract returns">
      <RuleNote rule="suppression" />
      <Card withBorder padding="lg" component="section" aria-label="Produce a return">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            produce.mutate({ period });
          }}
        >
          <Stack>
            <PeriodPicker value={period} onChange={setPeriod} />
            <Text size="sm" c="dimmed">
              The return is kept exactly as produced, with its files, so you can re-open what was sent. Producing the same period again from
              unchanged records gives the same figures.
            </Text>
            {error && (
              <Alert color="red" role="alert" title="The return was not produced">
                {error}
              </Alert>
            )}
            <Button type="submit" w="fit-content" loading={produce.isPending}>
              Produce the return
            </Button>
          </Stack>
        </form>
      </Card>
      {openId !== null && (opened.isPending ? <Loading label="Opening the return" /> : opened.isError ? <ErrorAlert error={opened.error} /> : <ReturnView r={opened.data} />)}
      <ReturnCharts period={period} />
      <History onOpen={setOpenId} />
      <Extract period={period} />
    </Page>
  );
}

export function ReturnsPage() {
  return (
    <RequirePermission permission="returns.run" title="Contract returns">
      <ReturnsInner />
    </RequirePermission>
  );
}
