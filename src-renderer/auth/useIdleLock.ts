// Locks the desk after `idleLockMinutes` with no keyboard or mouse activity, and tells the core the person is active
// (`auth.heartbeat`, at most once a minute) so its own idle lock matches what is on screen.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { call } from '../api/client';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;
const HEARTBEAT_MS = 60_000;
const CHECK_MS = 5_000;

export function useIdleLock(idleLockMinutes: number | null): void {
  const queryClient = useQueryClient();
  const lastActivity = useRef(Date.now());
  const lastHeartbeat = useRef(Date.now());

  useEffect(() => {
    if (idleLockMinutes === null) return;
    lastActivity.current = Date.now();
    lastHeartbeat.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastHeartbeat.current >= HEARTBEAT_MS) {
        lastHeartbeat.current = now;
        void call('auth.heartbeat', {}).catch(() => undefined);
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= idleLockMinutes * 60_000) {
        window.clearInterval(timer);
        void call('auth.lock', {})
          .catch(() => undefined)
          .then(() => queryClient.invalidateQueries({ queryKey: ['auth.status'] }));
      }
    }, CHECK_MS);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [idleLockMinutes, queryClient]);
}
