// The return's charts (recharts, the biggest library in the renderer) as a chunk of their own, fetched when a return
// with charts is first shown — not with the Reports area, and never on the sign-in page.
import { lazy, Suspense } from 'react';
import type { Period } from '../../src-main/contract/returns';
import { Loading } from '../components/Loading';

const Charts = lazy(() => import('./ReturnCharts').then((m) => ({ default: m.ReturnCharts })));

export function ReturnCharts({ period }: { period: Period }) {
  return (
    <Suspense fallback={<Loading label="Loading the charts…" size="sm" />}>
      <Charts period={period} />
    </Suspense>
  );
}
