// Arriving from the search on a list that has no page per record (courses, facilitators, payees, staff): the address
// says `?show=<id>`, the list marks its rows with `data-search-row={id}`, and this brings that row into view and focus.
import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** How long to wait for the list to load before giving up quietly (the page itself is still shown). */
const WAIT_MS = 5000;

export function SearchArrival() {
  const location = useLocation();
  const show = new URLSearchParams(location.search).get('show');

  useEffect(() => {
    if (!show || !/^\d+$/.test(show)) return;
    const find = () => document.querySelector<HTMLElement>(`main [data-search-row="${show}"]`);
    const reveal = (row: HTMLElement) => {
      row.tabIndex = -1;
      row.setAttribute('aria-current', 'true');
      // An outline set on the element (not a class in a stylesheet), so every list that marks its rows gets the same look;
      // no background, which would hide the row's own light badges ("Active").
      row.style.outline = '2px solid var(--mantine-primary-color-filled)';
      row.style.outlineOffset = '-2px';
      row.scrollIntoView({ block: 'center' });
      row.focus({ preventScroll: true });
    };
    const now = find();
    if (now) {
      reveal(now);
      return;
    }
    // The list loads after the page appears: wait for the row, for a while.
    const observer = new MutationObserver(() => {
      const row = find();
      if (!row) return;
      observer.disconnect();
      reveal(row);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = window.setTimeout(() => observer.disconnect(), WAIT_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    // Once per arrival: a new navigation has a new key, re-renders of the same page do not.
  }, [location.key, show]);

  return null;
}
