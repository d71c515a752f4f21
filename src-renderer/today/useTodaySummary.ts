// The one query behind Today's counts and the navigation's badges: refreshed every minute and after any change.
import type { TodayItem } from '../../src-main/contract/today';
import { useApiQuery } from '../api/hooks';

export const TODAY_REFRESH_MS = 60_000;

/** `fresh`: read again whenever the screen opens (Today itself), even if the navigation read it a moment ago. */
export function useTodaySummary({ fresh = false }: { fresh?: boolean } = {}) {
  return useApiQuery('today.summary', {}, { quietErrors: true, refetchInterval: TODAY_REFRESH_MS, ...(fresh ? { refetchOnMount: 'always' as const } : {}) });
}

/** The items counted in a navigation area's badge (those with something to do). */
export function navItemsFor(items: readonly TodayItem[] | undefined, path: string): TodayItem[] {
  return (items ?? []).filter((i) => i.nav === path && i.count > 0);
}
