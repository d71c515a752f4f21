// The header's "Search" box (Ctrl+K / ⌘K): one dialog that finds students, runs, courses, claims, payees, facilitators
// and staff, grouped by kind, driven entirely from the keyboard (the ARIA combobox + listbox pattern).
import { Alert, Button, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { SEARCH_KIND_LABELS, SEARCH_KIND_PERMISSION, SEARCH_KINDS, type SearchGroup } from '../../src-main/contract/search';
import { useApiQuery } from '../api/hooks';
import { useCurrentStaff } from '../app/auth-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { plural } from '../components/words';
import { listInWords } from './words';
import { SearchArrival } from './SearchArrival';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Ctrl+K everywhere, and ⌘K on a Mac (no Shift or Alt: those combinations belong to other things). */
export function isSearchShortcut(e: Pick<globalThis.KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

interface Option {
  key: string;
  id: string;
  title: string;
  subtitle: string;
  route: string;
}

/** The options in the order the arrow keys walk them: each group's results, then its "see all" when there is one. */
function optionsOf(groups: SearchGroup[], prefix: string): { group: SearchGroup; options: Option[] }[] {
  let n = 0;
  return groups.map((group) => {
    const options: Option[] = group.results.map((r) => ({ key: `${r.kind}-${r.id}`, id: `${prefix}-${n++}`, title: r.title, subtitle: r.subtitle, route: r.route }));
    if (group.moreRoute)
      options.push({ key: `${group.kind}-more`, id: `${prefix}-${n++}`, title: `See all matching ${group.label.toLowerCase()}`, subtitle: 'Opens the list with this search', route: group.moreRoute });
    return { group, options };
  });
}

export function SearchEverything() {
  const { can } = useCurrentStaff();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const trigger = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const listboxId = `search-listbox-${uid}`;

  // Cosmetic, for the words on screen only: the core decides which kinds are searched.
  const kindWords = listInWords(SEARCH_KINDS.filter((k) => can(SEARCH_KIND_PERMISSION[k])).map((k) => SEARCH_KIND_LABELS[k].toLowerCase()));

  const [debounced] = useDebouncedValue(text.trim(), 150);
  const enabled = opened && debounced.length > 0;
  const search = useApiQuery('search.everything', { query: debounced }, { enabled, placeholderData: keepPreviousData, quietErrors: true, staleTime: 10_000 });
  const data = enabled ? search.data : undefined;
  const grouped = useMemo(() => optionsOf(data?.groups ?? [], `search-option-${uid}`), [data, uid]);
  const flat = grouped.flatMap((g) => g.options);
  const current = flat[Math.min(active, flat.length - 1)];

  // While the desk is locked the app underneath is inert: the dialog closes and the shortcut does nothing.
  const status = useApiQuery('auth.status', {}, { staleTime: Infinity, quietErrors: true });
  const locked = !!status.data?.session?.locked;

  const open = () => {
    returnTo.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : trigger.current;
    setOpened(true);
  };
  /** Closes; focus goes back where it was unless a record is being opened (its page then takes focus itself). */
  const close = (restoreFocus = true) => {
    setOpened(false);
    setText('');
    setActive(0);
    if (restoreFocus) {
      const back = returnTo.current?.isConnected ? returnTo.current : trigger.current;
      // After the dialog has gone, so its focus trap does not take it back.
      requestAnimationFrame(() => back?.focus());
    }
  };
  const go = (option: Option | undefined) => {
    if (!option) return;
    close(false);
    void navigate(option.route);
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isSearchShortcut(e)) return;
      // Not over another dialog (a half-filled form), nor while the app is locked (it is inert then).
      if (trigger.current?.closest('[inert]')) return;
      if (!opened && document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      e.preventDefault();
      if (opened) input.current?.select();
      else open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    if (locked && opened) close(false);
  }, [locked, opened]);

  useEffect(() => setActive(0), [data]);
  useEffect(() => {
    if (current) document.getElementById(current.id)?.scrollIntoView({ block: 'nearest' });
  }, [current?.id]);

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (flat.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (Math.min(i, flat.length - 1) + step + flat.length) % flat.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(current);
    }
  };

  const waiting = text.trim().length > 0 && (text.trim() !== debounced || (search.isFetching && !data));
  const found = flat.filter((o) => !o.key.endsWith('-more')).length;
  let message: string;
  if (!text.trim()) message = 'Type a name, a title or a reference.';
  else if (waiting) message = 'Searching…';
  else if (search.isError) message = 'The search could not be run.';
  else if (found === 0) message = `Nothing found for “${debounced}”.`;
  else message = `${plural(found, 'result')}. Use the up and down arrows to choose, Enter to open.`;

  return (
    <>
      <UnstyledButton
        ref={trigger}
        onClick={open}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K"
        className="rcd-search-trigger"
        px="sm"
        py={6}
        style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)', background: 'var(--mantine-color-body)', flexShrink: 0, whiteSpace: 'nowrap' }}
      >
        <Group gap="md" wrap="nowrap">
          <Text size="sm">Search</Text>
          {/* The key hint only where the header has room for it (the shortcut works at every width). */}
          <Text size="xs" c="dimmed" visibleFrom="lg" aria-hidden>
            <Kbd size="xs">{IS_MAC ? '⌘' : 'Ctrl'}</Kbd> <Kbd size="xs">K</Kbd>
          </Text>
          <VisuallyHidden>{IS_MAC ? '(Command K)' : '(Control K)'}</VisuallyHidden>
        </Group>
      </UnstyledButton>
      <SearchArrival />
      <Modal
        opened={opened}
        onClose={() => close()}
        title="Search everything"
        size="lg"
        returnFocus={false}
        yOffset="10vh"
        transitionProps={{ duration: 0 }}
      >
        <Stack gap="sm">
          <TextInput
            ref={input}
            data-autofocus
            label="Search for"
            description={`Finds ${kindWords}, by name, title or reference.`}
            value={text}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={onInputKey}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={flat.length > 0}
            aria-controls={flat.length > 0 ? listboxId : undefined}
            aria-activedescendant={current?.id}
            rightSection={waiting ? <Loader size="xs" aria-hidden /> : null}
          />
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {message}
          </Text>
          {search.isError && enabled && <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />}
          {/* Only while there are results: an empty listbox is a control with nothing in it. */}
          {flat.length > 0 && (
            <div role="listbox" id={listboxId} aria-label="Search results" style={{ maxHeight: '55vh', overflowY: 'auto' }}>
              {grouped.map(({ group, options }) => (
                <div role="group" key={group.kind} aria-labelledby={`${listboxId}-${group.kind}`} style={{ marginBottom: 8 }}>
                  <Text id={`${listboxId}-${group.kind}`} size="xs" fw={700} tt="uppercase" c="dimmed" px="xs" py={4} role="presentation">
                    {group.label}
                    {group.more && !group.moreRoute && (
                      <Text span size="xs" fw={400} tt="none" c="dimmed">
                        {' '}
                        · more match: type more to narrow them down
                      </Text>
                    )}
                  </Text>
                  {options.map((o) => {
                    const selected = current?.id === o.id;
                    return (
                      <div
                        key={o.key}
                        id={o.id}
                        role="option"
                        aria-selected={selected}
                        data-route={o.route}
                        // Keeps focus in the text box (the combobox pattern), then opens on click.
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => go(o)}
                        onMouseMove={() => setActive(flat.indexOf(o))}
                        style={{
                          cursor: 'pointer',
                          padding: '6px 10px',
                          borderRadius: 'var(--mantine-radius-sm)',
                          background: selected ? 'var(--mantine-primary-color-light)' : undefined,
                          outline: selected ? '2px solid var(--mantine-primary-color-filled)' : undefined,
                          outlineOffset: -2,
                        }}
                      >
                        <Text size="sm" fw={500} fs={o.key.endsWith('-more') ? 'italic' : undefined}>
                          {o.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {o.subtitle}
                        </Text>
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          )}
          {data && found === 0 && !waiting && (
            <Alert color="gray" variant="light">
              <Text size="sm">Check the spelling, or try fewer letters: a surname, part of a title, or a reference such as RC-000123 or EXP-000045.</Text>
            </Alert>
          )}
          <Group gap="lg" justify="flex-end">
            <Text size="xs" c="dimmed">
              <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> choose · <Kbd size="xs">Enter</Kbd> open · <Kbd size="xs">Esc</Kbd> close
            </Text>
            <Button variant="default" size="xs" onClick={() => close()}>
              Close
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
