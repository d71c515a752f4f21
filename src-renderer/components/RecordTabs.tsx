// A record page's tabs (a student, a course run): the open tab is in the address (`?tab=outcomes`), so a link, a reload
// and Back all land on it; the first tab leaves the address bare. Arrow keys move between tabs (WAI-ARIA tabs pattern).
import { Stack, Tabs } from '@mantine/core';
import { useCallback, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

export interface RecordTab {
  /** The tab's name in the address: `?tab=<value>`. */
  value: string;
  label: string;
  panel: ReactNode;
}

/** The open tab (one of `values`, else the first) and a way to open another, which adds a step to the history. */
export function useRecordTab(values: readonly string[]): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const current = asked && values.includes(asked) ? asked : values[0];
  const first = values[0];
  const open = useCallback(
    (value: string) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (value === first) next.delete('tab');
        else next.set('tab', value);
        return next;
      }),
    [setParams, first],
  );
  return [current, open];
}

export function RecordTabs({ label, tabs }: { label: string; tabs: RecordTab[] }) {
  const [current, open] = useRecordTab(tabs.map((t) => t.value));
  return (
    // Only the open panel is mounted: each tab loads its own data when it is first opened.
    <Tabs value={current} onChange={(v) => v && open(v)} keepMounted={false}>
      <Tabs.List aria-label={label}>
        {tabs.map((t) => (
          <Tabs.Tab key={t.value} value={t.value}>
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((t) => (
        <Tabs.Panel key={t.value} value={t.value} pt="lg">
          <Stack gap="lg">{t.panel}</Stack>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
