// The return's charts (recharts, the biggest library in the renderer) as a chunk of their own, fetched when a return
// with charts is first shown — not with the Reports area, and never on the sign-in page.
import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { Period } from '../../src-main/contract/returns';

const Charts = lazy(() => import('./ReturnCharts').then((m) => ({ default: m.ReturnCharts })));

export function ReturnCharts({ period }: { period: Period }) {
  return (
    <Suspense fallback={<Loader size="sm" aria-label="Loading the charts…" />}>
      <Charts period={period} />
    </Suspense>
  );
}
