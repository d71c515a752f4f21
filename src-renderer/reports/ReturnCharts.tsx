// Charts for managers (internal figures): enrolments and attendance by month, wellbeing change, co-delivery rate.
// Each chart has a title, axis titles and a one-line summary in words, and can be shown as a table instead of a picture.
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../src-main/contract/returns';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatMonth, formatMonthShort } from '../dates/format';
import { plural } from '../components/words';
import { Loading } from '../components/Loading';


export function ReturnCharts({ period }: { period: Period }) {
  const charts = useApiQuery('returns.charts', { period }, { quietErrors: true, retry: false });
  if (charts.isPending) return <Loading label="Loading the charts" />;
  if (charts.isError) return <ErrorAlert title="The charts could not be drawn" error={charts.error} />;
  const c = charts.data;
  const months = c.byMonth.map((m) => ({
    ...m,
    label: formatMonthShort(m.month),
    coDeliveredPercent: m.sessionsHeld ? Math.round((m.sessionsCoDelivered * 1000) / m.sessionsHeld) / 10 : null,
  }));
  const changes = new Map<number, { change: number; SWEMWBS: number; WEMWBS: number }>();
  for (const w of c.wellbeingChange) {
    const row = changes.get(w.change) ?? { change: w.change, SWEMWBS: 0, WEMWBS: 0 };
    row[w.scale] += w.students;
    changes.set(w.change, row);
  }
  const changeRows = [...changes.values()].sort((a, b) => a.change - b.change);
  const paired = c.wellbeingChange.reduce((a, w) => a + w.students, 0);
  const improved = c.wellbeingChange.filter((w) => w.change > 0).reduce((a, w) => a + w.students, 0);
  const totals = months.reduce((a, m) => ({ enrolments: a.enrolments + m.enrolments, attendances: a.attendances + m.attendances }), { enrolments: 0, attendances: 0 });

  return (
    <Card withBorder padding="lg" component="section" aria-label="Charts">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            Charts for {c.period.label}
          </Title>
          <Text size="sm" c="dimmed">
            Internal figures, not suppressed
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
          <ChartFigure
            title="Enrolments and attendance by month"
            summary={`${totals.enrolments} enrolments and ${totals.attendances} attendances in the period.`}
            table={{ head: ['Month', 'Enrolments', 'Attendances'], rows: months.map((m) => [formatMonth(m.month), m.enrolments, m.attendances]) }}
          >
            <BarChart width={520} height={260} data={months} margin={{ bottom: 20, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" label={{ value: 'Month', position: 'insideBottom', offset: -12 }} />
              <YAxis allowDecimals={false} label={{ value: 'Number', angle: -90, position: 'insideLeft' }} />
              <Tooltip />
              <Legend verticalAlign="top" />
              <Bar dataKey="enrolments" name="Enrolments" fill="#2f7d6d" />
              <Bar dataKey="attendances" name="Attendances" fill="#5b6abf" />
            </BarChart>
          </ChartFigure>
          <ChartFigure
            title="Change in wellbeing score (end of course minus baseline)"
            summary={paired === 0 ? 'No paired questionnaires in the period yet.' : `${improved} of ${plural(paired, 'student')} with paired scores improved.`}
            table={{ head: ['Change (points)', 'Students (SWEMWBS)', 'Students (WEMWBS)'], rows: changeRows.map((r) => [r.change > 0 ? `+${r.change}` : r.change, r.SWEMWBS, r.WEMWBS]) }}
          >
            <BarChart width={520} height={260} data={changeRows} margin={{ bottom: 20, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="change" name="Change (points)" label={{ value: 'Change in score (points)', position: 'insideBottom', offset: -12 }} />
              <YAxis allowDecimals={false} label={{ value: 'Students', angle: -90, position: 'insideLeft' }} />
              <Tooltip />
              <Legend verticalAlign="top" />
              <Bar dataKey="SWEMWBS" stackId="s" fill="#2f7d6d" />
              <Bar dataKey="WEMWBS" stackId="s" fill="#b5651d" />
            </BarChart>
          </ChartFigure>
          <ChartFigure
            title="Sessions co-delivered by a peer trainer and another trainer"
            summary={c.coDeliveryPercent === null ? 'No sessions held in the period.' : `${c.coDeliveryPercent}% of sessions held were co-delivered.`}
            table={{
              head: ['Month', 'Sessions held', 'Co-delivered', 'Co-delivered (%)'],
              rows: months.map((m) => [formatMonth(m.month), m.sessionsHeld, m.sessionsCoDelivered, m.coDeliveredPercent === null ? '–' : `${m.coDeliveredPercent}%`]),
            }}
          >
            <LineChart width={520} height={260} data={months} margin={{ bottom: 20, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" label={{ value: 'Month', position: 'insideBottom', offset: -12 }} />
              <YAxis domain={[0, 100]} unit="%" label={{ value: 'Co-delivered', angle: -90, position: 'insideLeft' }} />
              <Tooltip />
              <Line type="monotone" dataKey="coDeliveredPercent" name="Co-delivered (%)" stroke="#2f7d6d" strokeWidth={2} connectNulls />
            </LineChart>
          </ChartFigure>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** A chart with its title and summary, and a button that shows the same figures as a table (for anyone who cannot read the picture). */
function ChartFigure({ title, summary, table, children }: { title: string; summary: string; table: { head: string[]; rows: (string | number)[][] }; children: ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text fw={600}>
          {title}
        </Text>
        <Button size="compact-sm" variant="default" style={{ flexShrink: 0 }} aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
          {asTable ? 'Show as a chart' : 'Show as a table'}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {summary}
      </Text>
      {asTable ? (
        <Table striped withTableBorder mt="xs" aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              {table.head.map((h) => (
                <Table.Th key={h} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={table.head.length}>Nothing in the period.</Table.Td>
              </Table.Tr>
            )}
            {table.rows.map((r, i) => (
              <Table.Tr key={i}>
                {r.map((v, j) => (j === 0 ? <Table.Th key={j} scope="row">{v}</Table.Th> : <Table.Td key={j}>{v}</Table.Td>))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        children
      )}
    </figure>
  );
}
