// On the college's server, what other desks change appears here within a few seconds without reloading: the window
// asks the core every few seconds what they changed (`changes.since`, answered from memory: the core hears each
// committed change from the server), and refreshes what is on screen. Forms keep what the person is typing: they
// hold the record as it was opened, and saving over someone else's change is refused with who made it.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { call } from '../api/client';

export const OTHER_DESKS_POLL_MS = 2_000;

/** Queries never refreshed for another desk's change: who is signed in here, and this window's own polling. */
const KEEP = ['auth.', 'changes.', 'demo.'];

export function useOtherDesksChanges(enabled: boolean): void {
  const queryClient = useQueryClient();
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const poll = async () => {
      try {
        const r = await call('changes.since', { after: seq.current });
        if (stopped) return;
        seq.current = r.seq;
        if (r.areas.length === 0) return;
        // What is on screen is read again now; anything else is marked out of date and read when next shown. A change
        // in one area shows in others (a register mark on Today, the student's page, the return), so all are refreshed.
        await queryClient.invalidateQueries({
          predicate: (q) => typeof q.queryKey[0] === 'string' && !KEEP.some((k) => (q.queryKey[0] as string).startsWith(k)),
          refetchType: 'active',
        });
      } catch {
        // Locked or signed out: the auth gate deals with that; the next poll tries again.
      }
    };
    void poll();
    const timer = window.setInterval(() => void poll(), OTHER_DESKS_POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [enabled, queryClient]);
}
