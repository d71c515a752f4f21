// Settings → College server (managers): where this desk keeps its records — this computer, or the college's PostgreSQL
// server — with a connection test that says exactly what is wrong, saving for the next start, and setting the server up.
import { Alert, Button, Card, Group, Loader, Modal, NumberInput, PasswordInput, Progress, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import type { Reason } from '../../src-main/contract/errors';
import { DEFAULT_SERVER_PORT, isThisComputer, type ServerStatus, type ServerTestResult } from '../../src-main/contract/server';
import { ApiCallError, errorMessage } from '../api/client';
import { applyApiErrors, focusFirstError } from '../api/forms';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { RequirePermission } from '../components/RequirePermission';
import { useConfirm } from '../components/useConfirm';

export function CollegeServerPage() {
  return (
    <RequirePermission permission="settings.manage" title="College server">
      <CollegeServerInner />
    </RequirePermission>
  );
}

interface ServerForm {
  host: string;
  port: number | string;
  database: string;
  user: string;
  password: string;
  secure: boolean;
  caFile: string;
}

/** The screens' own words for each way a connection can fail (the message below it says what to do). */
const FAILURE_TITLES: Partial<Record<Reason, string>> = {
  'server.unreachable': 'The server cannot be reached',
  'server.credentials': 'Wrong user name or password',
  'server.tls': 'The server’s certificate could not be checked',
  'server.tls-missing': 'The server offers no secure connection',
  'server.too-old': 'The server is too old',
  'server.no-database': 'No database of that name',
  'server.newer': 'This desk needs updating',
  'server.password-needed': 'Password needed',
  'server.ca-file': 'Problem with the CA file',
  'server.no-key-store': 'The password cannot be kept safely here',
  'server.setup-failed': 'Setting up did not finish',
  'server.move-failed': 'The records were not moved',
  'input.invalid': 'Please check the settings',
};

const SCHEMA_WORDS: Record<ServerTestResult['schema'], string> = {
  ready: 'The app’s database there is set up and ready.',
  'needs-setup': 'The app’s database there has not been set up yet: use “Set up the server…” with the owner’s credential, or ask IT.',
  'needs-update': 'The app’s database there needs an update for this version: use “Set up the server…” with the owner’s credential, or ask IT.',
};

function CollegeServerInner() {
  const status = useApiQuery('server.status', {}, { quietErrors: true, staleTime: 0 });
  return (
    <Page title="College server">
      <Text maw={720}>
        A desk keeps its records on this computer unless the college has a database server that several desks share. IT gives you its name, the
        database, this desk’s user and password, and a CA file for the secure connection.
      </Text>
      {status.isPending && <Loading label="Loading the server settings" />}
      {status.isError &&
        (status.error.reason === 'server.live-only' ? (
          <Alert color="blue" title="Not in the training database" maw={720}>
            {status.error.message}
          </Alert>
        ) : (
          <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
        ))}
      {status.data && (
        <>
          <InUse status={status.data} />
          <ServerSettingsForm status={status.data} />
        </>
      )}
    </Page>
  );
}

function describeSaved(saved: ServerStatus['saved']): string {
  if (saved.engine === 'sqlite') return 'this computer’s database';
  return `the college’s server ${saved.host}:${saved.port}, database ${saved.database}, as ${saved.user} (${saved.tls === 'none' ? 'plain connection' : 'secure connection'})`;
}

function InUse({ status }: { status: ServerStatus }) {
  return (
    <Card withBorder component="section" aria-labelledby="server-in-use" maw={720}>
      <Stack gap="xs">
        <Title order={2} size="h3" id="server-in-use">
          Where this desk’s records are
        </Title>
        <Text>
          Now: <strong>{status.inUse === 'sqlite' ? 'this computer’s database' : 'the college’s server'}</strong>.
        </Text>
        {status.changesAtNextStart ? (
          <Alert color="yellow" title="Changes when the app next starts">
            Saved for the next start: {describeSaved(status.saved)}. Close the app and open it again to use it.
          </Alert>
        ) : (
          status.saved.engine === 'postgres' && <Text>Server: {describeSaved(status.saved)}.</Text>
        )}
        {!status.canKeepPassword && (
          <Alert color="yellow" title="No safe place for a password">
            This copy of the app cannot keep a server password (no key store), so a server can be tested here but not saved.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The form as the core's methods take it. */
const input = (v: ServerForm) => ({
  engine: 'postgres' as const,
  host: v.host,
  port: typeof v.port === 'number' ? v.port : Number(v.port),
  database: v.database,
  user: v.user,
  tls: v.secure ? ('verify-full' as const) : ('none' as const),
  caFile: v.secure && v.caFile.trim() ? v.caFile : undefined,
  password: v.password || undefined,
});

type Outcome = { kind: 'ok'; result: ServerTestResult } | { kind: 'failed'; title: string; message: string } | null;

function failure(e: unknown): Outcome {
  const reason = e instanceof ApiCallError ? e.reason : null;
  return { kind: 'failed', title: (reason && FAILURE_TITLES[reason]) ?? 'That did not work', message: errorMessage(e) };
}

/** What the first-run screen knows of a new desk: its own database, nothing saved, no password kept. */
export const NEW_DESK_STATUS: ServerStatus = { inUse: 'sqlite', saved: { engine: 'sqlite' }, passwordKept: false, canKeepPassword: true, changesAtNextStart: false };

/**
 * The connection form. `firstRun`: on a new desk's first-run screen (nobody set up on it yet), through the first-run
 * methods; without setting the server up (that needs a manager's Settings, or IT) or going back to this computer.
 */
export function ServerSettingsForm({ status, firstRun = false, onSaved }: { status: ServerStatus; firstRun?: boolean; onSaved?: () => void }) {
  const saved = status.saved.engine === 'postgres' ? status.saved : null;
  const form = useForm<ServerForm>({
    initialValues: {
      host: saved?.host ?? '',
      port: saved?.port ?? DEFAULT_SERVER_PORT,
      database: saved?.database ?? '',
      user: saved?.user ?? '',
      password: '',
      secure: saved ? saved.tls !== 'none' : true,
      caFile: saved?.caFile ?? '',
    },
  });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [confirm, confirmDialog] = useConfirm();
  const [setUpOpen, setSetUpOpen] = useState(false);
  const [moveOpen, setMoveOpen] = useState(false);
  const handles: ('VALIDATION' | 'CONFLICT' | 'NEEDS_CONFIRMATION')[] = ['VALIDATION', 'CONFLICT', 'NEEDS_CONFIRMATION'];
  const fieldMap = { tls: 'secure' };

  const test = useApiMutation(firstRun ? 'server.firstRunTest' : 'server.test', {
    handles,
    onSuccess: (result) => setOutcome({ kind: 'ok', result }),
    onError: (e) => {
      const left = applyApiErrors(form, e, { fieldMap });
      setOutcome(e.code === 'VALIDATION' && !left ? null : failure(e));
    },
  });
  const save = useApiMutation('server.save', { handles, invalidate: ['server.'] });
  const firstRunSave = useApiMutation('server.firstRunSave', { handles });

  const plainFar = !form.values.secure && form.values.host.trim() !== '' && !isThisComputer(form.values.host);
  const runTest = form.onSubmit(
    (v) => {
      setOutcome(null);
      test.mutate(input(v));
    },
    () => focusFirstError(),
  );
  const askSave = () => {
    const v = form.getValues();
    confirm({
      title: 'Use the college’s server from the next start?',
      danger: false,
      confirmLabel: 'Save and use at next start',
      cancelLabel: 'Not now',
      message: (
        <Stack gap="xs">
          <Text>
            From the next start, this desk will keep its records on <strong>{v.host || 'the server'}</strong>, database <strong>{v.database || '—'}</strong>. The
            connection is tested first; the password is kept by this computer’s key store, never in a file.
          </Text>
          <Text>The records already on this computer are not copied to the server: they stay here. Close the app and open it again for the change to take effect.</Text>
        </Stack>
      ),
      onConfirm: async () => {
        try {
          await (firstRun ? firstRunSave : save).mutateAsync(input(v));
          form.setFieldValue('password', '');
          setOutcome(null);
          onSaved?.();
        } catch (e) {
          const left = applyApiErrors(form, e, { fieldMap });
          setOutcome(failure(e));
          if (left === null && e instanceof ApiCallError && e.code === 'VALIDATION') return;
          throw e;
        }
      },
    });
  };
  const askLocal = () =>
    confirm({
      title: 'Use this computer’s database from the next start?',
      danger: false,
      confirmLabel: 'Use this computer at next start',
      cancelLabel: 'Not now',
      message: 'From the next start this desk keeps its records on this computer again. Nothing on the server is changed or copied here; the kept server password is removed.',
      onConfirm: () => save.mutateAsync({ engine: 'sqlite' }),
    });

  return (
    <Card withBorder component="section" aria-labelledby="server-connect" maw={720}>
      <form noValidate onSubmit={runTest}>
        <Stack>
          <Title order={2} size="h3" id="server-connect">
            Use the college’s server
          </Title>
          <TextInput label="Server name or address" description="For example db.college.ac.uk (no “postgres://”, no port)." required autoComplete="off" {...form.getInputProps('host')} />
          <NumberInput label="Port" description={`Usually ${DEFAULT_SERVER_PORT}.`} min={1} max={65535} allowDecimal={false} clampBehavior="none" required w={200} {...form.getInputProps('port')} />
          <TextInput label="Database" required autoComplete="off" {...form.getInputProps('database')} />
          <TextInput label="This desk’s database user" required autoComplete="off" {...form.getInputProps('user')} />
          <PasswordInput
            label="Password"
            description={status.passwordKept ? 'A password is kept for the saved server: leave empty to use it.' : 'Kept by this computer’s key store when you save, never in a file.'}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Switch
            label="Secure connection (recommended)"
            description="Encrypted, and the server’s certificate is checked against the CA file from IT and the server’s name."
            {...form.getInputProps('secure', { type: 'checkbox' })}
          />
          {form.values.secure ? (
            <TextInput
              label="CA file from IT"
              description="The full path of the .crt or .pem file. Leave empty only for a managed service whose certificate is from a public authority."
              autoComplete="off"
              {...form.getInputProps('caFile')}
            />
          ) : (
            <Alert color={plainFar ? 'red' : 'yellow'} title="Plain connection">
              Without a secure connection the records travel unencrypted. It is allowed only to a server on this computer (localhost).
              {plainFar && ' This server is on another computer: turn “Secure connection” back on.'}
            </Alert>
          )}
          <div aria-live="polite" role="status">
            {test.isPending && (
              <Group gap="xs">
                <Loader size="sm" aria-hidden />
                <Text>Connecting to the server…</Text>
              </Group>
            )}
            {outcome && <OutcomeAlert outcome={outcome} />}
          </div>
          <Group>
            <Button type="submit" loading={test.isPending} variant="default">
              Test connection
            </Button>
            <Button type="button" onClick={askSave} disabled={!status.canKeepPassword}>
              Save and use at next start…
            </Button>
            {!firstRun && (
              <Button type="button" variant="subtle" onClick={() => setSetUpOpen(true)}>
                Set up the server…
              </Button>
            )}
            {!firstRun && status.inUse === 'sqlite' && (
              <Button type="button" variant="subtle" onClick={() => setMoveOpen(true)}>
                Move this desk’s records to the server…
              </Button>
            )}
            {!firstRun && status.saved.engine === 'postgres' && (
              <Button type="button" variant="subtle" onClick={askLocal}>
                Use this computer’s database instead…
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {confirmDialog}
      <MoveDialog opened={moveOpen} onClose={() => setMoveOpen(false)} connection={() => input(form.getValues())} />
      <SetUpDialog opened={setUpOpen} onClose={() => setSetUpOpen(false)} connection={() => input(form.getValues())} onDone={(result) => setOutcome(result)} />
    </Card>
  );
}

function OutcomeAlert({ outcome }: { outcome: NonNullable<Outcome> }): ReactNode {
  if (outcome.kind === 'failed') {
    return (
      <Alert color="red" title={outcome.title}>
        {outcome.message}
      </Alert>
    );
  }
  const { result } = outcome;
  return (
    <Alert color={result.schema === 'ready' ? 'calm' : 'yellow'} title={`Connected: ${result.serverVersion}`}>
      {SCHEMA_WORDS[result.schema]}
    </Alert>
  );
}

function SetUpDialog({
  opened,
  onClose,
  connection,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  connection: () => ReturnType<typeof input>;
  onDone: (outcome: Outcome) => void;
}) {
  const form = useForm({ initialValues: { ownerUser: '', ownerPassword: '' } });
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const setUp = useApiMutation('server.setUp', {
    handles: ['VALIDATION', 'CONFLICT', 'NEEDS_CONFIRMATION'],
    onSuccess: (r) => {
      form.reset();
      setProblem(null);
      onClose();
      onDone({ kind: 'ok', result: { ok: true, serverVersion: `the server (${r.applied.length} set-up steps applied, desks’ user ${r.createdRole ? 'created' : 'updated'})`, schema: r.schema } });
    },
    onError: (e) => {
      const left = applyApiErrors(form, e);
      const f = failure(e);
      setProblem(left === null && e.code === 'VALIDATION' ? null : f && f.kind === 'failed' ? { title: f.title, message: f.message } : null);
    },
  });
  const close = () => {
    if (setUp.isPending) return;
    form.reset();
    setProblem(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Set up the college’s server">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setProblem(null);
          setUp.mutate({ ...connection(), ownerUser: v.ownerUser, ownerPassword: v.ownerPassword });
        })}
      >
        <Stack>
          <Text>
            Creates (or brings up to date) the app’s tables in the database named on the form, and gives this desk’s user the rights it needs — and no more. It needs the
            database owner’s user name and password from IT: they are used once and never kept.
          </Text>
          <Text size="sm">If this desk’s user does not exist yet, it is created with the password on the form; a password given there is also set for an existing user.</Text>
          <TextInput label="Owner’s user name" required autoComplete="off" data-autofocus {...form.getInputProps('ownerUser')} />
          <PasswordInput label="Owner’s password" autoComplete="off" {...form.getInputProps('ownerPassword')} />
          {problem && (
            <Alert color="red" title={problem.title} role="alert">
              {problem.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={setUp.isPending}>
              Set up the server
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Moving this desk's records to the server (set up and empty): the owner's credential once, a progress bar while the
 * records are read, written and checked table by table, and what happens next.
 */
function MoveDialog({ opened, onClose, connection }: { opened: boolean; onClose: () => void; connection: () => ReturnType<typeof input> }) {
  const form = useForm({ initialValues: { ownerUser: '', ownerPassword: '' } });
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const move = useApiMutation('server.moveHere', {
    handles: ['VALIDATION', 'CONFLICT', 'NEEDS_CONFIRMATION'],
    invalidate: ['server.'],
    onSuccess: () => {
      form.reset();
      setProblem(null);
    },
    onError: (e) => {
      const left = applyApiErrors(form, e);
      const f = failure(e);
      setProblem(left === null && e.code === 'VALIDATION' ? null : f && f.kind === 'failed' ? { title: f.title, message: f.message } : null);
    },
  });
  const progress = useApiQuery('server.moveProgress', {}, { quietErrors: true, enabled: move.isPending, refetchInterval: move.isPending ? 500 : false, staleTime: 0 });
  const close = () => {
    if (move.isPending) return;
    form.reset();
    setProblem(null);
    move.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Move this desk’s records to the college’s server" size="lg">
      {move.data ? (
        <Stack>
          <Alert color="calm" title="Moved, and every table checked on the server">
            <Text>
              {move.data.rows.toLocaleString('en-GB')} records in {move.data.tables} tables are now on the college’s server. This computer’s database is kept, unchanged, as a
              read-only archive.
            </Text>
          </Alert>
          <Text fw={700}>Please close the app and open it again: it will then use the college’s server. Until then nothing more can be saved on this desk.</Text>
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((v) => {
            setProblem(null);
            move.mutate({ ...connection(), ownerUser: v.ownerUser, ownerPassword: v.ownerPassword });
          })}
        >
          <Stack>
            <Text>
              Copies every record on this desk — students, courses and registers, claims with their receipts, outcomes, returns, the audit log and staff accounts — into the
              database named on the form, then checks every table there. The server must be set up and hold no records yet.
            </Text>
            <Text>
              While it runs, nothing can be saved on this desk. Afterwards this computer’s database is kept as a read-only archive, and the app uses the server from its next
              start. If anything does not check out, nothing is changed on the server and this desk carries on as before.
            </Text>
            <TextInput label="Owner’s user name" description="From IT: used once and never kept." required autoComplete="off" data-autofocus {...form.getInputProps('ownerUser')} />
            <PasswordInput label="Owner’s password" autoComplete="off" {...form.getInputProps('ownerPassword')} />
            <div aria-live="polite" role="status">
              {move.isPending && (
                <Stack gap={4}>
                  <Text>{progress.data?.stage ?? 'Starting the move…'}</Text>
                  <Progress value={progress.data?.percent ?? 0} aria-label="How far the move has got" />
                </Stack>
              )}
            </div>
            {problem && (
              <Alert color="red" title={problem.title} role="alert">
                {problem.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={move.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={move.isPending}>
                Move the records
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
