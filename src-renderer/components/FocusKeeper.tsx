// When a dialog, menu or popover closes and its focused control disappears, the browser drops focus on <body>
// and a keyboard user starts again from the top. This puts focus back on the control that opened it (or, if that
// has gone too — a removed row — on the page's heading).
import { useEffect } from 'react';

const OVERLAY = '[role="dialog"], [role="alertdialog"], [role="menu"], .mantine-Popover-dropdown, .mantine-Notification-root';

function lost(): boolean {
  const a = document.activeElement;
  return !a || a === document.body || !a.isConnected;
}

export function FocusKeeper() {
  useEffect(() => {
    let opener: HTMLElement | null = null;
    let inOverlay = false;
    const onFocusIn = (e: FocusEvent) => {
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (!t) return;
      if (t.closest(OVERLAY)) inOverlay = true;
      else {
        inOverlay = false;
        opener = t;
      }
    };
    const rescue = () => {
      if (!inOverlay || !lost()) return;
      inOverlay = false;
      const target = opener?.isConnected ? opener : document.querySelector<HTMLElement>('main h1[tabindex="-1"]');
      target?.focus({ preventScroll: !opener?.isConnected });
    };
    // Removal fires no blur event, so watch for overlays leaving the page and check where focus ended up.
    let scheduled = 0;
    const observer = new MutationObserver(() => {
      if (!inOverlay || scheduled) return;
      scheduled = window.setTimeout(() => {
        scheduled = 0;
        rescue();
      }, 0);
    });
    document.addEventListener('focusin', onFocusIn);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
      window.clearTimeout(scheduled);
    };
  }, []);
  return null;
}
