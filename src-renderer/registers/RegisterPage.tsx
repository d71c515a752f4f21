// Taking a register by keyboard: one key per mark, saved the moment it is made, a visible saved state per row, and undo.
import { Alert, Anchor, Button, Group, Kbd, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatTimestamp } from '../../src-main/contract/dates';
import { MARK_LABELS, MARKS, type Mark, type RegisterRow, type RegisterView } from '../../src-main/contract/registers';
import { call, errorMessage, invalidateMethods, useApiQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { saveExport } from '../files';
import { DeliveredPanel } from './DeliveredPanel';
import { DropInModal } from './DropInModal';
import { MARK_KEYS, NOTE_KEY, registerKey, REST_PRESENT_KEY, UNDO_KEY } from './keyboard';
import { Loading } from '../components/Loading';

/** Each mark its own colour and symbol when chosen (never colour alone: the word is always there too); all AA on white text. */
export const MARK_LOOKS: Record<Mark, { color: string; icon: string }> = {
  present: { color: 'calm', icon: '✓' },
  late: { color: 'orange', icon: '◷' },
  absent: { color: 'red', icon: '✗' },
  apologies: { color: 'grape', icon: '✉' },
};

type SaveState = 'saving' | 'saved' | 'error';

/** One step the undo key can take back: the marks as they were before (null: no mark). */
interface UndoEntry {
  label: string;
  marks: { studentId: number; mark: Mark | null; note: string | null }[];
}

/** Other screens showing register figures are refreshed after any change here. */
const AFFECTED = ['registers.today', 'registers.day', 'registers.toTake', 'registers.followUps', 'registers.runAttendance', 'registers.studentAttendance'];

export function RegisterPage() {
  const sessionId = Number(useParams().id);
  return (
    <RequirePermission permission="registers.take" title="Register">
      <RegisterLoader key={sessionId} sessionId={sessionId} />
    </RequirePermission>
  );
}

function RegisterLoader({ sessionId }: { sessionId: number }) {
  // Always read fresh: a register may have been changed in another window since it was last seen.
  const q = useApiQuery('registers.get', { sessionId }, { quietErrors: true, gcTime: 0, refetchOnWindowFocus: false, retry: false });
  if (q.isPending) {
    return (
      <Page title="Register">
        <Loading label="Loading the register" />
      </Page>
    );
  }
  if (q.error) {
    return (
      <Page title="Register">
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} title="This register cannot be opened" />
        <Anchor component={Link} to="/registers">
          Back to registers
        </Anchor>
      </Page>
    );
  }
  return <RegisterSheet initial={q.data} latest={q.data} />;
}

/**
 * The register as the server has it now (read again when another desk changed something: useOtherDesksChanges), taken
 * into the one on screen. Rows this window saved, or is saving, since the last read arrived keep what it put there:
 * that read may have started before those saves reached the server. The facilitator lists keep their identity when
 * unchanged, so the "who delivered" ticks someone is choosing are not reset by a change to somebody's mark.
 */
function withOtherDesksChanges(shown: RegisterView, latest: RegisterView, ownSince: ReadonlySet<number>): RegisterView {
  const mine = new Map(shown.rows.filter((r) => ownSince.has(r.studentId)).map((r) => [r.studentId, r]));
  const rows = latest.rows.map((r) => mine.get(r.studentId) ?? r);
  for (const [id, r] of mine) if (!latest.rows.some((x) => x.studentId === id)) rows.push(r);
  const same = <T,>(a: T, b: T) => (JSON.stringify(a) === JSON.stringify(b) ? a : b);
  return {
    ...latest,
    rows,
    plannedFacilitators: same(shown.plannedFacilitators, latest.plannedFacilitators),
    deliveredFacilitators: same(shown.deliveredFacilitators, latest.deliveredFacilitators),
  };
}

function displayName(r: Pick<RegisterRow, 'firstName' | 'surname' | 'preferredName'>): string {
  return r.preferredName && r.preferredName !== r.firstName ? `${r.firstName} (${r.preferredName}) ${r.surname}` : `${r.firstName} ${r.surname}`;
}

function undoKey(sessionId: number): string {
  return `rcd-register-undo-${sessionId}`;
}

/** The undo list lives in this window's session storage, so a reload does not lose the way back. */
function loadUndo(sessionId: number): UndoEntry[] {
  try {
    const raw = sessionStorage.getItem(undoKey(sessionId));
    return raw ? (JSON.parse(raw) as UndoEntry[]) : [];
  } catch {
    return [];
  }
}

function RegisterSheet({ initial, latest }: { initial: RegisterView; latest: RegisterView }) {
  const queryClient = useQueryClient();
  const s = initial.session;
  const [view, setView] = useState(initial);
  const rows = view.rows;
  const [states, setStates] = useState<Record<number, SaveState>>({});
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [cursor, setCursor] = useState(() => Math.max(0, initial.rows.findIndex((r) => r.mark === null)));
  const [undo, setUndo] = useState<UndoEntry[]>(() => loadUndo(s.id));
  const [announce, setAnnounce] = useState('');
  const [noteFor, setNoteFor] = useState<RegisterRow | null>(null);
  const [dropInOpen, setDropInOpen] = useState(false);
  const [printing, setPrinting] = useState(false);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const tableRef = useRef<HTMLTableElement>(null);
  // Saves go out one at a time and in order, so two quick changes to one person can never arrive the wrong way round.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const focusWanted = useRef(true);
  // For taking in other desks' changes without undoing this window's own (withOtherDesksChanges).
  const applied = useRef(latest);
  const ownSince = useRef(new Set<number>());
  const inFlight = useRef(new Set<number>());
  const ownSave = (ids: number[], done: boolean) => {
    for (const id of ids) {
      ownSince.current.add(id);
      if (done) inFlight.current.delete(id);
      else inFlight.current.add(id);
    }
  };

  useEffect(() => {
    if (latest === applied.current) return;
    applied.current = latest;
    const own = ownSince.current;
    ownSince.current = new Set(inFlight.current);
    setView((v) => withOtherDesksChanges(v, latest, own));
  }, [latest]);

  useEffect(() => {
    sessionStorage.setItem(undoKey(s.id), JSON.stringify(undo.slice(-50)));
  }, [undo, s.id]);

  // Focus follows the cursor while the person is working in the register (never stolen from a dialog).
  useEffect(() => {
    const inTable = tableRef.current?.contains(document.activeElement);
    if (focusWanted.current || inTable) rowRefs.current[cursor]?.focus({ preventScroll: false });
    focusWanted.current = false;
  }, [cursor, rows.length]);

  const enqueue = useCallback(<T,>(job: () => Promise<T>): Promise<T> => {
    const next = queue.current.then(job, job);
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const setState = (ids: number[], state: SaveState) => setStates((prev) => ({ ...prev, ...Object.fromEntries(ids.map((id) => [id, state])) }));
  const afterChange = () => void invalidateMethods(queryClient, AFFECTED);

  const saveMark = (row: RegisterRow, mark: Mark, note: string | null) => {
    const before = row;
    setView((v) => ({ ...v, rows: v.rows.map((r) => (r.studentId === row.studentId ? { ...r, mark, note } : r)) }));
    setState([row.studentId], 'saving');
    setErrors((e) => ({ ...e, [row.studentId]: '' }));
    ownSave([row.studentId], false);
    void enqueue(async () => {
      try {
        const res = await call('registers.mark', { sessionId: s.id, studentId: row.studentId, mark, note }).finally(() => ownSave([row.studentId], true));
        setView((v) => ({ ...v, rows: v.rows.map((r) => (r.studentId === row.studentId ? res.row : r)), deliveredRecorded: true }));
        setState([row.studentId], 'saved');
        setUndo((u) => [...u, { label: `${displayName(row)}: ${MARK_LABELS[mark].toLowerCase()}`, marks: [{ studentId: row.studentId, mark: res.previous?.mark ?? null, note: res.previous?.note ?? null }] }]);
        setAnnounce(`Saved: ${displayName(row)}, ${MARK_LABELS[mark].toLowerCase()}.`);
        afterChange();
      } catch (e) {
        setView((v) => ({ ...v, rows: v.rows.map((r) => (r.studentId === row.studentId ? before : r)) }));
        setState([row.studentId], 'error');
        setErrors((x) => ({ ...x, [row.studentId]: errorMessage(e) }));
        setAnnounce(`Not saved: ${displayName(row)}. ${errorMessage(e)}`);
      }
    });
  };

  const markRestPresent = () => {
    const rest = rows.filter((r) => r.expected && r.mark === null);
    if (rest.length === 0) {
      setAnnounce('Everyone already has a mark.');
      return;
    }
    setState(
      rest.map((r) => r.studentId),
      'saving',
    );
    const restIds = rest.map((r) => r.studentId);
    ownSave(restIds, false);
    void enqueue(async () => {
      try {
        const res = await call('registers.markRestPresent', { sessionId: s.id }).finally(() => ownSave(restIds, true));
        setView(res.register);
        setState(res.studentIds, 'saved');
        if (res.studentIds.length > 0) {
          setUndo((u) => [...u, { label: `${res.studentIds.length} marked present`, marks: res.studentIds.map((studentId) => ({ studentId, mark: null, note: null })) }]);
        }
        setAnnounce(`Saved: ${res.studentIds.length} more marked present.`);
        afterChange();
      } catch (e) {
        setState(
          rest.map((r) => r.studentId),
          'error',
        );
        setAnnounce(`Not saved. ${errorMessage(e)}`);
      }
    });
  };

  const undoLast = () => {
    const last = undo[undo.length - 1];
    if (!last) {
      setAnnounce('There is nothing to undo.');
      return;
    }
    setUndo((u) => u.slice(0, -1));
    const ids = last.marks.map((m) => m.studentId);
    setState(ids, 'saving');
    ownSave(ids, false);
    void enqueue(async () => {
      try {
        const res = await call('registers.restore', { sessionId: s.id, marks: last.marks }).finally(() => ownSave(ids, true));
        setView(res);
        setState(ids, 'saved');
        const index = res.rows.findIndex((r) => r.studentId === ids[0]);
        if (index >= 0) setCursor(index);
        setAnnounce(`Undone: ${last.label}.`);
        afterChange();
      } catch (e) {
        setUndo((u) => [...u, last]);
        setState(ids, 'error');
        setAnnounce(`Could not undo. ${errorMessage(e)}`);
      }
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if ((e.target as HTMLElement).closest('input, textarea, select, [role="dialog"]')) return;
    const action = registerKey(e, cursor, rows.length);
    if (!action) return;
    e.preventDefault();
    if (!view.canMark && action.kind !== 'move') {
      setAnnounce('This session has not happened yet. Its register opens on the day.');
      return;
    }
    switch (action.kind) {
      case 'move':
        setCursor(action.to);
        break;
      case 'mark': {
        const row = rows[action.index];
        saveMark(row, action.mark, row.mark === action.mark || row.mark === null ? row.note : null);
        setCursor(action.then);
        break;
      }
      case 'restPresent':
        markRestPresent();
        break;
      case 'undo':
        undoLast();
        break;
      case 'note': {
        const row = rows[action.index];
        if (!row.mark) setAnnounce(`Please mark ${displayName(row)} first, then add a note.`);
        else setNoteFor(row);
        break;
      }
    }
  };

  const print = async () => {
    setPrinting(true);
    try {
      await saveExport('registers.printSession', { sessionId: s.id });
    } catch (e) {
      setAnnounce(`The register could not be printed. ${errorMessage(e)}`);
    } finally {
      setPrinting(false);
    }
  };

  const marked = rows.filter((r) => r.mark !== null).length;
  const missing = rows.filter((r) => r.expected && r.mark === null).length;
  const pending = Object.values(states).filter((x) => x === 'saving').length;

  return (
    <Page
      title={`Register: ${s.courseTitle}`}
      actions={
        <>
          <Button variant="default" onClick={() => void print()} loading={printing}>
            Print register (PDF)
          </Button>
          <Button variant="default" component={Link} to={`/registers/runs/${s.courseRunId}`}>
            Course run attendance
          </Button>
        </>
      }
    >
      <Text>
        {formatDate(s.date)}, {s.startTime}–{s.endTime} · {s.venueName}
        {s.roomName ? `, ${s.roomName}` : ''} · {s.termName}
      </Text>
      {!view.canMark && (
        <Alert color="gray" title="This register opens on the day">
          This session has not happened yet, so nobody can be marked. You can print a paper register for it.
        </Alert>
      )}
      {view.lateCorrection && view.canMark && (
        <Alert color="calm" title="Changing a past register">
          This session was on {formatDate(s.date)}. Any change now is kept as a late correction, with the previous mark and your name.
        </Alert>
      )}
      <Group gap="lg" aria-label="Keys for this register" role="group">
        <Text size="sm">
          <Kbd>↑</Kbd>/<Kbd>↓</Kbd> or <Kbd>K</Kbd>/<Kbd>J</Kbd> move
        </Text>
        {MARKS.map((m) => (
          <Text size="sm" key={m}>
            <Kbd>{MARK_KEYS[m]}</Kbd> {MARK_LABELS[m]}
          </Text>
        ))}
        <Text size="sm">
          <Kbd>{REST_PRESENT_KEY}</Kbd> everyone else present
        </Text>
        <Text size="sm">
          <Kbd>{NOTE_KEY}</Kbd> note
        </Text>
        <Text size="sm">
          <Kbd>{UNDO_KEY}</Kbd> undo
        </Text>
      </Group>
      <Group justify="space-between">
        <Text fw={600} data-testid="register-counts">
          {marked} of {rows.length} marked{missing > 0 ? ` · ${missing} still to mark` : ' · all marked'}
          {pending > 0 ? ' · saving…' : ''}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={undoLast} disabled={undo.length === 0 || !view.canMark}>
            Undo{undo.length > 0 ? `: ${undo[undo.length - 1].label}` : ''}
          </Button>
          <Button onClick={markRestPresent} disabled={!view.canMark || missing === 0}>
            Mark everyone else present
          </Button>
        </Group>
      </Group>
      <div aria-live="polite" role="status" data-testid="register-status" style={{ minHeight: '1.5em' }}>
        <Text size="sm">{announce}</Text>
      </div>

      {rows.length === 0 ? (
        <Text>Nobody is enrolled on this session yet. Anyone who comes along can be added as a drop-in below.</Text>
      ) : (
        <Table ref={tableRef} role="grid" aria-label={`Register for ${s.courseTitle}, ${formatDate(s.date)}`} verticalSpacing="xs" onKeyDown={onKeyDown}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Mark</Table.Th>
              <Table.Th scope="col">Note</Table.Th>
              <Table.Th scope="col">Saved</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const state = states[r.studentId];
              return (
                <Table.Tr
                  key={r.studentId}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  tabIndex={i === cursor ? 0 : -1}
                  aria-selected={i === cursor}
                  className="rcd-row-link"
                  data-testid="register-row"
                  data-student-id={r.studentId}
                  onClick={() => setCursor(i)}
                  onFocus={() => {
                    if (i !== cursor) setCursor(i);
                  }}
                >
                  <Table.Td>
                    <Text fw={500}>{displayName(r)}</Text>
                    <Text size="xs" c="dimmed">
                      {r.reference}
                      {r.dropIn ? ' · drop-in' : ''}
                      {!r.expected ? ' · no longer enrolled' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {MARKS.map((m) => (
                        <Button
                          key={m}
                          size="compact-sm"
                          tabIndex={-1}
                          variant={r.mark === m ? 'filled' : 'default'}
                          color={MARK_LOOKS[m].color}
                          aria-pressed={r.mark === m}
                          disabled={!view.canMark}
                          leftSection={
                            <span aria-hidden="true">
                              {r.mark === m ? MARK_LOOKS[m].icon : MARK_KEYS[m]}
                            </span>
                          }
                          onClick={() => {
                            setCursor(i);
                            saveMark(r, m, r.mark === m || r.mark === null ? r.note : null);
                          }}
                        >
                          {MARK_LABELS[m]}
                        </Button>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.note}</Text>
                  </Table.Td>
                  <Table.Td data-testid="save-state">
                    {state === 'saving' ? (
                      <Text size="sm">Saving…</Text>
                    ) : state === 'error' ? (
                      <Text size="sm" c="red.8" fw={600}>
                        Not saved: {errors[r.studentId]}
                      </Text>
                    ) : r.mark ? (
                      <Text size="sm" title={r.markedAt ? `${formatTimestamp(r.markedAt)} by ${r.markedBy ?? ''}` : undefined}>
                        ✓ Saved
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not marked yet
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}

      <Group>
        <Button variant="default" aria-haspopup="dialog" onClick={() => setDropInOpen(true)} disabled={!view.canMark}>
          Add a drop-in
        </Button>
      </Group>

      <DeliveredPanel view={view} onSaved={(v) => setView(v)} />

      <NoteModal
        row={noteFor}
        onClose={() => {
          setNoteFor(null);
          requestAnimationFrame(() => rowRefs.current[cursor]?.focus());
        }}
        onSave={(row, note) => {
          if (row.mark) saveMark(row, row.mark, note);
        }}
      />
      <DropInModal
        opened={dropInOpen}
        sessionId={s.id}
        onClose={() => setDropInOpen(false)}
        onAdded={(res, name) => {
          ownSave([res.studentId], true);
          setView(res.register);
          setState([res.studentId], 'saved');
          setAnnounce(`Added ${name} as a drop-in and marked them present.`);
          const index = res.register.rows.findIndex((r) => r.studentId === res.studentId);
          focusWanted.current = true;
          if (index >= 0) setCursor(index);
          afterChange();
        }}
      />
    </Page>
  );
}

function NoteModal({ row, onClose, onSave }: { row: RegisterRow | null; onClose: () => void; onSave: (row: RegisterRow, note: string | null) => void }) {
  const [text, setText] = useState('');
  useEffect(() => setText(row?.note ?? ''), [row]);
  return (
    <Modal opened={row !== null} onClose={onClose} title={row ? `Note for ${displayName(row)}` : 'Note'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (row) onSave(row, text.trim() ? text.trim() : null);
          onClose();
        }}
      >
        <Stack>
          <TextInput label="Note (optional)" description="A few words, e.g. “left at the break”." maxLength={200} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Save note</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
