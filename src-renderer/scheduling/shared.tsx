// Bits every scheduling screen shares: the area's sub-navigation, option lists, and how times and people are written.
import { Badge, NativeSelect, type NativeSelectProps } from '@mantine/core';
import { AreaNav, type AreaLink } from '../components/AreaNav';
import { FACILITATOR_KINDS, type FacilitatorKind, type RunSummary } from '../../src-main/contract/scheduling';
import { useApiQuery } from '../api/hooks';

const LINKS: AreaLink[] = [
  { to: '/schedule', label: 'Timetable', end: true },
  { to: '/schedule/runs', label: 'Course runs' },
  { to: '/schedule/courses', label: 'Catalogue' },
  { to: '/schedule/terms', label: 'Terms & closures' },
  { to: '/schedule/venues', label: 'Venues & rooms' },
  { to: '/schedule/facilitators', label: 'Facilitators' },
];

/** The area's own links, shown at the top of each scheduling page. */
export function ScheduleNav() {
  return <AreaNav label="Courses and schedule" links={LINKS} />;
}

export function kindLabel(kind: FacilitatorKind): string {
  return FACILITATOR_KINDS[kind];
}

/** Co-delivery standard, in words and colour (never colour alone). */
export function CoDeliveryBadge({ run }: { run: Pick<RunSummary, 'meetsCoDelivery'> }) {
  return run.meetsCoDelivery ? (
    <Badge color="calm" variant="light">
      Co-delivered
    </Badge>
  ) : (
    <Badge color="orange" variant="light">
      Needs a peer trainer and one other
    </Badge>
  );
}

/** A select of terms, newest first; value is the term id as text ('' = none chosen). */
export function TermSelect(props: Omit<NativeSelectProps, 'data'> & { allowNone?: string }) {
  const { allowNone, ...rest } = props;
  const terms = useApiQuery('scheduling.listTerms', {});
  return (
    <NativeSelect
      {...rest}
      data={[...(allowNone !== undefined ? [{ value: '', label: allowNone }] : []), ...(terms.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))]}
    />
  );
}

export const toId = (v: string | null | undefined): number | null => (v ? Number(v) : null);
