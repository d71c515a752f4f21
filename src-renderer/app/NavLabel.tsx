// Today's count beside a navigation entry: the link is named "Expenses, 3 claims awaiting approval" (so the number is
// never a bare figure to a screen reader) and a badge shows "3". The badge sits beside the link, not inside it, so the
// link's visible words stay part of its name (WCAG 2.5.3) and a click on the badge still reaches the link.
import { Badge } from '@mantine/core';
import type { TodayItem } from '../../src-main/contract/today';

/** The link's accessible name when it carries a count ("Expenses, 3 claims awaiting approval"); undefined otherwise. */
export function navLinkName(label: string, items: TodayItem[]): string | undefined {
  if (items.length === 0) return undefined;
  return [label, ...items.map((i) => i.label.charAt(0).toLowerCase() + i.label.slice(1))].join(', ');
}

export function NavBadge({ items }: { items: TodayItem[] }) {
  const total = items.reduce((sum, i) => sum + i.count, 0);
  if (total === 0) return null;
  return (
    <Badge
      size="md"
      variant="filled"
      color="calm.8"
      circle={total < 10}
      aria-hidden
      data-testid="nav-badge"
      style={{ position: 'absolute', right: 8, top: '50%', transform: 'translateY(-50%)', pointerEvents: 'none' }}
    >
      {total.toLocaleString('en-GB')}
    </Badge>
  );
}
