// The college's server (issue 12): where a desk's records live — this computer's database (the default) or the college's
// PostgreSQL server — testing a connection, saving it for the next start, and setting up the server's database.
import { z } from 'zod';
import { method, none, type MethodSpec } from './define';

/** The port PostgreSQL listens on unless IT chose another. */
export const DEFAULT_SERVER_PORT = 5432;

/** `verify-full`: encrypted, and the server's certificate checked against the CA and the server's name. `none`: plain. */
export const SERVER_TLS_MODES = ['verify-full', 'none'] as const;
export type ServerTlsMode = (typeof SERVER_TLS_MODES)[number];

/** A server reached without leaving this computer: the only place a plain connection is allowed. */
export function isThisComputer(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '127.0.0.1' || h === '::1';
}

export const PLAIN_NOT_LOCAL_MESSAGE =
  'A plain (unencrypted) connection is allowed only to a server on this computer. Turn on “Secure connection” for the college’s server.';

/** The one rule for plain connections, for the form, the contract and the file read at start alike. */
export function plainConnectionProblem(config: { host: string; tls: ServerTlsMode }): string | null {
  return config.tls === 'none' && !isThisComputer(config.host) ? PLAIN_NOT_LOCAL_MESSAGE : null;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_$.-]{0,62}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

const hostSchema = z
  .string({ error: 'Please enter the server’s name or address.' })
  .trim()
  .min(1, 'Please enter the server’s name or address.')
  .max(253, 'A server name can be at most 253 characters.')
  .regex(HOST, 'Please check the server’s name: letters, digits, dots and hyphens (or an IP address), with no “postgres://” or port.');
const portSchema = z
  .number({ error: 'Please enter the port (usually 5432).' })
  .int('Please enter the port as a whole number.')
  .min(1, 'A port is between 1 and 65535.')
  .max(65535, 'A port is between 1 and 65535.');
const nameSchema = (what: string) =>
  z
    .string({ error: `Please enter the ${what}.` })
    .trim()
    .min(1, `Please enter the ${what}.`)
    .regex(NAME, `Please check the ${what}: letters, digits and _ . - $ only, at most 63.`);
const passwordSchema = z.string().max(1000, 'A password can be at most 1000 characters.');
const caFileSchema = z
  .string()
  .trim()
  .max(1000, 'A file path can be at most 1000 characters.')
  .optional();

/** The desk's database on the college's PostgreSQL server, without its password (that is kept by the OS key store). */
export const postgresServerSchema = z
  .object({
    engine: z.literal('postgres'),
    host: hostSchema,
    port: portSchema.default(DEFAULT_SERVER_PORT),
    database: nameSchema('database name'),
    user: nameSchema('desk’s database user'),
    tls: z.enum(SERVER_TLS_MODES).default('verify-full'),
    /** The CA certificate IT provides (PEM). Absent or empty: the authorities this computer trusts (a managed service's public CA). */
    caFile: caFileSchema,
  })
  .superRefine((c, ctx) => {
    const problem = plainConnectionProblem(c);
    if (problem) ctx.addIssue({ code: 'custom', path: ['tls'], message: problem });
  });

export const serverConfigSchema = z.discriminatedUnion('engine', [z.object({ engine: z.literal('sqlite') }).strict(), postgresServerSchema]);

export type PostgresServerConfig = z.output<typeof postgresServerSchema>;
/** Where a desk's records live. */
export type DeskServerConfig = z.output<typeof serverConfigSchema>;

export interface ServerStatus {
  /** What this desk is using now (since it started). */
  inUse: 'sqlite' | 'postgres';
  /** What it will use from its next start (the saved settings), password left out. */
  saved: DeskServerConfig;
  /** A password is kept for the saved server (in the OS key store). */
  passwordKept: boolean;
  /** The desktop app can keep a password here (false in a browser test harness without a key store, or without an OS key store). */
  canKeepPassword: boolean;
  /** The saved settings differ from what is in use: they take effect when the app next starts. */
  changesAtNextStart: boolean;
}

/** The server's database, as seen by a desk's connection. */
export type ServerSchemaState = 'ready' | 'needs-setup' | 'needs-update';

export interface ServerTestResult {
  ok: true;
  /** e.g. "PostgreSQL 15.8". */
  serverVersion: string;
  schema: ServerSchemaState;
}

export interface ServerMoveProgress {
  /** What is happening, in words: reading this desk's records, writing them to the server, checking them there. */
  stage: string;
  percent: number;
}

export interface ServerMoveResult {
  rows: number;
  tables: number;
  seconds: number;
  status: ServerStatus;
}

export interface ServerSetUpResult {
  /** Steps of the app's schema applied now (none when it was already up to date). */
  applied: string[];
  createdRole: boolean;
  schema: ServerSchemaState;
}

const connectionInput = postgresServerSchema.and(z.object({ password: passwordSchema.optional() }));

/** Refusals a connection attempt may give, each with its own message. */
const CONNECTION_REFUSALS = ['server.unreachable', 'server.credentials', 'server.no-database', 'server.tls', 'server.tls-missing', 'server.too-old', 'server.newer'] as const;

// `server.test` and `server.setUp` are declared `read`: they change nothing in this desk's database, and must not hold
// its write transaction for the seconds a connection to another computer can take. `server.setUp` changes the server's
// own database with the owner credential, in the server's own transactions (its migration table records each step).
// `server.save` is a write (its audit row), whose connection test runs before the transaction opens (a preparer).
export const serverMethods = {
  'server.status': method<ServerStatus>()({ kind: 'read', input: none, access: 'settings.manage', summary: 'Which database this desk uses now and what is saved for its next start (never the password).', refuses: ['server.live-only'] }),
  'server.test': method<ServerTestResult>()({ kind: 'read',
    input: connectionInput,
    access: 'settings.manage',
    summary: 'Try connecting to the college’s server with these settings (the kept password when none is given) and say whether its database is ready; nothing is saved.',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.password-needed', 'server.ca-file'],
  }),
  'server.save': method<ServerStatus>()({ kind: 'write',
    input: z.union([z.object({ engine: z.literal('sqlite') }).strict(), connectionInput]),
    access: 'settings.manage',
    summary: 'Save where this desk’s records live from its next start: this computer, or the college’s server (tested first; the password kept by the OS key store).',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.password-needed', 'server.ca-file', 'server.no-key-store'],
  }),
  // A new desk joining a college that already works on its server: before anybody is set up on this desk (its own
  // database has no staff yet), the first-run screen may test and save the server, exactly as a manager would in
  // Settings. Public, like the first manager's own set-up, and closed for good once this desk has any account.
  'server.firstRunTest': method<ServerTestResult>()({ kind: 'read',
    input: connectionInput,
    access: 'public',
    summary: 'First run only (nobody set up on this desk yet): try connecting to the college’s server with these settings; nothing is saved.',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.password-needed', 'server.ca-file', 'setup.already-done'],
  }),
  'server.firstRunSave': method<ServerStatus>()({ kind: 'write',
    input: connectionInput,
    access: 'public',
    summary: 'First run only (nobody set up on this desk yet): use the college’s server from the next start (tested first; the password kept by the OS key store).',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.password-needed', 'server.ca-file', 'server.no-key-store', 'setup.already-done'],
  }),
  // Moving this desk's records to the server: a long read of this desk (one consistent snapshot, exported), the server
  // filled in its own transaction with the owner's credential (given once, never kept), every table checked there;
  // from then on nothing more is written to this desk's file (`desk.moved`), and the next start opens the server.
  'server.moveHere': method<ServerMoveResult>()({ kind: 'read',
    input: postgresServerSchema.and(z.object({ password: passwordSchema.optional(), ownerUser: nameSchema('owner’s user name'), ownerPassword: passwordSchema })),
    access: 'settings.manage',
    summary: 'Copy every record of this desk into the college’s server (set up and empty), check every table there, keep this file as a read-only archive, and use the server from the next start.',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.password-needed', 'server.ca-file', 'server.no-key-store', 'server.move-failed'],
  }),
  // The first desk started with a newer version of the app, on a server set up by an older one: before anybody can sign
  // in, the window asks for the owner's credential (used once, never kept) and brings the server up to date. Public,
  // like the first manager's set-up, and only while the server is behind.
  'server.updateSchema': method<ServerSetUpResult>()({ kind: 'read',
    input: z.object({ ownerUser: nameSchema('owner’s user name'), ownerPassword: passwordSchema }),
    access: 'public',
    summary: 'Bring the college’s server up to date for this version of the app with the owner’s credential (given once, never kept), when it was set up by an older version.',
    refuses: [...CONNECTION_REFUSALS, 'server.setup-failed', 'setup.already-done'],
  }),
  'server.moveProgress': method<ServerMoveProgress | null>()({ kind: 'read', input: none, access: 'settings.manage', summary: 'How far a move of this desk’s records to the server has got (null when none is under way).' }),
  'server.setUp': method<ServerSetUpResult>()({ kind: 'read',
    input: postgresServerSchema.and(
      z.object({
        ownerUser: nameSchema('owner’s user name'),
        ownerPassword: passwordSchema,
        /** The desks' password, set on their role; absent keeps the role's password as it is. */
        password: passwordSchema.optional(),
      }),
    ),
    access: 'settings.manage',
    summary: 'Set up (or bring up to date) the app’s database on the college’s server with the owner’s credential, given once and never kept, and grant the desks’ user what it needs.',
    refuses: [...CONNECTION_REFUSALS, 'server.live-only', 'server.ca-file', 'server.setup-failed'],
  }),
} satisfies Record<string, MethodSpec>;
