// Charts for managers (internal figures): enrolments and attendance by month, wellbeing change, co-delivery rate.
// Each chart has a one-line summary in words beside it, so the point is clear without reading the picture.
import { Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Period } from '../../src-main/contract/returns';
import { useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatMonthShort } from '../dates/format';
import { plural } from '../components/words';


export function ReturnCharts({ period }: { period: Period }) {
  const charts = useApiQuery('returns.charts', { period }, { quietErrors: true, retry: false });
  if (charts.isPending) return <Loader aria-label="Loading the charts" />;
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
          <figure style={{ margin: 0 }} aria-label="Enrolments and attendance by month">
            <Text fw={600}>Enrolments and attendance by month</Text>
            <Text size="sm" c="dimmed">
              {totals.enrolments} enrolments and {totals.attendances} attendances in the period.
            </Text>
            <BarChart width={520} height={240} data={months}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="enrolments" name="Enrolments" fill="#2f7d6d" />
              <Bar dataKey="attendances" name="Attendances" fill="#5b6abf" />
            </BarChart>
          </figure>
          <figure style={{ margin: 0 }} aria-label="Change in wellbeing score">
            <Text fw={600}>Change in wellbeing score (end of course minus baseline)</Text>
            <Text size="sm" c="dimmed">
              {paired === 0 ? 'No paired questionnaires in the period yet.' : `${improved} of ${plural(paired, 'student')} with paired scores improved.`}
            </Text>
            <BarChart width={520} height={240} data={changeRows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="change" name="Change (points)" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="SWEMWBS" stackId="s" fill="#2f7d6d" />
              <Bar dataKey="WEMWBS" stackId="s" fill="#b5651d" />
            </BarChart>
          </figure>
          <figure style={{ margin: 0 }} aria-label="Co-delivery rate">
            <Text fw={600}>Sessions co-delivered by a peer trainer and another trainer</Text>
            <Text size="sm" c="dimmed">
              {c.coDeliveryPercent === null ? 'No sessions held in the period.' : `${c.coDeliveryPercent}% of sessions held were co-delivered.`}
            </Text>
            <LineChart width={520} height={240} data={months}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis domain={[0, 100]} unit="%" />
              <Tooltip />
              <Line type="monotone" dataKey="coDeliveredPercent" name="Co-delivered (%)" stroke="#2f7d6d" strokeWidth={2} connectNulls />
            </LineChart>
          </figure>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
